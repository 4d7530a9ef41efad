using Hotline.Server.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Hotline.Server.Statistics;

/// <summary>One group's call sums as the report query returns them (the total row has <see cref="IsTotal"/>).</summary>
public sealed record CallSumsRow(
    string? Key, bool IsTotal, int Offered, int Answered, int Abandoned, int ShortAbandoned, int WithinServiceLevel,
    double AnswerSeconds, int Handled, double HandleSeconds)
{
    public CallSums Sums => new(Offered, Answered, Abandoned, ShortAbandoned, WithinServiceLevel, AnswerSeconds, Handled, HandleSeconds);
}

/// <summary>One group's referral figures; <see cref="MedianHoursToAcknowledge"/> over the <see cref="Acknowledged"/> ones.</summary>
public sealed record ReferralSumsRow(string? Key, bool IsTotal, int Referrals, int Overdue, int Acknowledged, double? MedianHoursToAcknowledge);

public sealed record ReferralStateRow(string? Key, bool IsTotal, string State, int Count);

/// <summary>
/// What a report covers: a period in UTC (its first local day), and the départements (null: all); the days before
/// <paramref name="LiveDay"/> (starting at <paramref name="LiveFromUtc"/>) are read from the rollup, the others from the calls.
/// </summary>
public sealed record ReportScope(
    DateTimeOffset FromUtc, DateTimeOffset ToUtc, IReadOnlyList<string>? Departements, DateOnly FirstDay, DateOnly LiveDay, DateTimeOffset LiveFromUtc);

