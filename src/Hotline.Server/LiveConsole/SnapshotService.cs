using Hotline.Server.Data;
using Hotline.Server.Triage;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Server.LiveConsole;

/// <summary>What a console needs on (re)connection: the board, its own state, offer and current call, and stream positions.</summary>
public sealed class SnapshotService(
    HotlineDbContext db, TimeProvider time, CallCards cards, ConsolePublisher publisher, CallConnector connector, DangerAlerts dangerAlerts,
    Microsoft.Extensions.Options.IOptions<ConsoleOptions> options)
{
    public async Task<ConsoleSnapshot> SnapshotAsync(Guid userId, bool isCounsellor, bool isSupervisor, bool voiceEnabled, CancellationToken cancellationToken)
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
        var offer = pending is null ? null : await OfferService.OfferCardAsync(cards, pending, cancellationToken);
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
            // Only the people who answer calls see the queue: by role, not by a counsellor row (a former
            // counsellor's row outlives the role).
            isCounsellor || isSupervisor ? await cards.BoardAsync(cancellationToken) : [],
            offer,
            current,
            isSupervisor ? (await publisher.StatesQuery().ToListAsync(cancellationToken)).OrderBy(s => s.DisplayName, StringComparer.CurrentCulture).ToList() : null,
            voiceEnabled,
            (int)options.Value.WaitAlert.TotalSeconds,
            // Supervisors: the immediate dangers nobody has taken in charge (the banner survives a reload and a new sign-in).
            isSupervisor ? await dangerAlerts.OpenAsync(cancellationToken) : null);
    }
}
