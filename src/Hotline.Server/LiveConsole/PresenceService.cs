using Hotline.Server.Calls;
using Hotline.Server.Data;
using Hotline.Server.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hotline.Server.LiveConsole;

/// <summary>Console connections and the presence of counsellors: chosen by them, or settled by the server (wrap-up ends, nobody connected).</summary>
public sealed class PresenceService(
    HotlineDbContext db,
    TimeProvider time,
    IOptions<ConsoleOptions> options,
    ConsolePublisher publisher,
    OfferService offers,
    QueueSignals signals,
    WrapUpEnds wrapUpEnds,
    ConsoleHeartbeat heartbeat)
{
    private ConsoleOptions Settings => options.Value;

    internal static bool IsCounsellor(System.Security.Claims.ClaimsPrincipal user) => user.IsInRole(Roles.Counsellor);

    public async Task ConnectedAsync(Guid userId, string connectionId, string instance, bool isCounsellor, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        db.ConsoleConnections.Add(new ConsoleConnection { ConnectionId = connectionId, UserId = userId, Instance = instance, LastSeenAt = now });
        if (isCounsellor)
        {
            var counsellor = await CounsellorRows.EnsureAsync(db, userId, now, cancellationToken);

            // Signing in is not being ready to answer: the counsellor starts in Pause and chooses Disponible (unless
            // Console:AvailableOnSignIn says otherwise); a reload or a second tab keeps the presence they had.
            if (counsellor.Presence == Presence.Offline)
            {
                CounsellorStates.Set(counsellor, Settings.AvailableOnSignIn ? Presence.Available : Presence.Break, now);
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
        // Disponible while an offer is on screen keeps the offer (the counsellor is available: it is theirs to answer).
        if (counsellor is null || counsellor.Presence is Presence.OnCall || counsellor.Presence == presence
            || (counsellor.Presence == Presence.Offered && presence == Presence.Available))
        {
            return counsellor is null ? null : await publisher.StatesQuery(userId).FirstAsync(cancellationToken);
        }

        if (counsellor.Presence == Presence.Offered)
        {
            // Leaving while an offer is on screen declines it.
            await offers.WithdrawPendingOfferAsync(userId, OfferOutcome.Declined, now, cancellationToken);
        }

        if (counsellor.Presence == Presence.WrapUp)
        {
            await wrapUpEnds.EndedAsync(userId, counsellor.CurrentCallId, now, cancellationToken);
        }

        CounsellorStates.Set(counsellor, presence, now);
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

    /// <summary>"Terminer le post-appel": the wrap-up ends now, the counsellor is Available. False when not in wrap-up.</summary>
    public async Task<bool> EndWrapUpAsync(Guid userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var callId = await db.Counsellors.Where(c => c.UserId == userId && c.Presence == Presence.WrapUp).Select(c => c.CurrentCallId).FirstOrDefaultAsync(cancellationToken);
        var ended = await db.Counsellors.Where(c => c.UserId == userId && c.Presence == Presence.WrapUp)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.Presence, Presence.Available).SetProperty(c => c.Since, now)
                .SetProperty(c => c.IdleSince, now).SetProperty(c => c.WrapUpEndsAt, (DateTimeOffset?)null)
                .SetProperty(c => c.CurrentCallId, (Guid?)null), cancellationToken) == 1;
        if (ended)
        {
            await wrapUpEnds.EndedAsync(userId, callId, now, cancellationToken);
            await publisher.PresenceChangedAsync(userId, cancellationToken);
            signals.Wake();
        }

        return ended;
    }

    /// <summary>
    /// "Prolonger": the wrap-up gets Console:WrapUp once more, once (a wrap-up already longer than one period was
    /// extended). Returns the new end, or null when not in wrap-up or already extended.
    /// </summary>
    public async Task<DateTimeOffset?> ExtendWrapUpAsync(Guid userId, CancellationToken cancellationToken)
    {
        var wrapUp = Settings.WrapUp;
        var counsellor = await db.Counsellors.FirstOrDefaultAsync(c => c.UserId == userId, cancellationToken);
        if (counsellor is not { Presence: Presence.WrapUp, WrapUpEndsAt: { } endsAt } || endsAt > counsellor.Since + wrapUp)
        {
            return null;
        }

        counsellor.WrapUpEndsAt = endsAt + wrapUp;
        await db.SaveChangesAsync(cancellationToken);
        await publisher.PresenceChangedAsync(userId, cancellationToken);
        return counsellor.WrapUpEndsAt;
    }

    /// <summary>Ends wrap-ups that ran their time, and sends counsellors with no console open to Offline after the grace period.</summary>
    public async Task SettlePresenceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var graceStart = now - Settings.OfflineGrace;
        var wrapUpsDone = await db.Counsellors.Where(c => c.Presence == Presence.WrapUp && c.WrapUpEndsAt <= now).ToListAsync(cancellationToken);
        foreach (var counsellor in wrapUpsDone)
        {
            // Ended when its time ran out, whenever this pass saw it.
            await wrapUpEnds.EndedAsync(counsellor.UserId, counsellor.CurrentCallId, counsellor.WrapUpEndsAt ?? now, cancellationToken);
            CounsellorStates.Set(counsellor, Presence.Available, now);
            counsellor.IdleSince = now;
            counsellor.WrapUpEndsAt = null;
            counsellor.CurrentCallId = null;
        }

        // Connections of instances that stopped heart-beating are gone; an offer on screen only there cannot be seen:
        // passed on now rather than expiring unseen (and counted as the counsellor's miss) at its timeout.
        var stranded = new List<Guid>();
        if (heartbeat.MaySweep(now))
        {
            var silent = db.ConsoleConnections.Where(c => c.LastSeenAt < now - Settings.HeartbeatExpiry);
            var users = await silent.Select(c => c.UserId).Distinct().ToListAsync(cancellationToken);
            await silent.ExecuteDeleteAsync(cancellationToken);
            stranded = await db.Counsellors
                .Where(c => users.Contains(c.UserId) && c.Presence == Presence.Offered && !db.ConsoleConnections.Any(k => k.UserId == c.UserId))
                .Select(c => c.UserId).ToListAsync(cancellationToken);
        }

        foreach (var userId in stranded)
        {
            await offers.WithdrawPendingOfferAsync(userId, OfferOutcome.Withdrawn, now, cancellationToken);
            await db.Counsellors.Where(c => c.UserId == userId && c.Presence == Presence.Offered)
                .ExecuteUpdateAsync(set => set.SetProperty(c => c.Presence, Presence.Available).SetProperty(c => c.Since, now), cancellationToken);
            await publisher.PresenceChangedAsync(userId, cancellationToken);
            signals.Wake();
        }
        var absent = await db.Counsellors
            .Where(c => (c.Presence == Presence.Available || c.Presence == Presence.Break || c.Presence == Presence.WrapUp)
                && c.Since < graceStart
                && !db.ConsoleConnections.Any(k => k.UserId == c.UserId))
            .ToListAsync(cancellationToken);
        foreach (var counsellor in absent)
        {
            if (counsellor.Presence == Presence.WrapUp)
            {
                await wrapUpEnds.EndedAsync(counsellor.UserId, counsellor.CurrentCallId, now, cancellationToken);
            }

            CounsellorStates.Set(counsellor, Presence.Offline, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        foreach (var counsellor in wrapUpsDone.Concat(absent))
        {
            await publisher.PresenceChangedAsync(counsellor.UserId, cancellationToken);
        }
    }
}
