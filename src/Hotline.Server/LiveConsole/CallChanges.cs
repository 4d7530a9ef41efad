using Hotline.Server.Calls;
using Hotline.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Server.LiveConsole;

internal sealed record WithdrawnOffer(Guid OfferId, Guid CounsellorId);

/// <summary>
/// Brings offers and counsellors in line with a call that changed elsewhere (the caller hung up while
/// offered, the call ended, the counsellor's leg failed) and publishes its card. Driven by <see cref="QueueSignals"/>.
/// </summary>
public sealed class CallChanges(HotlineDbContext db, TimeProvider time, CallCards cards, ConsolePublisher publisher, CounsellorStates counsellors)
{
    /// <summary>The statuses in which a pending offer still makes sense.</summary>
    private static readonly string[] OfferableStatuses =
        [nameof(CallStatus.Offered), nameof(CallStatus.Voicemail), nameof(CallStatus.CallbackRequested), nameof(CallStatus.WebMessage)];

    /// <summary>
    /// Settles and publishes changed calls taken together: their cards are read in one query and numbered in one more,
    /// whatever their count (under a burst of calls the publisher keeps up instead of paying two round trips per card).
    /// </summary>
    public async Task SettleAsync(IReadOnlyCollection<Guid> callIds, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // One query tells whether anything needs settling; usually nothing does, and the cards it loaded are published.
        var changed = new List<(Guid CallId, CallCard? Card)>();
        foreach (var loaded in await cards.LoadAsync(callIds, cancellationToken))
        {
            var settled = await SettleAsync(loaded, now, cancellationToken);
            // What was settled may show on the card (who has it on offer): then it is read again.
            changed.Add((loaded.Card.CallId, settled ? null : loaded.Card));
        }

        await publisher.CallsChangedAsync(changed, cancellationToken);
    }

    /// <summary>Brings offers and counsellors in line with one changed call; true when anything was settled.</summary>
    private async Task<bool> SettleAsync(LoadedCard loaded, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var callId = loaded.Card.CallId;
        var settled = false;
        if (loaded.PendingOffer && !OfferableStatuses.Contains(loaded.Status.ToString()))
        {
            // Withdraw an offer whose call is no longer waiting for it (the caller hung up while it was on screen).
            // One statement: the call's status is read as of the update, never from an older read.
            var withdrawn = await db.Database.SqlQuery<WithdrawnOffer>($"""
                UPDATE offers SET outcome = {nameof(OfferOutcome.Withdrawn)}, decided_at = {now}
                WHERE call_id = {callId} AND outcome = {nameof(OfferOutcome.Pending)}
                  AND NOT EXISTS (SELECT 1 FROM calls c WHERE c.id = {callId} AND c.status = ANY({OfferableStatuses}))
                RETURNING id AS offer_id, counsellor_id
                """).ToListAsync(cancellationToken);
            foreach (var stale in withdrawn)
            {
                await counsellors.FreeAsync(stale.CounsellorId, now, cancellationToken);
                await publisher.OfferWithdrawnAsync(stale.CounsellorId, stale.OfferId, "caller-gone", cancellationToken);
                settled = true;
            }
        }

        if (loaded.Held && loaded.Status == CallStatus.Queued)
        {
            // Back in the queue from a call: whoever held it is free again and told why.
            var holders = await db.Counsellors.Where(c => c.CurrentCallId == callId).Select(c => c.UserId).ToListAsync(cancellationToken);
            foreach (var holder in holders)
            {
                await counsellors.FreeAsync(holder, now, cancellationToken);
                await publisher.NoticeAsync(holder, new ConsoleNotice("connection-lost", callId));
                settled = true;
            }
        }

        if (loaded.Held && loaded.Status is CallStatus.Completed or CallStatus.Abandoned)
        {
            var holders = await db.Counsellors.Where(c => c.CurrentCallId == callId && c.Presence != Presence.WrapUp).Select(c => c.UserId).ToListAsync(cancellationToken);
            foreach (var holder in holders)
            {
                await counsellors.StartWrapUpAsync(holder, callId, now, cancellationToken);
                settled = true;
            }
        }

        return settled;
    }
}
