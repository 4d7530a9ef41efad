using Hotline.Server.Data;
using Hotline.Server.ServiceDirectory;
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
            [.. Parameters(scope), new NpgsqlParameter("first_day", scope.FirstDay), new NpgsqlParameter("live_day", scope.LiveDay),
             new NpgsqlParameter("live_from", scope.LiveFromUtc)]).ToListAsync(cancellationToken);
    }

    public Task<List<ReferralSumsRow>> ReferralsAsync(StatisticsGroupBy groupBy, ReportScope scope, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var sql = $"""
            SELECT {PeriodName(groupBy, "r.key")} AS key, GROUPING(r.key) = 1 AS is_total,
                count(*)::int AS referrals,
                count(*) FILTER (WHERE r.acknowledged_at > r.acknowledge_by
                                    OR (r.acknowledged_at IS NULL AND r.state = 'Sent' AND r.acknowledge_by <= @now))::int AS overdue,
                count(r.acknowledged_at)::int AS acknowledged,
                (percentile_cont(0.5) WITHIN GROUP (ORDER BY EXTRACT(EPOCH FROM r.acknowledged_at - r.sent_at) / 3600.0))::float8
                    AS median_hours_to_acknowledge
            FROM {Filtered(groupBy, scope)}
            GROUP BY GROUPING SETS ((r.key), ())
            """;
        return db.Database.SqlQueryRaw<ReferralSumsRow>(sql, [.. Parameters(scope), new NpgsqlParameter("now", now)]).ToListAsync(cancellationToken);
    }

    public Task<List<ReferralStateRow>> ReferralStatesAsync(StatisticsGroupBy groupBy, ReportScope scope, CancellationToken cancellationToken)
    {
        var sql = $"""
            SELECT {PeriodName(groupBy, "r.key")} AS key, GROUPING(r.key) = 1 AS is_total, r.state AS state, count(*)::int AS count
            FROM {Filtered(groupBy, scope)}
            GROUP BY GROUPING SETS ((r.key, r.state), (r.state))
            """;
        return db.Database.SqlQueryRaw<ReferralStateRow>(sql, Parameters(scope)).ToListAsync(cancellationToken);
    }

    /// <summary>The period's referrals in the scope, each with its group key, as the subquery <c>r</c>.</summary>
    private static string Filtered(StatisticsGroupBy groupBy, ReportScope scope)
    {
        var (key, join) = ReferralKey(groupBy);
        return $"(SELECT {key} AS key, r.* FROM referrals r {join} WHERE r.sent_at >= @from AND r.sent_at < @to {ReferralTerritory(scope)}) r";
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

    private static (string Key, string Join) ReferralKey(StatisticsGroupBy groupBy) => groupBy switch
    {
        StatisticsGroupBy.Departement => ("COALESCE(r.departement_code, 'None')", ""),
        // A lookup per referral: a join would have the planner read the whole calls table.
        StatisticsGroupBy.Motive => ("(SELECT c.motive FROM calls c WHERE c.id = r.call_id)", ""),
        StatisticsGroupBy.Outcome => ("COALESCE(t.outcome, 'None')", "LEFT JOIN triages t ON t.id = r.triage_id"),
        _ => (PeriodStart(groupBy, "r.sent_at AT TIME ZONE @zone"), ""),
    };

    /// <summary>A territory sees its départements' referrals, never the national team's (as the referral inbox).</summary>
    private static string ReferralTerritory(ReportScope scope) => scope.Departements is null
        ? ""
        : $"AND r.service_kind <> '{nameof(ServiceKind.NationalTeam)}' AND r.departement_code = ANY(@departements)";

    private NpgsqlParameter[] Parameters(ReportScope scope) =>
    [
        .. rollup.Parameters(),
        new("from", scope.FromUtc),
        new("to", scope.ToUtc),
        new("departements", scope.Departements?.ToArray() ?? []),
    ];
}
