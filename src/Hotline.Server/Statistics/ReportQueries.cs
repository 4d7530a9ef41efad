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

/// <summary>What a report covers: a period in UTC, and the départements (null: all).</summary>
public sealed record ReportScope(DateTimeOffset FromUtc, DateTimeOffset ToUtc, IReadOnlyList<string>? Departements);

/// <summary>
/// The report's SQL: each figure an aggregate over the period's rows (never rows into memory), with the total in the
/// same statement (GROUPING SETS). The group expressions are this class's constants, never input.
/// </summary>
public sealed class ReportQueries(HotlineDbContext db, Microsoft.Extensions.Options.IOptions<StatisticsOptions> options)
{
    public Task<List<CallSumsRow>> CallsAsync(StatisticsGroupBy groupBy, ReportScope scope, CancellationToken cancellationToken)
    {
        var key = groupBy switch
        {
            StatisticsGroupBy.Departement => "COALESCE(c.departement_code, 'None')",
            StatisticsGroupBy.Motive => "c.motive",
            StatisticsGroupBy.Outcome => "COALESCE(t.outcome, 'None')",
            _ => PeriodKey(groupBy, "c.queued_at"),
        };
        var join = groupBy == StatisticsGroupBy.Outcome ? "LEFT JOIN triages t ON t.call_id = c.id" : "";
        var territory = scope.Departements is null ? "" : "AND c.departement_code = ANY(@departements)";
        var sql = $"""
            SELECT c.key AS key, GROUPING(c.key) = 1 AS is_total,
            {CallFigures.Sums}
            FROM (SELECT {key} AS key, c.* FROM calls c {join}
                  WHERE c.queued_at >= @from AND c.queued_at < @to AND {CallFigures.OfferedCalls} {territory}) c
            GROUP BY GROUPING SETS ((c.key), ())
            """;
        return db.Database.SqlQueryRaw<CallSumsRow>(sql, Parameters(scope)).ToListAsync(cancellationToken);
    }

    public Task<List<ReferralSumsRow>> ReferralsAsync(StatisticsGroupBy groupBy, ReportScope scope, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var sql = $"""
            SELECT r.key AS key, GROUPING(r.key) = 1 AS is_total,
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
            SELECT r.key AS key, GROUPING(r.key) = 1 AS is_total, r.state AS state, count(*)::int AS count
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

    private static string PeriodKey(StatisticsGroupBy groupBy, string column) => groupBy switch
    {
        StatisticsGroupBy.Week => $"to_char({column} AT TIME ZONE @zone, 'IYYY-\"W\"IW')",
        StatisticsGroupBy.Month => $"to_char({column} AT TIME ZONE @zone, 'YYYY-MM')",
        _ => $"to_char({column} AT TIME ZONE @zone, 'YYYY-MM-DD')",
    };

    private static (string Key, string Join) ReferralKey(StatisticsGroupBy groupBy) => groupBy switch
    {
        StatisticsGroupBy.Departement => ("COALESCE(r.departement_code, 'None')", ""),
        StatisticsGroupBy.Motive => ("c.motive", "JOIN calls c ON c.id = r.call_id"),
        StatisticsGroupBy.Outcome => ("COALESCE(t.outcome, 'None')", "LEFT JOIN triages t ON t.id = r.triage_id"),
        _ => (PeriodKey(groupBy, "r.sent_at"), ""),
    };

    /// <summary>A territory sees its départements' referrals, never the national team's (as the referral inbox).</summary>
    private static string ReferralTerritory(ReportScope scope) => scope.Departements is null
        ? ""
        : $"AND r.service_kind <> '{nameof(ServiceKind.NationalTeam)}' AND r.departement_code = ANY(@departements)";

    private NpgsqlParameter[] Parameters(ReportScope scope)
    {
        var settings = options.Value;
        return
        [
            new("from", scope.FromUtc),
            new("to", scope.ToUtc),
            new("zone", settings.TimeZone),
            new("service_level", (double)settings.ServiceLevelSeconds),
            new("short_abandon", (double)settings.ShortAbandonSeconds),
            new("departements", scope.Departements?.ToArray() ?? []),
        ];
    }
}
