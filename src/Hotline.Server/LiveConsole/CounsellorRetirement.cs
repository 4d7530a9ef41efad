using Hotline.Server.Calls;
using Hotline.Server.Data;
using Hotline.Server.Identity;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Server.LiveConsole;

/// <summary>
/// A former counsellor holds no offer and is Offline: the dispatcher would skip them anyway (it checks the
/// role), but an offer already made would hold a caller for its 20 s and the supervisors' board would show
/// them available. A call in progress is left to end normally.
/// </summary>
internal sealed class CounsellorRetirement(HotlineDbContext db, OfferService offers, ConsolePublisher publisher, QueueSignals signals, TimeProvider time, WrapUpEnds wrapUpEnds)
    : ICounsellorRetirement
{
    public async Task RetireAsync(Guid userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await offers.WithdrawPendingOfferAsync(userId, OfferOutcome.Withdrawn, now, cancellationToken);
        var counsellor = await db.Counsellors.FirstOrDefaultAsync(c => c.UserId == userId, cancellationToken);
        if (counsellor is null || counsellor.Presence is Presence.Offline or Presence.OnCall)
        {
            return;
        }

        if (counsellor.Presence == Presence.WrapUp)
        {
            await wrapUpEnds.EndedAsync(userId, counsellor.CurrentCallId, now, cancellationToken);
        }

        CounsellorStates.Set(counsellor, Presence.Offline, now);
        counsellor.MissedOffers = 0;
        counsellor.WrapUpEndsAt = null;
        counsellor.CurrentCallId = null;
        await db.SaveChangesAsync(cancellationToken);
        await publisher.PresenceChangedAsync(userId, cancellationToken);
        signals.Wake();
    }
}
