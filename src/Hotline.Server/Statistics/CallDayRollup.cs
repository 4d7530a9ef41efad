using Hotline.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Hotline.Server.Statistics;

/// <summary>
/// The past days' call sums (<c>statistics_call_days</c>), per local day and département, also cut by motive and by
/// outcome, so that a one-year report sums a few thousand rows instead of every call. A day is built from the calls with
/// <see cref="CallFigures.Sums"/> (the same definitions as today's figures) the first time a report needs it, for the
/// current settings, with the same days' referrals (<see cref="ReferralDayRollup"/>); the database's triggers forget a
/// built day whenever one of its calls, triages or referrals changes.
/// </summary>
public sealed class CallDayRollup(HotlineDbContext db, IOptions<StatisticsOptions> options)
{
    public const string Table = "statistics_call_days";

    /// <summary>Which rows of the rollup a report reads (<c>cut</c> column; <c>value</c> holds the motive or outcome).</summary>
    public const string AllCalls = "All", ByMotive = "Motive", ByOutcome = "Outcome";

    /// <summary>The <c>departement_code</c> of the rows summing every département (a national report reads ~365 rows a year).</summary>
    public const string AllDepartements = "*";

    /// <summary>The rollup rows of the current settings (alias <c>d</c>; parameters of <see cref="Parameters"/>).</summary>
    public const string CurrentSettings =
        "d.zone = @zone AND d.service_level_seconds = @service_level_int AND d.short_abandon_seconds = @short_abandon_int";

    /// <summary>Builds the days in [<paramref name="first"/>, <paramref name="end"/>) not built for the current settings.</summary>
    public async Task EnsureBuiltAsync(DateOnly first, DateOnly end, CancellationToken cancellationToken)
    {
        if (first >= end)
        {
            return;
        }

        var missing = await db.Database.SqlQueryRaw<DateOnly>(
            """
            SELECT g.day::date AS "Value" FROM generate_series(@first::timestamp, @end::timestamp - interval '1 day', interval '1 day') AS g(day)
            WHERE NOT EXISTS (SELECT 1 FROM statistics_built_days d WHERE d.day = g.day::date AND {0})
            """.Replace("{0}", CurrentSettings, StringComparison.Ordinal),
            [.. Parameters(), new NpgsqlParameter("first", first), new NpgsqlParameter("end", end)]).ToListAsync(cancellationToken);
        if (missing.Count > 0)
        {
            await BuildAsync(missing, cancellationToken);
        }
    }

    /// <summary>
    /// Builds the days a month at a time, each month in its own transaction: a year's first report builds twelve
    /// statements of a second or two instead of one that a loaded machine can stretch past the command timeout (a
    /// request cut short keeps the months already built).
    /// </summary>
    private async Task BuildAsync(List<DateOnly> days, CancellationToken cancellationToken)
    {
        foreach (var chunk in days.Order().Chunk(DaysPerBuild))
        {
            await BuildChunkAsync(chunk, cancellationToken);
        }
    }

    private const int DaysPerBuild = 31;

    private async Task BuildChunkAsync(DateOnly[] days, CancellationToken cancellationToken)
    {
        // The day is marked built before it is read: a call changing meanwhile forgets it again once this commits.
        var sql = $"""
            SELECT pg_advisory_xact_lock(hashtext('{Table}'));
            INSERT INTO statistics_built_days (zone, service_level_seconds, short_abandon_seconds, day)
            SELECT @zone, @service_level_int, @short_abandon_int, unnest(@days) ON CONFLICT DO NOTHING;
            DELETE FROM {Table} d WHERE {CurrentSettings} AND d.day = ANY(@days);
            INSERT INTO {Table} (zone, service_level_seconds, short_abandon_seconds, cut, day, departement_code, value,
                offered, answered, abandoned, short_abandoned, within_service_level, answer_seconds, handled, handle_seconds)
            SELECT @zone, @service_level_int, @short_abandon_int,
                CASE WHEN GROUPING(c.rollup_motive) = 0 THEN '{ByMotive}' WHEN GROUPING(c.rollup_outcome) = 0 THEN '{ByOutcome}' ELSE '{AllCalls}' END,
                c.rollup_day, CASE WHEN GROUPING(c.rollup_departement) = 0 THEN c.rollup_departement ELSE '{AllDepartements}' END,
                COALESCE(c.rollup_motive, c.rollup_outcome, ''),
                {CallFigures.Sums}
            FROM (SELECT (c.queued_at AT TIME ZONE @zone)::date AS rollup_day, COALESCE(c.departement_code, 'None') AS rollup_departement,
                         c.motive AS rollup_motive, COALESCE(t.outcome, 'None') AS rollup_outcome, c.*
                  FROM calls c LEFT JOIN triages t ON t.call_id = c.id
                  WHERE c.queued_at >= @from AND c.queued_at < @to AND {CallFigures.OfferedCalls}) c
            WHERE c.rollup_day = ANY(@days)
            GROUP BY GROUPING SETS ((c.rollup_day, c.rollup_departement), (c.rollup_day, c.rollup_departement, c.rollup_motive),
                                    (c.rollup_day, c.rollup_departement, c.rollup_outcome),
                                    (c.rollup_day), (c.rollup_day, c.rollup_motive), (c.rollup_day, c.rollup_outcome));
            {ReferralDayRollup.Build}
            """;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync(sql,
            [.. Parameters(), new NpgsqlParameter("days", days),
             new NpgsqlParameter("from", StatisticsReports.StartOf(days.Min(), zone)),
             new NpgsqlParameter("to", StatisticsReports.StartOf(days.Max().AddDays(1), zone))],
            cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The settings a rollup row is computed with, and the thresholds <see cref="CallFigures"/> reads.</summary>
    public NpgsqlParameter[] Parameters()
    {
        var settings = options.Value;
        return
        [
            new("zone", settings.TimeZone),
            new("service_level", (double)settings.ServiceLevelSeconds),
            new("short_abandon", (double)settings.ShortAbandonSeconds),
            new("service_level_int", settings.ServiceLevelSeconds),
            new("short_abandon_int", settings.ShortAbandonSeconds),
        ];
    }
}
