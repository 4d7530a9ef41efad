using Hotline.Server.Referrals;

namespace Hotline.Server.Statistics;

/// <summary>One day's call figures (definitions and formulas: docs/statistics.md).</summary>
/// <param name="Offered">Calls that joined the queue.</param>
/// <param name="Answered">Offered calls a counsellor answered.</param>
/// <param name="Abandoned">Offered calls whose caller hung up before an answer (short abandons included).</param>
/// <param name="ShortAbandoned">Abandons within <c>Statistics:ShortAbandonSeconds</c> of joining the queue: excluded from the rates.</param>
/// <param name="ServiceLevelPercent">Answered within <c>Statistics:ServiceLevelSeconds</c> / (answered + abandoned − short abandons).</param>
/// <param name="AverageSpeedOfAnswerSeconds">Mean time from joining the queue to the answer.</param>
/// <param name="AbandonRatePercent">(abandoned − short abandons) / (offered − short abandons).</param>
/// <param name="AverageHandleTimeSeconds">Mean talk + wrap-up of answered calls whose wrap-up ended.</param>
public sealed record DayFigures(
    int Offered,
    int Answered,
    int Abandoned,
    int ShortAbandoned,
    double? ServiceLevelPercent,
    double? AverageSpeedOfAnswerSeconds,
    double? AbandonRatePercent,
    double? AverageHandleTimeSeconds);

/// <summary>How many counsellors are in one presence state (the live console's names: Available, OnCall, WrapUp…).</summary>
public sealed record StateCount(string State, int Count);

/// <summary>Calls offered in one hour of the day (Europe/Paris), today and on the same weekday a week ago.</summary>
public sealed record HourCount(int Hour, int Today, int SameWeekdayLastWeek);

/// <summary>The supervisors' wallboard: the queue now, today's figures, counsellors by state, calls per hour.</summary>
public sealed record LiveStatistics(
    DateTimeOffset AsOf,
    int ServiceLevelSeconds,
    int Waiting,
    int? LongestWaitSeconds,
    DayFigures Today,
    IReadOnlyList<StateCount> Counsellors,
    IReadOnlyList<HourCount> Hours);

/// <summary>How a report's rows are cut.</summary>
public enum StatisticsGroupBy
{
    Day,
    /// <summary>ISO weeks ("2026-W45").</summary>
    Week,
    Month,
    Departement,
    Motive,
    /// <summary>The triage's outcome (calls without one: key <c>None</c>).</summary>
    Outcome,
}

/// <summary>Referrals of a row in one state; the count is null when suppressed (under 5, for a coordinator).</summary>
public sealed record ReportStateCount(ReferralState State, int? Count);

/// <summary>
/// One row of a report. Counts are null when suppressed (under 5, for a coordinator), and rates or medians when their
/// denominator is under 5 (or when there is nothing to average).
/// </summary>
/// <param name="Key">Stable: "2026-11-03", "2026-W45", "2026-11", "13"/"2A"/"971" (<c>None</c>: unknown), enum names.</param>
/// <param name="Label">For people, in French.</param>
public sealed record ReportRow(
    string Key,
    string Label,
    int? Offered,
    int? Answered,
    int? Abandoned,
    double? ServiceLevelPercent,
    double? AverageSpeedOfAnswerSeconds,
    double? AbandonRatePercent,
    double? AverageHandleTimeSeconds,
    int? Referrals,
    int? ReferralsOverdue,
    double? MedianHoursToAcknowledge,
    IReadOnlyList<ReportStateCount> ReferralsByState);

/// <summary>The figures of a period (inclusive dates, Europe/Paris), cut by <see cref="GroupBy"/>, with their total.</summary>
public sealed record StatisticsReport(
    DateOnly From,
    DateOnly To,
    StatisticsGroupBy GroupBy,
    string? Departement,
    bool SmallCountsSuppressed,
    IReadOnlyList<ReportRow> Rows,
    ReportRow Total);
