using Hotline.Server.Calls;
using Hotline.Server.Data;
using Hotline.Server.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hotline.Server.LiveConsole;

public sealed record AcceptResult(bool Accepted, string? Reason, CurrentCall? Call);

internal sealed record WithdrawnOffer(Guid OfferId, Guid CounsellorId);

/// <summary>
/// Presence, offers and assignment. Every decision that two people or two instances could race for
/// is a conditional UPDATE or a row lock in PostgreSQL (FOR UPDATE SKIP LOCKED), never a lock in memory.
/// </summary>
public sealed class ConsoleService(
    HotlineDbContext db,
    TimeProvider time,
    IOptions<ConsoleOptions> options,
    CallCards cards,
    ConsolePublisher publisher,
    CallConnector connector,
    QueueSignals signals,
    ILogger<ConsoleService> logger)
{
    private ConsoleOptions Settings => options.Value;

    // ---- Connections and presence -----------------------------------------------------------------

    public async Task ConnectedAsync(Guid userId, string connectionId, string instance, bool isCounsellor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        db.ConsoleConnections.Add(new ConsoleConnection { ConnectionId = connectionId, UserId = userId, Instance = instance, LastSeenAt = now });
        if (isCounsellor)
        {
            var counsellor = await CounsellorRows.EnsureAsync(db, userId, now, cancellationToken);

            // Opening the console means being there to answer; Pause is one click away.
            if (counsellor.Presence == Presence.Offline)
            {
                Set(counsellor, Presence.Available, now);
                counsellor.MissedOffers = 0;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        if (isCounsellor)
        {
            // Supervisors hear of every (re)connection, whatever presence it restores.
            await publisher.PresenceChangedAsync(userId, cancellationToken);
            signals.Wake();
        }
    }

    public async Task DisconnectedAsync(string connectionId, CancellationToken cancellationToken) =>
        await db.ConsoleConnections.Where(c => c.ConnectionId == connectionId).ExecuteDeleteAsync(cancellationToken);

    /// <summary>The presence a counsellor may choose: Available, Break or Offline (OnCall and Offered are the server's).</summary>
    public async Task<CounsellorState?> SetPresenceAsync(Guid userId, Presence presence, CancellationToken cancellationToken)
    {
        if (presence is not (Presence.Available or Presence.Break or Presence.Offline))
        {
            return null;
        }

        var now = time.GetUtcNow();
        var counsellor = await db.Counsellors.FirstOrDefaultAsync(c => c.UserId == userId, cancellationToken);
        if (counsellor is null || counsellor.Presence is Presence.OnCall || counsellor.Presence == presence)
        {
            return counsellor is null ? null : await publisher.StatesQuery(userId).FirstAsync(cancellationToken);
        }

        if (counsellor.Presence == Presence.Offered)
        {
            // Leaving while an offer is on screen declines it.
            await WithdrawPendingOfferAsync(userId, OfferOutcome.Declined, now, cancellationToken);
        }

        Set(counsellor, presence, now);
        counsellor.MissedOffers = 0;
        counsellor.WrapUpEndsAt = null;
        counsellor.CurrentCallId = null; // leaving wrap-up ends it
        if (presence == Presence.Available)
        {
            counsellor.IdleSince = now;
        }

        await db.SaveChangesAsync(cancellationToken);
        await publisher.PresenceChangedAsync(userId, cancellationToken);
        signals.Wake();
        return await publisher.StatesQuery(userId).FirstAsync(cancellationToken);
    }

    // ---- Offers --------------------------------------------------------------------------------------

    /// <summary>Offers waiting calls to idle counsellors until one of the two runs out. Returns the offers made.</summary>
    public async Task<int> OfferWaitingCallsAsync(CancellationToken cancellationToken)
    {
        var made = 0;
        while (await OfferHeadOfQueueAsync(cancellationToken))
        {
            made++;
        }

        return made;
    }

    private async Task<bool> OfferHeadOfQueueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var declinedSince = now - TimeSpan.FromMinutes(2);
        db.ChangeTracker.Clear();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Callers on the line first (priority, then longest wait), then voicemail and callback items.
        // SKIP LOCKED lets other instances work on other calls at the same time.
        var waiting = await db.Calls
            .FromSql($"""
                SELECT *, xmin FROM calls c
                WHERE c.status = 'Queued'
                   OR (c.status IN ('Voicemail', 'CallbackRequested') AND c.handled_at IS NULL AND c.counsellor_id IS NULL
                       AND NOT EXISTS (SELECT 1 FROM offers o WHERE o.call_id = c.id AND o.outcome = 'Pending'))
                ORDER BY (c.status = 'Queued') DESC, c.priority DESC, COALESCE(c.queued_at, c.received_at)
                LIMIT 20 FOR UPDATE SKIP LOCKED
                """)
            .ToListAsync(cancellationToken);
        Call? call = null;
        Counsellor? counsellor = null;
        foreach (var candidate in waiting)
        {
            // Longest-idle available counsellor with a console open, who has not just declined or missed this call.
            counsellor = (await db.Counsellors
                .FromSql($"""
                    SELECT c.* FROM counsellors c
                    WHERE c.presence = 'Available'
                      AND EXISTS (SELECT 1 FROM console_connections k WHERE k.user_id = c.user_id)
                      AND NOT EXISTS (SELECT 1 FROM offers o WHERE o.call_id = {candidate.Id} AND o.counsellor_id = c.user_id
                                      AND o.outcome IN ('Declined', 'Expired') AND o.decided_at > {declinedSince})
                    ORDER BY c.idle_since LIMIT 1 FOR UPDATE OF c SKIP LOCKED
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
        if (call.Status == CallStatus.Queued)
        {
            call.Status = CallStatus.Offered; // work items keep their status: the pending offer marks them
        }

        db.CallEvents.Add(new CallEvent { CallId = call.Id, Kind = CallEventKind.Offered, At = now, Detail = $"counsellor={counsellor.UserId}" });
        Set(counsellor, Presence.Offered, now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        await PublishOfferAsync(offer, cancellationToken);
        return true;
    }

    /// <summary>A supervisor gives a waiting call to a chosen available counsellor (any pending offer of that call is withdrawn).</summary>
    public async Task<bool> AssignAsync(Guid callId, Guid counsellorId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var call = (await db.Calls.FromSql($"SELECT *, xmin FROM calls WHERE id = {callId} AND status IN ('Queued', 'Offered') FOR UPDATE")
            .ToListAsync(cancellationToken)).FirstOrDefault();
        var counsellor = (await db.Counsellors.FromSql($"SELECT * FROM counsellors WHERE user_id = {counsellorId} AND presence = 'Available' FOR UPDATE")
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
            Set(previousCounsellor, Presence.Available, now);
            await db.SaveChangesAsync(cancellationToken); // frees the unique "one pending offer per call" slot
        }

        var offer = new Offer { CallId = callId, CounsellorId = counsellorId, OfferedAt = now, ExpiresAt = now + Settings.OfferTimeout, BySupervisor = true };
        db.Offers.Add(offer);
        call.Status = CallStatus.Offered;
        db.CallEvents.Add(new CallEvent { CallId = call.Id, Kind = CallEventKind.Offered, At = now, Detail = $"counsellor={counsellorId} by-supervisor" });
        Set(counsellor, Presence.Offered, now);
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
            var taken = await db.Calls
                .Where(c => c.Id == callId && c.Status == CallStatus.Offered)
                .ExecuteUpdateAsync(set => set.SetProperty(c => c.Status, CallStatus.Connecting).SetProperty(c => c.CounsellorId, userId), cancellationToken);
            if (taken == 0)
            {
                workItem = await db.Calls
                    .Where(c => c.Id == callId && (c.Status == CallStatus.Voicemail || c.Status == CallStatus.CallbackRequested)
                        && c.CounsellorId == null && c.HandledAt == null)
                    .ExecuteUpdateAsync(set => set.SetProperty(c => c.CounsellorId, userId), cancellationToken) == 1;
                taken = workItem ? 1 : 0;
            }

            if (taken == 0)
            {
                await transaction.RollbackAsync(cancellationToken);
                await CloseOfferAsync(new Offer { Id = offerId, CallId = callId, CounsellorId = userId }, OfferOutcome.Withdrawn, now, cancellationToken);
                await FreeAsync(userId, now, cancellationToken);
                return new AcceptResult(false, "caller-gone", null);
            }

            await db.Counsellors.Where(c => c.UserId == userId).ExecuteUpdateAsync(set => set
                .SetProperty(c => c.Presence, Presence.OnCall).SetProperty(c => c.Since, now)
                .SetProperty(c => c.MissedOffers, 0).SetProperty(c => c.CurrentCallId, callId), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await publisher.CallChangedAsync(callId, cancellationToken);
        await publisher.PresenceChangedAsync(userId, cancellationToken);
        if (workItem)
        {
            return await StartWorkItemAsync(callId, userId, cancellationToken);
        }

        var connection = await connector.ConnectAsync(callId, userId, cancellationToken);
        now = time.GetUtcNow();
        if (!connection.Connected)
        {
            // The caller stays in Twilio's queue: put them back at their place in ours and say so.
            logger.LogWarning("Connecting call {CallId} failed: {Reason}; back in the queue", callId, connection.Reason);
            await db.Calls.Where(c => c.Id == callId && c.Status == CallStatus.Connecting)
                .ExecuteUpdateAsync(set => set.SetProperty(c => c.Status, CallStatus.Queued).SetProperty(c => c.CounsellorId, (Guid?)null), cancellationToken);
            db.CallEvents.Add(new CallEvent { CallId = callId, Kind = CallEventKind.Queued, At = now, Detail = "connection failed" });
            await db.SaveChangesAsync(cancellationToken);
            await FreeAsync(userId, now, cancellationToken);
            await publisher.NoticeAsync(userId, new ConsoleNotice("connection-failed", callId));
            await publisher.CallChangedAsync(callId, cancellationToken);
            signals.Wake();
            return new AcceptResult(false, "connection-failed", null);
        }

        var call = await db.Calls.FirstAsync(c => c.Id == callId, cancellationToken);
        call.Status = CallStatus.Connected;
        call.AnsweredAt = now;
        call.WaitSeconds = (int)Math.Max(0, (now - (call.QueuedAt ?? call.ReceivedAt)).TotalSeconds);
        db.CallEvents.Add(new CallEvent { CallId = callId, Kind = CallEventKind.Connected, At = now, Detail = $"wait={call.WaitSeconds}s" });
        await db.SaveChangesAsync(cancellationToken);

        var current = new CurrentCall(callId, (await cards.CardAsync(callId, cancellationToken))!, now, connection.Mode, null);
        await publisher.ConnectedAsync(userId, current, cancellationToken);
        return new AcceptResult(true, null, current);
    }

    // ---- Voicemail and callback items ------------------------------------------------------------------

    /// <summary>A voicemail opens for listening; a callback places the outbound call through Twilio.</summary>
    private async Task<AcceptResult> StartWorkItemAsync(Guid callId, Guid userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var call = await db.Calls.AsNoTracking().FirstAsync(c => c.Id == callId, cancellationToken);
        if (call.Status == CallStatus.CallbackRequested)
        {
            var placed = await connector.CallBackAsync(callId, userId, cancellationToken);
            if (!placed.Connected)
            {
                logger.LogWarning("Callback for item {CallId} not placed: {Reason}", callId, placed.Reason);
                await ReleaseWorkItemAsync(callId, userId, "callback-failed", cancellationToken);
                return new AcceptResult(false, "callback-failed", null);
            }

            db.CallEvents.Add(new CallEvent { CallId = callId, Kind = CallEventKind.Connected, At = now, Detail = "callback placed" });
            await db.SaveChangesAsync(cancellationToken);
        }

        var current = new CurrentCall(callId, (await cards.CardAsync(callId, cancellationToken))!, now, await connector.ModeOfAsync(userId, cancellationToken), null);
        await publisher.ConnectedAsync(userId, current, cancellationToken);
        return new AcceptResult(true, null, current);
    }

    /// <summary>The counsellor is done with a voicemail or a callback: the item leaves the board, wrap-up starts.</summary>
    public async Task<bool> FinishWorkItemAsync(Guid userId, Guid callId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var finished = await db.Calls
            .Where(c => c.Id == callId && c.CounsellorId == userId && c.HandledAt == null
                && (c.Status == CallStatus.Voicemail || c.Status == CallStatus.CallbackRequested))
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.HandledAt, now).SetProperty(c => c.ProtectedCallbackNumber, (string?)null), cancellationToken);
        if (finished == 0)
        {
            return false;
        }

        db.CallEvents.Add(new CallEvent { CallId = callId, Kind = CallEventKind.Completed, At = now, Detail = "item handled" });
        await db.SaveChangesAsync(cancellationToken);
        await StartWrapUpAsync(userId, callId, now, cancellationToken);
        await publisher.CallChangedAsync(callId, cancellationToken);
        return true;
    }

    /// <summary>A callback that was not answered, or could not be placed: the item returns to the board.</summary>
    public async Task ReleaseWorkItemAsync(Guid callId, Guid userId, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await db.Calls.Where(c => c.Id == callId && c.CounsellorId == userId && c.HandledAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.CounsellorId, (Guid?)null), cancellationToken);
        await FreeAsync(userId, now, cancellationToken);
        await publisher.NoticeAsync(userId, new ConsoleNotice(reason, callId));
        await publisher.FinishedAsync(userId, callId, cancellationToken);
        await publisher.CallChangedAsync(callId, cancellationToken);
        signals.Wake();
    }

    private async Task StartWrapUpAsync(Guid userId, Guid callId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var wrapUp = Settings.WrapUp > TimeSpan.Zero;
        // The call stays the counsellor's current one during wrap-up (its context is needed for the triage).
        await db.Counsellors.Where(c => c.UserId == userId && c.CurrentCallId == callId && c.Presence != Presence.WrapUp)
            .ExecuteUpdateAsync(set => set
                .SetProperty(c => c.Presence, wrapUp ? Presence.WrapUp : Presence.Available).SetProperty(c => c.Since, now)
                .SetProperty(c => c.WrapUpEndsAt, wrapUp ? now + Settings.WrapUp : null)
                .SetProperty(c => c.IdleSince, now).SetProperty(c => c.CurrentCallId, wrapUp ? callId : null), cancellationToken);
        await publisher.FinishedAsync(userId, callId, cancellationToken);
        await publisher.PresenceChangedAsync(userId, cancellationToken);
    }

    // ---- Housekeeping (the dispatcher's periodic pass) ---------------------------------------------

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
                Set(counsellor, counsellor.MissedOffers >= Settings.MissedOffersBeforeBreak ? Presence.Break : Presence.Available, now);
                counsellor.IdleSince = now;
            }

            await db.SaveChangesAsync(cancellationToken);
            await publisher.OfferWithdrawnAsync(offer.CounsellorId, offer.Id, "expired", cancellationToken);
            await publisher.PresenceChangedAsync(offer.CounsellorId, cancellationToken);
            await publisher.CallChangedAsync(offer.CallId, cancellationToken);
        }

        return expired.Count;
    }

    /// <summary>Ends wrap-ups that ran their time, and sends counsellors with no console open to Offline after the grace period.</summary>
    public async Task SettlePresenceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var graceStart = now - Settings.OfflineGrace;
        var wrapUpsDone = await db.Counsellors.Where(c => c.Presence == Presence.WrapUp && c.WrapUpEndsAt <= now).ToListAsync(cancellationToken);
        foreach (var counsellor in wrapUpsDone)
        {
            Set(counsellor, Presence.Available, now);
            counsellor.IdleSince = now;
            counsellor.WrapUpEndsAt = null;
            counsellor.CurrentCallId = null;
        }

        // Connections of instances that stopped heart-beating are gone.
        await db.ConsoleConnections.Where(c => c.LastSeenAt < now - (3 * ConsoleHeartbeat.Interval)).ExecuteDeleteAsync(cancellationToken);
        var absent = await db.Counsellors
            .Where(c => (c.Presence == Presence.Available || c.Presence == Presence.Break || c.Presence == Presence.WrapUp)
                && c.Since < graceStart
                && !db.ConsoleConnections.Any(k => k.UserId == c.UserId))
            .ToListAsync(cancellationToken);
        foreach (var counsellor in absent)
        {
            Set(counsellor, Presence.Offline, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        foreach (var counsellor in wrapUpsDone.Concat(absent))
        {
            await publisher.PresenceChangedAsync(counsellor.UserId, cancellationToken);
        }
    }

    /// <summary>
    /// Brings offers and counsellors in line with a call that changed elsewhere (the caller hung up while
    /// offered, the call ended): withdraws stale offers, starts wrap-up, and publishes the card.
    /// </summary>
    public async Task CallChangedAsync(Guid callId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var call = await db.Calls.AsNoTracking().FirstOrDefaultAsync(c => c.Id == callId, cancellationToken);
        if (call is null)
        {
            return;
        }

        // Withdraw an offer whose call is no longer waiting for it (the caller hung up while it was on screen).
        // One statement: the call's status is read as of the update, never from an older read.
        var withdrawn = await db.Database.SqlQuery<WithdrawnOffer>($"""
            UPDATE offers SET outcome = 'Withdrawn', decided_at = {now}
            WHERE call_id = {callId} AND outcome = 'Pending'
              AND NOT EXISTS (SELECT 1 FROM calls c WHERE c.id = {callId} AND c.status IN ('Offered', 'Voicemail', 'CallbackRequested'))
            RETURNING id AS offer_id, counsellor_id
            """).ToListAsync(cancellationToken);
        foreach (var stale in withdrawn)
        {
            await FreeAsync(stale.CounsellorId, now, cancellationToken);
            await publisher.OfferWithdrawnAsync(stale.CounsellorId, stale.OfferId, "caller-gone", cancellationToken);
        }

        if (call.Status == CallStatus.Queued)
        {
            // Back in the queue from a call: whoever held it is free again and told why.
            var holders = await db.Counsellors.Where(c => c.CurrentCallId == callId).Select(c => c.UserId).ToListAsync(cancellationToken);
            foreach (var holder in holders)
            {
                await FreeAsync(holder, now, cancellationToken);
                await publisher.NoticeAsync(holder, new ConsoleNotice("connection-lost", callId));
            }
        }

        if (call.Status is CallStatus.Completed or CallStatus.Abandoned)
        {
            var holders = await db.Counsellors.Where(c => c.CurrentCallId == callId && c.Presence != Presence.WrapUp).Select(c => c.UserId).ToListAsync(cancellationToken);
            foreach (var holder in holders)
            {
                await StartWrapUpAsync(holder, callId, now, cancellationToken);
            }
        }

        await publisher.CallChangedAsync(callId, cancellationToken);
    }

    public async Task<ConsoleSnapshot> SnapshotAsync(Guid userId, bool isSupervisor, bool voiceEnabled, CancellationToken cancellationToken)
    {
        // Positions first: anything published after them is newer than the data read below.
        var positions = await publisher.PositionsAsync(userId, cancellationToken);
        var now = time.GetUtcNow();
        var me = await publisher.StatesQuery(userId).FirstOrDefaultAsync(cancellationToken);
        if (me is null)
        {
            var user = await db.Users.AsNoTracking().FirstAsync(u => u.Id == userId, cancellationToken);
            me = new CounsellorState(userId, user.UserName!, user.DisplayName, Presence.Offline, now, null);
        }

        var pending = await db.Offers.AsNoTracking().FirstOrDefaultAsync(o => o.CounsellorId == userId && o.Outcome == OfferOutcome.Pending, cancellationToken);
        var offer = pending is null ? null : await OfferCardAsync(pending, cancellationToken);
        CurrentCall? current = null;
        var counsellor = await db.Counsellors.AsNoTracking().FirstOrDefaultAsync(c => c.UserId == userId, cancellationToken);
        if (counsellor?.CurrentCallId is { } currentId && await cards.CardAsync(currentId, cancellationToken) is { } card)
        {
            var answeredAt = await db.Calls.Where(c => c.Id == currentId).Select(c => c.AnsweredAt).FirstAsync(cancellationToken);
            current = new CurrentCall(currentId, card, answeredAt ?? now, await connector.ModeOfAsync(userId, cancellationToken),
                counsellor.Presence == Presence.WrapUp ? counsellor.WrapUpEndsAt : null);
        }

        return new ConsoleSnapshot(
            now,
            positions,
            me,
            // Only the people who answer calls see the queue.
            counsellor is not null || isSupervisor ? await cards.BoardAsync(cancellationToken) : [],
            offer,
            current,
            isSupervisor ? (await publisher.StatesQuery().ToListAsync(cancellationToken)).OrderBy(s => s.DisplayName, StringComparer.CurrentCulture).ToList() : null,
            voiceEnabled);
    }

    // ---- Helpers -------------------------------------------------------------------------------------

    private async Task PublishOfferAsync(Offer offer, CancellationToken cancellationToken)
    {
        var card = await OfferCardAsync(offer, cancellationToken);
        if (card is not null)
        {
            await publisher.OfferAsync(offer.CounsellorId, card, cancellationToken);
        }

        await publisher.PresenceChangedAsync(offer.CounsellorId, cancellationToken);
        await publisher.CallChangedAsync(offer.CallId, cancellationToken);
    }

    private async Task<OfferCard?> OfferCardAsync(Offer offer, CancellationToken cancellationToken)
    {
        var card = await cards.CardAsync(offer.CallId, cancellationToken);
        return card is null ? null : new OfferCard(offer.Id, card, offer.OfferedAt, offer.ExpiresAt);
    }

    /// <summary>Closes a pending offer (if it still is) and puts an offered call back in the queue.</summary>
    private async Task<bool> CloseOfferAsync(Offer offer, OfferOutcome outcome, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var closed = await db.Offers.Where(o => o.Id == offer.Id && o.Outcome == OfferOutcome.Pending)
            .ExecuteUpdateAsync(set => set.SetProperty(o => o.Outcome, outcome).SetProperty(o => o.DecidedAt, now), cancellationToken);
        if (closed == 0)
        {
            return false;
        }

        await db.Calls.Where(c => c.Id == offer.CallId && c.Status == CallStatus.Offered)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.Status, CallStatus.Queued), cancellationToken);
        return true;
    }

    private async Task WithdrawPendingOfferAsync(Guid userId, OfferOutcome outcome, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var pending = await db.Offers.AsNoTracking().FirstOrDefaultAsync(o => o.CounsellorId == userId && o.Outcome == OfferOutcome.Pending, cancellationToken);
        if (pending is not null && await CloseOfferAsync(pending, outcome, now, cancellationToken))
        {
            await publisher.OfferWithdrawnAsync(userId, pending.Id, outcome == OfferOutcome.Declined ? "declined" : "withdrawn", cancellationToken);
            await publisher.CallChangedAsync(pending.CallId, cancellationToken);
        }
    }

    private async Task FreeAsync(Guid userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await db.Counsellors.Where(c => c.UserId == userId && (c.Presence == Presence.Offered || c.Presence == Presence.OnCall))
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.Presence, Presence.Available).SetProperty(c => c.Since, now)
                .SetProperty(c => c.CurrentCallId, (Guid?)null), cancellationToken);
        await publisher.PresenceChangedAsync(userId, cancellationToken);
    }

    private static void Set(Counsellor counsellor, Presence presence, DateTimeOffset now)
    {
        if (counsellor.Presence != presence)
        {
            counsellor.Presence = presence;
            counsellor.Since = now;
        }
    }

    internal static bool IsCounsellor(System.Security.Claims.ClaimsPrincipal user) => user.IsInRole(Roles.Counsellor);
}
