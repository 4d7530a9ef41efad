using Hotline.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hotline.Server.LiveConsole;

/// <summary>The counsellor's side of a call ending or falling through: free again, or wrap-up first. Shared by offers and work items.</summary>
public sealed class CounsellorStates(HotlineDbContext db, IOptions<ConsoleOptions> options, ConsolePublisher publisher, WrapUpEnds wrapUpEnds)
{
    /// <summary>Changes a tracked counsellor's presence (and since when), saved by the caller.</summary>
    public static void Set(Counsellor counsellor, Presence presence, DateTimeOffset now)
    {
        if (counsellor.Presence != presence)
        {
            counsellor.Presence = presence;
            counsellor.Since = now;
        }
    }

    /// <summary>An offered or busy counsellor is available again (the offer or the call fell through).</summary>
    public async Task FreeAsync(Guid userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await db.Counsellors.Where(c => c.UserId == userId && (c.Presence == Presence.Offered || c.Presence == Presence.OnCall))
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.Presence, Presence.Available).SetProperty(c => c.Since, now)
                .SetProperty(c => c.CurrentCallId, (Guid?)null), cancellationToken);
        await publisher.PresenceChangedAsync(userId, cancellationToken);
    }

    /// <summary>The call is over for this counsellor: wrap-up (when configured) before the next one.</summary>
    public async Task StartWrapUpAsync(Guid userId, Guid callId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var wrapUp = options.Value.WrapUp;
        var wrapping = wrapUp > TimeSpan.Zero;
        // The call stays the counsellor's current one during wrap-up (its context is needed for the triage).
        await db.Counsellors.Where(c => c.UserId == userId && c.CurrentCallId == callId && c.Presence != Presence.WrapUp)
            .ExecuteUpdateAsync(set => set
                .SetProperty(c => c.Presence, wrapping ? Presence.WrapUp : Presence.Available).SetProperty(c => c.Since, now)
                .SetProperty(c => c.WrapUpEndsAt, wrapping ? now + wrapUp : null)
                .SetProperty(c => c.IdleSince, now).SetProperty(c => c.CurrentCallId, wrapping ? callId : null), cancellationToken);
        if (!wrapping)
        {
            // No wrap-up: the handle time ends with the call.
            await wrapUpEnds.EndedAsync(userId, callId, now, cancellationToken);
        }

        await publisher.FinishedAsync(userId, callId, cancellationToken);
        await publisher.PresenceChangedAsync(userId, cancellationToken);
    }
}
