using Hotline.Server.Identity;
using Hotline.Server.Calls;
using Hotline.Server.Data;
using Hotline.Server.Telephony;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hotline.Server.LiveConsole;

public sealed record AcceptResult(bool Accepted, string? Reason, CurrentCall? Call);

/// <summary>
/// Offers and assignment. Every decision that two people or two instances could race for is a
/// conditional UPDATE or a row lock in PostgreSQL (FOR UPDATE SKIP LOCKED), never a lock in memory.
/// </summary>
public sealed class OfferService(
    HotlineDbContext db,
    TimeProvider time,
    IOptions<ConsoleOptions> options,
    CallCards cards,
    ConsolePublisher publisher,
    CallHandover handover,
    CallTransitions transitions,
    CounsellorStates counsellors,
    QueueSignals signals,
    OpeningHours hours,
    Backplane backplane,
    ServerInstance instance,
    ConsoleMetrics metrics)
{
    private static readonly string[] WorkItemStatuses = [nameof(CallStatus.Voicemail), nameof(CallStatus.CallbackRequested), nameof(CallStatus.WebMessage)];
    private static readonly string[] Refusals = [nameof(OfferOutcome.Declined), nameof(OfferOutcome.Expired)];

    private ConsoleOptions Settings => options.Value;

    /// <summary>Offers waiting calls to idle counsellors until one of the two runs out. Returns the offers made.</summary>
    public async Task<int> OfferWaitingCallsAsync(CancellationToken cancellationToken)
    {
        // Nobody to offer to (the usual case while the queue grows): one cheap read instead of locking up to
        // twenty waiting calls and looking for a counsellor for each. A counsellor becoming available wakes the
        // dispatcher again.
        if (!await AnyoneAvailableAsync(cancellationToken))
        {
            return 0;
        }

        var made = 0;
        while (await OfferHeadOfQueueAsync(cancellationToken))
        {
            made++;
        }

        return made;
    }

    /// <summary>
    /// Whether any counsellor is Available, with a console open that this instance can reach (any instance's through the
    /// backplane, only its own while the backplane is down), and still the role.
    /// </summary>
    public Task<bool> AnyoneAvailableAsync(CancellationToken cancellationToken)
    {
        var anywhere = backplane.Reachable;
        return db.Counsellors.AnyAsync(c => c.Presence == Presence.Available && db.ConsoleConnections.Any(k => k.UserId == c.UserId && (anywhere || k.Instance == instance.Id))
            && db.UserRoles.Any(ur => ur.UserId == c.UserId && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.Counsellor)), cancellationToken);
    }

    private async Task<bool> OfferHeadOfQueueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var passedSince = now - TimeSpan.FromMinutes(2);
        var reofferSince = now - Settings.ReofferDelay;
        var graceSince = now - Settings.DeclineGrace;
        // A callback is offered only when the family said calling is safe (local line time).
        string[] safeWindows = hours.ToLocal(now).Hour < 12
            ? [nameof(CallbackWindow.AnyTime), nameof(CallbackWindow.Morning)]
            : [nameof(CallbackWindow.AnyTime), nameof(CallbackWindow.Afternoon)];
        // While the backplane is down an offer reaches only consoles connected to this instance.
        var anywhere = backplane.Reachable;
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Callers on the line first (priority, then longest wait), then voicemail and callback items.
        // SKIP LOCKED lets other instances work on other calls at the same time.
        var waiting = await db.Calls
            .FromSql($"""
                SELECT *, xmin FROM calls c
                WHERE c.status = {nameof(CallStatus.Queued)}
                   OR (c.status = ANY({WorkItemStatuses}) AND c.handled_at IS NULL AND c.counsellor_id IS NULL AND NOT c.held_for_review
                       AND (c.callback_window IS NULL OR c.callback_window = ANY({safeWindows}))
                       AND NOT EXISTS (SELECT 1 FROM offers o WHERE o.call_id = c.id AND o.outcome = {nameof(OfferOutcome.Pending)}))
                ORDER BY (c.status = {nameof(CallStatus.Queued)}) DESC, c.priority DESC, COALESCE(c.queued_at, c.received_at)
                LIMIT 20 FOR UPDATE SKIP LOCKED
                """)
            .ToListAsync(cancellationToken);
        Call? call = null;
        Counsellor? counsellor = null;
        // Two passes: first only counsellors who have not passed on the candidate lately, then anyone. Otherwise a
        // lone counsellor would be handed back, after the delay, the call they just passed on, ahead of a call
        // behind it that nobody has been offered yet (a call starved for as long as they keep passing).
        foreach (var (candidate, freshOnly) in waiting.Select(c => (c, true)).Concat(waiting.Select(c => (c, false))))
        {
            // Longest-idle available counsellor with a console open who still has the role (the row outlives a role
            // change; another instance may not have closed the console yet), not in the breath after a decline, and
            // not one this call failed to reach twice. Whoever passed on this call in the last two minutes comes
            // after everyone else, and gets it again after Console:ReofferDelay when nobody else can: a waiting
            // caller is never left unoffered while a counsellor is Available. The counsellor's row is waited for, not
            // skipped: it is locked only for an instant (a sequence number, a presence), and skipping it would leave the
            // call unoffered until the next pass. The row is re-checked once free (another instance may have offered).
            counsellor = (await db.Counsellors
                .FromSql($"""
                    SELECT c.* FROM counsellors c
                    WHERE c.presence = {nameof(Presence.Available)}
                      AND EXISTS (SELECT 1 FROM console_connections k WHERE k.user_id = c.user_id AND ({anywhere} OR k.instance = {instance.Id}))
                      AND EXISTS (SELECT 1 FROM user_roles ur JOIN roles r ON r.id = ur.role_id
                                  WHERE ur.user_id = c.user_id AND r.name = {Roles.Counsellor})
                      AND NOT EXISTS (SELECT 1 FROM offers o WHERE o.counsellor_id = c.user_id
                                      AND o.outcome = {nameof(OfferOutcome.Declined)} AND o.decided_at > {graceSince})
                      AND NOT EXISTS (SELECT 1 FROM offers o WHERE o.call_id = {candidate.Id} AND o.counsellor_id = c.user_id
                                      AND o.outcome = ANY({Refusals}) AND o.decided_at > {reofferSince})
                      AND (SELECT count(*) FROM offers o WHERE o.call_id = {candidate.Id} AND o.counsellor_id = c.user_id
                           AND o.outcome = {nameof(OfferOutcome.ConnectionFailed)}) < 2
                      AND NOT ({freshOnly} AND EXISTS (SELECT 1 FROM offers o WHERE o.call_id = {candidate.Id} AND o.counsellor_id = c.user_id
                                                       AND o.outcome = ANY({Refusals}) AND o.decided_at > {passedSince}))
                    ORDER BY EXISTS (SELECT 1 FROM offers o WHERE o.call_id = {candidate.Id} AND o.counsellor_id = c.user_id
                                     AND o.outcome = ANY({Refusals}) AND o.decided_at > {passedSince}),
                             c.idle_since
                    LIMIT 1 FOR UPDATE OF c
                    """)
                .ToListAsync(cancellationToken)).FirstOrDefault();
            if (counsellor is not null)
            {
                call = candidate;
                break;
            }
        }

        if (call is null || counsellor is null)
        {
            return false;
        }

        var offer = new Offer { CallId = call.Id, CounsellorId = counsellor.UserId, OfferedAt = now, ExpiresAt = now + Settings.OfferTimeout };
        db.Offers.Add(offer);
        call.Offer(counsellor.UserId, now, bySupervisor: false);
        CounsellorStates.Set(counsellor, Presence.Offered, now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        await PublishOfferAsync(offer, cancellationToken);
        return true;
    }

    /// <summary>
    /// Callers waiting past Console:WaitAlert while no counsellor is Available: supervisors are told, once per call
    /// (the WaitAlerted event, in the database, so several instances agree). Returns the calls alerted about.
    /// </summary>
    public async Task<int> AlertLongWaitsAsync(CancellationToken cancellationToken)
    {
        if (await AnyoneAvailableAsync(cancellationToken))
        {
            return 0;
        }

        var now = time.GetUtcNow();
        var alerted = await transitions.MarkLongWaitsAsync(now - Settings.WaitAlert, now, cancellationToken);
        foreach (var callId in alerted)
        {
            if (await cards.CardAsync(callId, cancellationToken) is { } card)
            {
                await publisher.WaitAlertAsync(new WaitAlert(callId, card.Motive, card.QueuedAt ?? card.ReceivedAt, now), cancellationToken);
            }
        }

        return alerted.Count;
    }

    /// <summary>A supervisor gives a waiting call to a chosen available counsellor (any pending offer of that call is withdrawn).</summary>
    public async Task<bool> AssignAsync(Guid callId, Guid counsellorId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        string[] assignable = [nameof(CallStatus.Queued), nameof(CallStatus.Offered)];
        var call = (await db.Calls.FromSql($"SELECT *, xmin FROM calls WHERE id = {callId} AND status = ANY({assignable}) FOR UPDATE")
            .ToListAsync(cancellationToken)).FirstOrDefault();
        var counsellor = (await db.Counsellors.FromSql($"SELECT * FROM counsellors WHERE user_id = {counsellorId} AND presence = {nameof(Presence.Available)} FOR UPDATE")
            .ToListAsync(cancellationToken)).FirstOrDefault();
        if (call is null || counsellor is null)
        {
            return false;
        }

        var previous = await db.Offers.FirstOrDefaultAsync(o => o.CallId == callId && o.Outcome == OfferOutcome.Pending, cancellationToken);
        if (previous is not null)
        {
            previous.Outcome = OfferOutcome.Withdrawn;
            previous.DecidedAt = now;
            var previousCounsellor = await db.Counsellors.FirstAsync(c => c.UserId == previous.CounsellorId, cancellationToken);
            CounsellorStates.Set(previousCounsellor, Presence.Available, now);
            await db.SaveChangesAsync(cancellationToken); // frees the unique "one pending offer per call" slot
        }

        var offer = new Offer { CallId = callId, CounsellorId = counsellorId, OfferedAt = now, ExpiresAt = now + Settings.OfferTimeout, BySupervisor = true };
        db.Offers.Add(offer);
        call.Offer(counsellorId, now, bySupervisor: true);
        CounsellorStates.Set(counsellor, Presence.Offered, now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        if (previous is not null)
        {
            await publisher.OfferWithdrawnAsync(previous.CounsellorId, previous.Id, "reassigned", cancellationToken);
            await publisher.PresenceChangedAsync(previous.CounsellorId, cancellationToken);
        }

        await PublishOfferAsync(offer, cancellationToken);
        return true;
    }

    public async Task<bool> DeclineAsync(Guid userId, Guid offerId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var offer = await db.Offers.AsNoTracking().FirstOrDefaultAsync(o => o.Id == offerId && o.CounsellorId == userId, cancellationToken);
        if (offer is null || !await CloseOfferAsync(offer, OfferOutcome.Declined, now, cancellationToken))
        {
            return false;
        }

        await db.Counsellors.Where(c => c.UserId == userId && c.Presence == Presence.Offered)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.Presence, Presence.Available).SetProperty(c => c.Since, now).SetProperty(c => c.IdleSince, now), cancellationToken);
        await publisher.PresenceChangedAsync(userId, cancellationToken);
        await publisher.CallChangedAsync(offer.CallId, cancellationToken);
        signals.Wake();
        return true;
    }

    /// <summary>
    /// Accepting is a race the database settles: only a pending, unexpired offer of this counsellor for a
    /// call still offered can be accepted, in one transaction. Then Twilio takes that caller out of the queue.
    /// </summary>
    public async Task<AcceptResult> AcceptAsync(Guid userId, Guid offerId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        Guid callId;
        var workItem = false;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var won = await db.Offers
                .Where(o => o.Id == offerId && o.CounsellorId == userId && o.Outcome == OfferOutcome.Pending && o.ExpiresAt > now)
                .ExecuteUpdateAsync(set => set.SetProperty(o => o.Outcome, OfferOutcome.Accepted).SetProperty(o => o.DecidedAt, now), cancellationToken);
            if (won == 0)
            {
                return new AcceptResult(false, "offer-gone", null);
            }

            callId = await db.Offers.Where(o => o.Id == offerId).Select(o => o.CallId).SingleAsync(cancellationToken);
            var taken = await transitions.TakeOfferedAsync(callId, userId, cancellationToken);
            if (!taken)
            {
                workItem = await transitions.ClaimWorkItemAsync(callId, userId, cancellationToken);
                taken = workItem;
            }

            if (!taken)
            {
                await transaction.RollbackAsync(cancellationToken);
                await CloseOfferAsync(new Offer { Id = offerId, CallId = callId, CounsellorId = userId }, OfferOutcome.Withdrawn, now, cancellationToken);
                await counsellors.FreeAsync(userId, now, cancellationToken);
                return new AcceptResult(false, "caller-gone", null);
            }

            await db.Counsellors.Where(c => c.UserId == userId).ExecuteUpdateAsync(set => set
                .SetProperty(c => c.Presence, Presence.OnCall).SetProperty(c => c.Since, now)
                .SetProperty(c => c.MissedOffers, 0).SetProperty(c => c.CurrentCallId, callId), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await publisher.CallChangedAsync(callId, cancellationToken);
        await publisher.PresenceChangedAsync(userId, cancellationToken);
        return await handover.HandOverAsync(callId, userId, offerId, workItem, cancellationToken);
    }

    /// <summary>Expired offers go back to the queue; two misses in a row put the counsellor on Break.</summary>
    public async Task<int> ExpireOffersAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var expired = await db.Offers.AsNoTracking().Where(o => o.Outcome == OfferOutcome.Pending && o.ExpiresAt <= now).ToListAsync(cancellationToken);
        foreach (var offer in expired)
        {
            if (!await CloseOfferAsync(offer, OfferOutcome.Expired, now, cancellationToken))
            {
                continue;
            }

            var counsellor = await db.Counsellors.FirstAsync(c => c.UserId == offer.CounsellorId, cancellationToken);
            counsellor.MissedOffers++;
            if (counsellor.Presence == Presence.Offered)
            {
                CounsellorStates.Set(counsellor, counsellor.MissedOffers >= Settings.MissedOffersBeforeBreak ? Presence.Break : Presence.Available, now);
                counsellor.IdleSince = now;
            }

            await db.SaveChangesAsync(cancellationToken);
            await publisher.OfferWithdrawnAsync(offer.CounsellorId, offer.Id, "expired", cancellationToken);
            await publisher.PresenceChangedAsync(offer.CounsellorId, cancellationToken);
            await publisher.CallChangedAsync(offer.CallId, cancellationToken);
        }

        return expired.Count;
    }

    /// <summary>The counsellor leaves while an offer is on screen: it is closed with that outcome and the call requeued.</summary>
    public async Task WithdrawPendingOfferAsync(Guid userId, OfferOutcome outcome, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var pending = await db.Offers.AsNoTracking().FirstOrDefaultAsync(o => o.CounsellorId == userId && o.Outcome == OfferOutcome.Pending, cancellationToken);
        if (pending is not null && await CloseOfferAsync(pending, outcome, now, cancellationToken))
        {
            await publisher.OfferWithdrawnAsync(userId, pending.Id, outcome == OfferOutcome.Declined ? "declined" : "withdrawn", cancellationToken);
            await publisher.CallChangedAsync(pending.CallId, cancellationToken);
        }
    }

    /// <summary>The card of an offer, or null when its call is gone.</summary>
    internal static async Task<OfferCard?> OfferCardAsync(CallCards cards, Offer offer, CancellationToken cancellationToken)
    {
        var card = await cards.CardAsync(offer.CallId, cancellationToken);
        return card is null ? null : new OfferCard(offer.Id, card, offer.OfferedAt, offer.ExpiresAt);
    }

    /// <summary>Tells the counsellor of an offer just committed (made by the dispatcher or a supervisor).</summary>
    private async Task PublishOfferAsync(Offer offer, CancellationToken cancellationToken)
    {
        metrics.OfferMade(offer.BySupervisor);
        var card = await OfferCardAsync(cards, offer, cancellationToken);
        if (card is not null)
        {
            await publisher.OfferAsync(offer.CounsellorId, card, cancellationToken);
        }

        await publisher.PresenceChangedAsync(offer.CounsellorId, cancellationToken);
        await publisher.CallChangedAsync(offer.CallId, cancellationToken);
    }

    /// <summary>Closes a pending offer (if it still is) and puts an offered call back in the queue.</summary>
    internal async Task<bool> CloseOfferAsync(Offer offer, OfferOutcome outcome, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var closed = await db.Offers.Where(o => o.Id == offer.Id && o.Outcome == OfferOutcome.Pending)
            .ExecuteUpdateAsync(set => set.SetProperty(o => o.Outcome, outcome).SetProperty(o => o.DecidedAt, now), cancellationToken);
        if (closed == 0)
        {
            return false;
        }

        metrics.OfferClosed(outcome);
        await transitions.RequeueOfferedAsync(offer.CallId, cancellationToken);
        return true;
    }
}
