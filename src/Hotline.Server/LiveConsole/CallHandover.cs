using Hotline.Server.Calls;
using Hotline.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Server.LiveConsole;

/// <summary>
/// A counsellor won a call (an accepted offer, or a call taken from the queue): Twilio puts the caller through,
/// or the voicemail / callback item opens. Also the "Prendre" race itself, settled in PostgreSQL like an offer.
/// </summary>
public sealed class CallHandover(
    HotlineDbContext db,
    TimeProvider time,
    CallCards cards,
    ConsolePublisher publisher,
    CallConnector connector,
    CallTransitions transitions,
    CounsellorStates counsellors,
    WorkItemService workItems,
    QueueSignals signals,
    ILogger<CallHandover> logger)
{
    private static readonly Presence[] Free = [Presence.Available, Presence.Break, Presence.Offered];

    /// <summary>
    /// The counsellor takes a waiting call or item from the board. Whoever had it on offer loses it (as with a
    /// supervisor's assignment), the counsellor's own pending offer of another call goes back to the queue. One
    /// transaction and conditional UPDATEs: of two people taking the same call, one gets it, the other "call-taken".
    /// </summary>
    public async Task<AcceptResult> TakeAsync(Guid userId, Guid callId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var workItem = false;
        Offer taken;
        List<Offer> withdrawn;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var counsellor = (await db.Counsellors.FromSql($"SELECT * FROM counsellors WHERE user_id = {userId} FOR UPDATE")
                .ToListAsync(cancellationToken)).FirstOrDefault();
            if (counsellor is null || !Free.Contains(counsellor.Presence))
            {
                return new AcceptResult(false, "not-free", null);
            }

            withdrawn = await db.Offers.AsNoTracking()
                .Where(o => o.Outcome == OfferOutcome.Pending && (o.CallId == callId || o.CounsellorId == userId))
                .ToListAsync(cancellationToken);
            var closed = new List<Offer>();
            foreach (var offer in withdrawn)
            {
                var previous = await db.Offers.Where(o => o.Id == offer.Id && o.Outcome == OfferOutcome.Pending)
                    .ExecuteUpdateAsync(set => set.SetProperty(o => o.Outcome, OfferOutcome.Withdrawn).SetProperty(o => o.DecidedAt, now), cancellationToken);
                if (previous == 1)
                {
                    closed.Add(offer);
                    if (offer.CallId != callId)
                    {
                        await transitions.RequeueOfferedAsync(offer.CallId, cancellationToken);
                    }
                }
            }

            withdrawn = closed;
            if (!await transitions.TakeWaitingAsync(callId, userId, now, cancellationToken))
            {
                workItem = await transitions.ClaimWorkItemAsync(callId, userId, cancellationToken);
                if (!workItem)
                {
                    await transaction.RollbackAsync(cancellationToken);
                    return new AcceptResult(false, "call-taken", null);
                }
            }

            // Kept as an accepted offer, so a failed connection counts as one (and statistics see who answered).
            taken = new Offer { CallId = callId, CounsellorId = userId, OfferedAt = now, ExpiresAt = now, Outcome = OfferOutcome.Accepted, DecidedAt = now };
            db.Offers.Add(taken);
            CounsellorStates.Set(counsellor, Presence.OnCall, now);
            counsellor.MissedOffers = 0;
            counsellor.CurrentCallId = callId;
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        foreach (var offer in withdrawn.Where(o => o.CounsellorId != userId))
        {
            await publisher.OfferWithdrawnAsync(offer.CounsellorId, offer.Id, "taken", cancellationToken);
            await counsellors.FreeAsync(offer.CounsellorId, now, cancellationToken);
        }

        foreach (var offer in withdrawn.Where(o => o.CounsellorId == userId))
        {
            await publisher.OfferWithdrawnAsync(userId, offer.Id, "withdrawn", cancellationToken);
            await publisher.CallChangedAsync(offer.CallId, cancellationToken);
        }

        await publisher.CallChangedAsync(callId, cancellationToken);
        await publisher.PresenceChangedAsync(userId, cancellationToken);
        signals.Wake();
        return await HandOverAsync(callId, userId, taken.Id, workItem, cancellationToken);
    }

    /// <summary>The call is the counsellor's (status Connecting, or a claimed item): connect them, or put it back.</summary>
    public async Task<AcceptResult> HandOverAsync(Guid callId, Guid userId, Guid offerId, bool workItem, CancellationToken cancellationToken)
    {
        if (workItem)
        {
            return await workItems.StartAsync(callId, userId, cancellationToken);
        }

        var connection = await connector.ConnectAsync(callId, userId, cancellationToken);
        var now = time.GetUtcNow();
        if (!connection.Connected)
        {
            // The caller stays in Twilio's queue: put them back at their place in ours and say so.
            logger.LogWarning("Connecting call {CallId} failed: {Reason}; back in the queue", callId, connection.Reason);
            await db.Offers.Where(o => o.Id == offerId).ExecuteUpdateAsync(set => set.SetProperty(o => o.Outcome, OfferOutcome.ConnectionFailed), cancellationToken);
            await transitions.ConnectionFailedAsync(callId, now, cancellationToken);
            await counsellors.FreeAsync(userId, now, cancellationToken);
            await publisher.NoticeAsync(userId, new ConsoleNotice("connection-failed", callId));
            await publisher.CallChangedAsync(callId, cancellationToken);
            signals.Wake();
            return new AcceptResult(false, "connection-failed", null);
        }

        var call = await db.Calls.FirstAsync(c => c.Id == callId, cancellationToken);
        // Twilio's connect webhook may have confirmed it first: then the move is already made.
        call.MoveTo(CallStatus.Connected, now, $"wait={call.WaitedSeconds(now)}s");
        await db.SaveChangesAsync(cancellationToken);

        var current = new CurrentCall(callId, (await cards.CardAsync(callId, cancellationToken))!, now, connection.Mode, null);
        await publisher.ConnectedAsync(userId, current, cancellationToken);
        return new AcceptResult(true, null, current);
    }
}