/// <summary>
/// The report's SQL: each figure an aggregate over the period's rows (never rows into memory), with the total in the
/// same statement (GROUPING SETS). The group expressions are this class's constants, never input.
/// </summary>
public sealed class ReportQueries(HotlineDbContext db, CallDayRollup rollup)
{
    /// <summary>
    /// The days before <see cref="ReportScope.LiveDay"/> are summed from the rollup (built first where missing), the
    /// rest from the calls; both with <see cref="CallFigures.Sums"/>, so the figures are the same either way.
    /// </summary>
    public async Task<List<CallSumsRow>> CallsAsync(StatisticsGroupBy groupBy, ReportScope scope, CancellationToken cancellationToken)
    {
        await rollup.EnsureBuiltAsync(scope.FirstDay, scope.LiveDay, cancellationToken);
        var (rollupKey, liveKey, cut) = groupBy switch
        {
            StatisticsGroupBy.Departement => ("d.departement_code", "COALESCE(c.departement_code, 'None')", CallDayRollup.AllCalls),
            StatisticsGroupBy.Motive => ("d.value", "c.motive", CallDayRollup.ByMotive),
            StatisticsGroupBy.Outcome => ("d.value", "COALESCE(t.outcome, 'None')", CallDayRollup.ByOutcome),
            _ => (PeriodStart(groupBy, "d.day::timestamp"), PeriodStart(groupBy, "(c.queued_at AT TIME ZONE @zone)"), CallDayRollup.AllCalls),
        };
        var key = PeriodName(groupBy, "f.key");
        var join = groupBy == StatisticsGroupBy.Outcome ? "LEFT JOIN triages t ON t.call_id = c.id" : "";
        var territory = scope.Departements is null ? "" : "AND c.departement_code = ANY(@departements)";
        // National figures not cut by département are read from the rollup's all-département rows.
        var rollupTerritory = scope.Departements is not null ? "AND d.departement_code = ANY(@departements)"
            : groupBy == StatisticsGroupBy.Departement ? $"AND d.departement_code <> '{CallDayRollup.AllDepartements}'"
            : $"AND d.departement_code = '{CallDayRollup.AllDepartements}'";
        var sql = $"""
            SELECT {key} AS key, GROUPING(f.key) = 1 AS is_total,
                COALESCE(sum(f.offered), 0)::int AS offered, COALESCE(sum(f.answered), 0)::int AS answered, COALESCE(sum(f.abandoned), 0)::int AS abandoned,
                COALESCE(sum(f.short_abandoned), 0)::int AS short_abandoned, COALESCE(sum(f.within_service_level), 0)::int AS within_service_level,
                COALESCE(sum(f.answer_seconds), 0)::float8 AS answer_seconds, COALESCE(sum(f.handled), 0)::int AS handled, COALESCE(sum(f.handle_seconds), 0)::float8 AS handle_seconds
            FROM (
                SELECT {rollupKey} AS key, d.offered, d.answered, d.abandoned, d.short_abandoned, d.within_service_level,
                       d.answer_seconds, d.handled, d.handle_seconds
                FROM {CallDayRollup.Table} d
                WHERE {CallDayRollup.CurrentSettings} AND d.cut = '{cut}' AND d.day >= @first_day AND d.day < @live_day {rollupTerritory}
                UNION ALL
                SELECT c.key, {CallFigures.Sums}
                FROM (SELECT {liveKey} AS key, c.* FROM calls c {join}
                      WHERE c.queued_at >= @live_from AND c.queued_at < @to AND {CallFigures.OfferedCalls} {territory}) c
                GROUP BY c.key) f
            GROUP BY GROUPING SETS ((f.key), ())
            """;
        return await db.Database.SqlQueryRaw<CallSumsRow>(sql,
            Parameters(scope)).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The referral figures per group: the days before <see cref="ReportScope.LiveDay"/> from the rollup (built by
    /// <see cref="CallsAsync"/>), the rest from the referrals; the median over every acknowledgement delay of the period,
    /// and overdue the ones acknowledged late plus the waiting ones whose deadline is past <paramref name="now"/>.
    /// </summary>
    public Task<List<ReferralSumsRow>> ReferralsAsync(StatisticsGroupBy groupBy, ReportScope scope, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var sql = $"""
            WITH f AS ({ReferralFacts(groupBy, scope)}),
            sums AS (
                SELECT f.key, GROUPING(f.key) = 1 AS is_total, COALESCE(sum(f.referrals), 0)::int AS referrals,
                    COALESCE(sum(f.acknowledged_late + CASE WHEN cardinality(f.waiting_deadlines) = 0 THEN 0
                        ELSE (SELECT count(*) FROM unnest(f.waiting_deadlines) w WHERE w <= @now) END), 0)::int AS overdue,
                    COALESCE(sum(cardinality(f.hours_to_acknowledge)), 0)::int AS acknowledged
                FROM f GROUP BY GROUPING SETS ((f.key), ())),
            medians AS (
                SELECT f.key, GROUPING(f.key) = 1 AS is_total, percentile_cont(0.5) WITHIN GROUP (ORDER BY h.hours) AS median
                FROM f CROSS JOIN LATERAL unnest(f.hours_to_acknowledge) AS h(hours) GROUP BY GROUPING SETS ((f.key), ()))
            SELECT {PeriodName(groupBy, "s.key")} AS key, s.is_total, s.referrals, s.overdue, s.acknowledged,
                m.median::float8 AS median_hours_to_acknowledge
            FROM sums s LEFT JOIN medians m ON m.is_total = s.is_total AND m.key IS NOT DISTINCT FROM s.key
            """;
        return db.Database.SqlQueryRaw<ReferralSumsRow>(sql, [.. Parameters(scope), new NpgsqlParameter("now", now)]).ToListAsync(cancellationToken);
    }

    public Task<List<ReferralStateRow>> ReferralStatesAsync(StatisticsGroupBy groupBy, ReportScope scope, CancellationToken cancellationToken)
    {
        var sql = $"""
            SELECT {PeriodName(groupBy, "f.key")} AS key, GROUPING(f.key) = 1 AS is_total, f.state AS state, sum(f.referrals)::int AS count
            FROM ({ReferralFacts(groupBy, scope)}) f
            GROUP BY GROUPING SETS ((f.key, f.state), (f.state))
            """;
        return db.Database.SqlQueryRaw<ReferralStateRow>(sql, Parameters(scope)).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The period's referrals in the scope as rows of the rollup's shape (key, state, referrals, acknowledged_late,
    /// hours_to_acknowledge, waiting_deadlines): the rollup's rows for the past days, one row per referral for the others.
    /// </summary>
    private static string ReferralFacts(StatisticsGroupBy groupBy, ReportScope scope)
    {
        var (rollupKey, liveKey, join, cut) = groupBy switch
        {
            StatisticsGroupBy.Departement => ("d.departement_code", "COALESCE(r.departement_code, 'None')", "", CallDayRollup.AllCalls),
            // A lookup per referral (only the last days' are read here): a join would have the planner read every call.
            StatisticsGroupBy.Motive => ("d.value", "(SELECT c.motive FROM calls c WHERE c.id = r.call_id)", "", CallDayRollup.ByMotive),
            StatisticsGroupBy.Outcome => ("d.value", "COALESCE(t.outcome, 'None')", "LEFT JOIN triages t ON t.id = r.triage_id", CallDayRollup.ByOutcome),
            _ => (PeriodStart(groupBy, "d.day::timestamp"), PeriodStart(groupBy, "r.sent_at AT TIME ZONE @zone"), "", CallDayRollup.AllCalls),
        };
        // A territory never counts the national team's referrals (as the referral inbox).
        var rollupTerritory = scope.Departements is not null ? "AND d.departement_code = ANY(@departements) AND NOT d.national_team"
            : groupBy == StatisticsGroupBy.Departement ? $"AND d.departement_code <> '{CallDayRollup.AllDepartements}'"
            : $"AND d.departement_code = '{CallDayRollup.AllDepartements}'";
        var territory = scope.Departements is null ? "" : $"AND NOT {ReferralDayRollup.NationalTeam} AND r.departement_code = ANY(@departements)";
        // Cut by département nationally, the rollup holds about one row per referral (a year's 50,000 over 101
        // départements): the referrals themselves are read then, without a join.
        var fromReferralsOnly = groupBy == StatisticsGroupBy.Departement && scope.Departements is null;
        var rollupRows = fromReferralsOnly ? "" : $"""
            SELECT {rollupKey} AS key, d.state, d.referrals, d.acknowledged_late, d.hours_to_acknowledge, d.waiting_deadlines
            FROM {ReferralDayRollup.Table} d
            WHERE {CallDayRollup.CurrentSettings} AND d.cut = '{cut}' AND d.day >= @first_day AND d.day < @live_day {rollupTerritory}
            UNION ALL
            """;
        return $"""
            {rollupRows}
            SELECT {liveKey} AS key, r.state, 1 AS referrals, CASE WHEN {ReferralDayRollup.AcknowledgedLate} THEN 1 ELSE 0 END AS acknowledged_late,
                CASE WHEN r.acknowledged_at IS NOT NULL THEN ARRAY[{ReferralDayRollup.HoursToAcknowledge}] ELSE ARRAY[]::float8[] END AS hours_to_acknowledge,
                CASE WHEN {ReferralDayRollup.Waiting} THEN ARRAY[r.acknowledge_by] ELSE ARRAY[]::timestamptz[] END AS waiting_deadlines
            FROM referrals r {join}
            WHERE r.sent_at >= {(fromReferralsOnly ? "@from" : "@live_from")} AND r.sent_at < @to {territory}
            """;
    }

    /// <summary>The local date a period starts on (rows are grouped on it; <see cref="PeriodName"/> names each group once).</summary>
    private static string PeriodStart(StatisticsGroupBy groupBy, string localTimestamp) => groupBy switch
    {
        StatisticsGroupBy.Week => $"date_trunc('week', {localTimestamp})::date",
        StatisticsGroupBy.Month => $"date_trunc('month', {localTimestamp})::date",
        _ => $"({localTimestamp})::date",
    };

    /// <summary>A group's key as the report shows it: periods as in <see cref="StatisticsReports.PeriodKey"/>.</summary>
    private static string PeriodName(StatisticsGroupBy groupBy, string key) => groupBy switch
    {
        StatisticsGroupBy.Week => $"to_char({key}, 'IYYY-\"W\"IW')",
        StatisticsGroupBy.Month => $"to_char({key}, 'YYYY-MM')",
        StatisticsGroupBy.Day => $"to_char({key}, 'YYYY-MM-DD')",
        _ => key,
    };

    private NpgsqlParameter[] Parameters(ReportScope scope) =>
    [
        .. rollup.Parameters(),
        new("from", scope.FromUtc),
        new("to", scope.ToUtc),
        new("departements", scope.Departements?.ToArray() ?? []),
        new("first_day", scope.FirstDay),
        new("live_day", scope.LiveDay),
        new("live_from", scope.LiveFromUtc),
    ];
}
