using Hotline.Server.Calls;
using Hotline.Server.Statistics;

namespace Hotline.Server.LiveConsole;

/// <summary>
/// Records the end of a wrap-up on its call (the end of the handle time the statistics count), however it ended:
/// "Terminer le post-appel", its time ran out, the counsellor chose another presence or left, or there was none.
/// </summary>
public sealed class WrapUpEnds(CallTransitions transitions, IConsoleActivity activity)
{
    public async Task EndedAsync(Guid userId, Guid? callId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (callId is { } id && await transitions.WrapUpEndedAsync(id, userId, at, cancellationToken))
        {
            activity.CallChanged(id);
        }
    }
}

/// <summary>The wallboard's count of counsellors per presence state (every state, zeros included).</summary>
public sealed class CounsellorStateCounts(Data.HotlineDbContext db) : ICounsellorStateCounts
{
    public async Task<IReadOnlyList<StateCount>> CountAsync(CancellationToken cancellationToken)
    {
        var counts = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToDictionaryAsync(
            db.Counsellors.GroupBy(c => c.Presence).Select(g => new { g.Key, Count = g.Count() }), g => g.Key, g => g.Count, cancellationToken);
        return [.. Enum.GetValues<Presence>().Select(presence => new StateCount(presence.ToString(), counts.GetValueOrDefault(presence)))];
    }
}
