using Hotline.Server.Calls;
using Hotline.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Server.Telephony;

/// <summary>
/// The webhooks that must count exactly once (hang-ups, recordings, status callbacks): applied now, keyed
/// on Twilio's idempotency token or CallSid + event, or journaled while the database is unreachable and
/// replayed from the <see cref="OutageJournal"/> once it answers again.
/// </summary>
public sealed class JournalReplay(
    HotlineDbContext db,
    TimeProvider time,
    OutageJournal journal,
    CallRecords records,
    QueueSignals signals,
    ILogger<JournalReplay> logger)
{
    /// <summary>Applies an event exactly once now; journals it if the database is down.</summary>
    public async Task ApplyOnceAsync(JournalEntry entry, string? idempotencyKey = null)
    {
        try
        {
            using var budget = records.Budget();
            await ApplyAsync(entry, idempotencyKey, fromJournal: false, budget.Token);
        }
        catch (Exception exception) when (OutageJournal.IsDatabaseOutage(exception))
        {
            logger.LogWarning("Database unreachable: {Kind} for call {CallSid} journaled", entry.Kind, entry.CallSid);
            journal.Append(entry);
        }
    }

    /// <summary>Replays one journaled entry (the reconciler); throws while the database is still unreachable.</summary>
    public Task ApplyJournalEntryAsync(JournalEntry entry, CancellationToken cancellationToken) =>
        ApplyAsync(entry, entry.Kind == JournalEntryKind.Recording ? RecordingKey(entry.RecordingSid) : null, fromJournal: true, cancellationToken);

    /// <summary>A recording counts once whichever of its two webhooks (Record action, recording callback) comes first.</summary>
    public static string RecordingKey(string? recordingSid) => $"recording:{recordingSid}";

    private async Task ApplyAsync(JournalEntry entry, string? idempotencyKey, bool fromJournal, CancellationToken cancellationToken)
    {
        var key = idempotencyKey ?? entry.Kind switch
        {
            JournalEntryKind.Arrived => null, // the unique CallSid makes arrivals idempotent
            _ when entry.IdempotencyToken is not null => $"token:{entry.IdempotencyToken}",
            _ => $"{entry.Kind}:{entry.CallSid}:{entry.Status}".ToLowerInvariant(),
        };

        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            if (key is not null && await db.ProcessedWebhooks.AnyAsync(w => w.Key == key, cancellationToken))
            {
                return;
            }

            var call = await records.FindAsync(entry.CallSid, cancellationToken);
            if (call is null)
            {
                if (entry.Kind != JournalEntryKind.Arrived && entry.Kind != JournalEntryKind.Status)
                {
                    return; // nothing to attach it to; the arrival of an unknown call is reconciled separately
                }

                call = Call.Enter(entry.CallSid, entry.CallerHash, entry.At, fromJournal ? null : "first seen in a status callback");
                if (fromJournal)
                {
                    call.Record(CallEventKind.Reconciled, time.GetUtcNow(), "recorded after a database outage");
                }

                if (entry.Kind == JournalEntryKind.Arrived)
                {
                    call.MoveTo(CallStatus.Queued, entry.At);
                }

                db.Calls.Add(call);
            }

            var before = db.Entry(call).State == EntityState.Added ? (CallStatus?)null : call.Status;
            Apply(call, entry);
            if (key is not null)
            {
                db.ProcessedWebhooks.Add(new ProcessedWebhook { Key = key, ProcessedAt = time.GetUtcNow() });
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                signals.CallMoved(call.Id, before, call.Status);

                return;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                // Another webhook for the same call won the race: reload and apply again.
            }
            catch (DbUpdateException exception) when (CallRecords.IsUniqueViolation(exception))
            {
                return; // the same webhook, delivered twice at once, was applied by the other copy
            }
        }
    }

    private static void Apply(Call call, JournalEntry entry)
    {
        switch (entry.Kind)
        {
            case JournalEntryKind.Status:
                End(call, entry.At, entry.QueueSeconds);
                break;
            case JournalEntryKind.QueueResult when entry.Status == "hangup":
                End(call, entry.At, entry.QueueSeconds);
                break;
            case JournalEntryKind.Recording:
                call.RecordingSid = entry.RecordingSid;
                call.RecordingUrl = entry.RecordingUrl;
                call.RecordingSeconds = entry.RecordingSeconds;
                call.MoveTo(CallStatus.Voicemail, entry.At);
                break;
        }
    }

    /// <summary>The caller hung up or the call finished: Abandoned while waiting, Completed once connected.</summary>
    private static void End(Call call, DateTimeOffset at, int? queueSeconds)
    {
        if (CallStateMachine.IsWaiting(call.Status))
        {
            if (call.QueuedAt is not null)
            {
                call.WaitSeconds = queueSeconds ?? Math.Max(0, (int)(at - call.QueuedAt.Value).TotalSeconds);
            }

            call.EndedAt = at;
            call.MoveTo(CallStatus.Abandoned, at, call.WaitSeconds is null ? null : $"wait={call.WaitSeconds}s");
        }
        else if (call.Status == CallStatus.Connected)
        {
            call.EndedAt = at;
            call.MoveTo(CallStatus.Completed, at);
        }
        else
        {
            call.EndedAt ??= at;
        }
    }
}
