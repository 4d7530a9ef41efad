using Hotline.Server.Calls;
using Hotline.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Twilio.TwiML;
using Twilio.TwiML.Voice;

namespace Hotline.Server.Telephony;

/// <summary>
/// The caller waiting in Twilio's queue: the wait URL (position, estimate, the offer to leave a message
/// after a long wait), the key that leaves, and the Enqueue action telling how the wait ended.
/// </summary>
public sealed class QueueWait(
    HotlineDbContext db,
    TimeProvider time,
    IOptions<TelephonyOptions> telephony,
    Prompts prompts,
    CallRecords records,
    JournalReplay replay,
    IvrTwiml twiml,
    ILogger<QueueWait> logger)
{
    private TelephonyOptions Settings => telephony.Value;

    public async Task<VoiceResponse> WaitAsync(TwilioRequest request)
    {
        var now = time.GetUtcNow();
        var response = new VoiceResponse();
        try
        {
            using var budget = records.Budget();
            if (request.QueueSid is not null)
            {
                // Needed to dequeue this caller later: recorded on its own so no concurrent change can lose it.
                await db.Calls.Where(c => c.CallSid == request.CallSid && c.QueueSid == null)
                    .ExecuteUpdateAsync(set => set.SetProperty(c => c.QueueSid, request.QueueSid), budget.Token);
            }

            var call = await records.FindAsync(request.CallSid!, budget.Token);
            if (call is not null && CallStateMachine.IsInQueue(call.Status))
            {
                if (call.LastAnnouncedAt is null || now - call.LastAnnouncedAt >= Settings.AnnouncementInterval)
                {
                    var position = await PositionAsync(call, budget.Token);
                    twiml.Say(response, prompts.QueuePosition(position));
                    var estimate = await EstimatedWaitMinutesAsync(call, now, budget.Token);
                    if (estimate is not null)
                    {
                        twiml.Say(response, prompts.EstimatedWait(estimate.Value));
                    }

                    call.LastAnnouncedAt = now;
                    call.Record(CallEventKind.Announced, now, $"position={position}");
                }

                var waited = now - (call.QueuedAt ?? call.ReceivedAt);
                var lastOffer = call.OverflowOfferedAt ?? call.QueuedAt ?? call.ReceivedAt;
                if (waited >= Settings.MaxWait && (call.OverflowOfferedAt is null || now - lastOffer >= Settings.MaxWait))
                {
                    var gather = new Gather(
                        input: [Gather.InputEnum.Dtmf], numDigits: 1, timeout: 6,
                        action: twiml.Url("/wait-choice"), method: Twilio.Http.HttpMethod.Post);
                    twiml.SayIn(gather, prompts.OverflowOffer);
                    response.Append(gather);
                    call.OverflowOfferedAt = now;
                    call.Record(CallEventKind.OverflowOffered, now, $"wait={(int)waited.TotalSeconds}s");
                }

                await db.SaveChangesAsync(budget.Token);
            }
        }
        catch (Exception exception) when (OutageJournal.IsDatabaseOutage(exception) || exception is DbUpdateConcurrencyException)
        {
            // Without the database the caller simply keeps waiting with music.
            logger.LogWarning("Wait announcement skipped: {Reason}", exception.GetType().Name);
        }

        return twiml.Hold(response);
    }

    public async Task<VoiceResponse> WaitChoiceAsync(TwilioRequest request)
    {
        var response = new VoiceResponse();
        if (request.Digits?.Trim() != "1")
        {
            return response; // back to the hold music
        }

        var now = time.GetUtcNow();
        var stored = await records.UpdateAsync(request, now, call =>
        {
            if (CallStateMachine.IsInQueue(call.Status))
            {
                call.LeavingQueue = true;
            }
        });
        if (stored)
        {
            response.Leave();
        }

        return response;
    }

    /// <summary>The Enqueue action: the caller left the queue (hung up, chose a message, was bridged…).</summary>
    public async Task<VoiceResponse> QueueResultAsync(TwilioRequest request)
    {
        var now = time.GetUtcNow();
        var result = request.QueueResult ?? "";
        var response = new VoiceResponse();
        switch (result)
        {
            case "hangup":
                await replay.ApplyOnceAsync(new JournalEntry(JournalEntryKind.QueueResult, request.CallSid!, now, Status: result, QueueSeconds: request.QueueTime, IdempotencyToken: request.IdempotencyToken));
                return response;
            case "leave":
                var leaving = false;
                await records.UpdateAsync(request, now, call =>
                {
                    if (call.LeavingQueue && CallStateMachine.CanMove(call.Status, CallStatus.MessageMenu))
                    {
                        call.WaitSeconds = request.QueueTime ?? (int)(now - (call.QueuedAt ?? now)).TotalSeconds;
                        leaving = call.MoveTo(CallStatus.MessageMenu, now);
                    }
                });
                return leaving ? twiml.MessageMenu(response, attempt: 1, now) : twiml.Enqueue(response);
            case "bridged" or "bridging-in-process" or "redirected":
                return response;
            default:
                // queue-full, error, system-error, system-shutdown: never drop the caller.
                logger.LogWarning("Queue result {QueueResult}: re-enqueuing the caller", result);
                twiml.Say(response, prompts.TechnicalProblem);
                return twiml.Enqueue(response);
        }
    }

    /// <summary>Our queue order: priority, then arrival. Twilio's own queue is FIFO; we dequeue by CallSid.</summary>
    private async Task<int> PositionAsync(Call call, CancellationToken cancellationToken)
    {
        var queuedAt = call.QueuedAt ?? call.ReceivedAt;
        var ahead = await db.Calls.CountAsync(other =>
            (other.Status == CallStatus.Queued || other.Status == CallStatus.Offered)
            && other.Id != call.Id
            && (other.Priority > call.Priority || (other.Priority == call.Priority && other.QueuedAt < queuedAt)),
            cancellationToken);
        return ahead + 1;
    }

    /// <summary>
    /// The mean wait of calls answered in the last two hours, less what this caller already waited.
    /// Null (nothing announced) when too few calls were answered to say anything honest.
    /// </summary>
    private async Task<int?> EstimatedWaitMinutesAsync(Call call, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var since = now.AddHours(-2);
        var waits = await db.Calls
            .Where(other => other.AnsweredAt != null && other.AnsweredAt >= since && other.WaitSeconds != null)
            .Select(other => other.WaitSeconds!.Value)
            .ToListAsync(cancellationToken);
        if (waits.Count < 3)
        {
            return null;
        }

        var waited = (now - (call.QueuedAt ?? call.ReceivedAt)).TotalSeconds;
        return (int)Math.Max(1, Math.Ceiling((waits.Average() - waited) / 60));
    }
}
