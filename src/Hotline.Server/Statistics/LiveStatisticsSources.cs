namespace Hotline.Server.Statistics;

/// <summary>
/// What the live console tells the wallboard (it calls these; Statistics never depends on it): a call changed, or a
/// counsellor's presence did. Must return at once: the work happens on the tracker's own loop.
/// </summary>
public interface IConsoleActivity
{
    void CallChanged(Guid callId);

    void PresenceChanged();
}

/// <summary>How many counsellors are in each presence state, every state listed (the live console answers).</summary>
public interface ICounsellorStateCounts
{
    Task<IReadOnlyList<StateCount>> CountAsync(CancellationToken cancellationToken);
}

/// <summary>Where the wallboard's figures are pushed (the live console: to the supervisors' group).</summary>
public interface IStatisticsPublisher
{
    Task StatisticsChangedAsync(LiveStatistics statistics);
}

/// <summary>One call's contribution to the day: its hour (line time) and its sums.</summary>
public sealed record CallContribution(Guid CallId, string Day, int Hour, int Offered, int Answered, int Abandoned, int ShortAbandoned,
    int WithinServiceLevel, double AnswerSeconds, int Handled, double HandleSeconds)
{
    public CallSums Sums => new(Offered, Answered, Abandoned, ShortAbandoned, WithinServiceLevel, AnswerSeconds, Handled, HandleSeconds);
}

public sealed record HourRow(int Hour, int Count);

/// <summary>An event of the call log, as the wallboard reads it: which call changed.</summary>
public sealed record LoggedEvent(long Id, Guid CallId);

public sealed record QueueNow(int Waiting, DateTimeOffset? OldestQueuedAt);
