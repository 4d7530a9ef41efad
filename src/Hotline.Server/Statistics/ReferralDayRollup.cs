using Hotline.Server.Referrals;
using Hotline.Server.ServiceDirectory;

namespace Hotline.Server.Statistics;

/// <summary>
/// The past days' referral figures (<c>statistics_referral_days</c>), built by <see cref="CallDayRollup"/> with the calls
/// of the same days: per local day of sending, département (and whether the national team received it: a territory
/// never counts those), motive or outcome, and state. The median and the overdue count cannot be summed, so a row keeps
/// what makes them exact: each acknowledgement delay, and the deadline of each referral still waiting (overdue once
/// past, whenever the report is read). The triggers forget a day when one of its referrals, their calls' motive or
/// their triages' outcome changes.
/// </summary>
public static class ReferralDayRollup
{
    public const string Table = "statistics_referral_days";

    /// <summary>Hours from sending to acknowledgement (alias <c>r</c>), as the median reads it.</summary>
    public const string HoursToAcknowledge = "(EXTRACT(EPOCH FROM r.acknowledged_at - r.sent_at) / 3600.0)::float8";

    /// <summary>Acknowledged after its deadline: overdue whatever the time of the report.</summary>
    public const string AcknowledgedLate = "r.acknowledged_at > r.acknowledge_by";

    /// <summary>Still waiting for its acknowledgement: overdue once its deadline (<c>acknowledge_by</c>) is past.</summary>
    public const string Waiting = $"(r.acknowledged_at IS NULL AND r.state = '{nameof(ReferralState.Sent)}')";

    public const string NationalTeam = $"r.service_kind = '{nameof(ServiceKind.NationalTeam)}'";

    /// <summary>
    /// Rebuilds the days <c>@days</c> (whose referrals are sent in [<c>@from</c>, <c>@to</c>)) for the current settings;
    /// runs in <see cref="CallDayRollup"/>'s transaction.
    /// </summary>
    public const string Build = $"""
        DELETE FROM {Table} d WHERE {CallDayRollup.CurrentSettings} AND d.day = ANY(@days);
        INSERT INTO {Table} (zone, service_level_seconds, short_abandon_seconds, cut, day, departement_code, national_team, value, state,
            referrals, acknowledged_late, hours_to_acknowledge, waiting_deadlines)
        SELECT @zone, @service_level_int, @short_abandon_int,
            CASE WHEN GROUPING(r.rollup_motive) = 0 THEN '{CallDayRollup.ByMotive}' WHEN GROUPING(r.rollup_outcome) = 0 THEN '{CallDayRollup.ByOutcome}' ELSE '{CallDayRollup.AllCalls}' END,
            r.rollup_day, CASE WHEN GROUPING(r.rollup_departement) = 0 THEN r.rollup_departement ELSE '{CallDayRollup.AllDepartements}' END,
            COALESCE(r.national_team, false), COALESCE(r.rollup_motive, r.rollup_outcome, ''), r.state,
            count(*)::int, count(*) FILTER (WHERE {AcknowledgedLate})::int,
            COALESCE(array_agg({HoursToAcknowledge}) FILTER (WHERE r.acknowledged_at IS NOT NULL), ARRAY[]::float8[]),
            COALESCE(array_agg(r.acknowledge_by) FILTER (WHERE {Waiting}), ARRAY[]::timestamptz[])
        FROM (SELECT (r.sent_at AT TIME ZONE @zone)::date AS rollup_day, COALESCE(r.departement_code, 'None') AS rollup_departement,
                     {NationalTeam} AS national_team, c.motive AS rollup_motive, COALESCE(t.outcome, 'None') AS rollup_outcome, r.*
              FROM referrals r JOIN calls c ON c.id = r.call_id LEFT JOIN triages t ON t.id = r.triage_id
              WHERE r.sent_at >= @from AND r.sent_at < @to) r
        WHERE r.rollup_day = ANY(@days)
        GROUP BY GROUPING SETS ((r.rollup_day, r.rollup_departement, r.national_team, r.state),
                                (r.rollup_day, r.rollup_departement, r.national_team, r.rollup_motive, r.state),
                                (r.rollup_day, r.rollup_departement, r.national_team, r.rollup_outcome, r.state),
                                (r.rollup_day, r.state), (r.rollup_day, r.rollup_motive, r.state), (r.rollup_day, r.rollup_outcome, r.state));
        """;
}
