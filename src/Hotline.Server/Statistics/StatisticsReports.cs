using System.Globalization;
using Hotline.Server.Calls;
using Hotline.Server.Geography;
using Hotline.Server.Referrals;
using Hotline.Server.Triage;
using Microsoft.Extensions.Options;

namespace Hotline.Server.Statistics;

/// <summary>A report asked for: the period (inclusive, line time), the cut, and optionally one département.</summary>
public sealed record ReportRequest(DateOnly From, DateOnly To, StatisticsGroupBy GroupBy, string? Departement);

/// <summary>
/// Builds a report from <see cref="ReportQueries"/>: one row per group (every day, week or month of the period, every
/// motive and outcome, the départements with figures), French labels, and small-count suppression for coordinators.
/// </summary>
public sealed class StatisticsReports(ReportQueries queries, TimeProvider time, IOptions<StatisticsOptions> options)
{
    public const string NoneKey = "None";

    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    /// <param name="departements">The départements the report covers (null: all of them).</param>
    /// <param name="suppress">Counts under 5, and rates over fewer than 5, are left out (a coordinator reads it).</param>
    public async Task<StatisticsReport> BuildAsync(ReportRequest request, IReadOnlyList<string>? departements, bool suppress, CancellationToken cancellationToken)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);
        var end = request.To.AddDays(1);
        // Yesterday and today are read from the calls (still changing); the days before from the rollup.
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime);
        var liveDay = today.AddDays(-1) < request.From ? request.From : today.AddDays(-1) > end ? end : today.AddDays(-1);
        var scope = new ReportScope(StartOf(request.From, zone), StartOf(end, zone), departements, request.From, liveDay, StartOf(liveDay, zone));
        var calls = await queries.CallsAsync(request.GroupBy, scope, cancellationToken);
        var referrals = await queries.ReferralsAsync(request.GroupBy, scope, time.GetUtcNow(), cancellationToken);
        var states = await queries.ReferralStatesAsync(request.GroupBy, scope, cancellationToken);

        var keys = ExpectedKeys(request, departements)
            .Concat(calls.Where(r => !r.IsTotal).Select(r => r.Key!))
            .Concat(referrals.Where(r => !r.IsTotal).Select(r => r.Key!))
            .Distinct(StringComparer.Ordinal)
            .Order(KeyOrder(request.GroupBy))
            .ToList();
        var rows = keys.Select(key => Row(key, Label(request.GroupBy, key), calls.FirstOrDefault(r => !r.IsTotal && r.Key == key),
            referrals.FirstOrDefault(r => !r.IsTotal && r.Key == key), states.Where(s => !s.IsTotal && s.Key == key), suppress)).ToList();
        var total = Row("Total", "Total", calls.FirstOrDefault(r => r.IsTotal), referrals.FirstOrDefault(r => r.IsTotal), states.Where(s => s.IsTotal), suppress);
        return new StatisticsReport(request.From, request.To, request.GroupBy, request.Departement, suppress, rows, total);
    }

    private static ReportRow Row(string key, string label, CallSumsRow? calls, ReferralSumsRow? referrals, IEnumerable<ReferralStateRow> states, bool suppress)
    {
        var sums = calls?.Sums ?? CallSums.Zero;
        var minimum = suppress ? StatisticsOptions.SmallCount : 1;
        var byState = states.ToDictionary(s => s.State, s => s.Count, StringComparer.Ordinal);
        int? Shown(int count) => suppress && count < StatisticsOptions.SmallCount ? null : count;
        var acknowledged = referrals?.Acknowledged ?? 0;
        return new ReportRow(
            key,
            label,
            Shown(sums.Offered),
            Shown(sums.Answered),
            Shown(sums.Abandoned),
            sums.ServiceLevelPercent(minimum),
            sums.AverageSpeedOfAnswerSeconds(minimum),
            sums.AbandonRatePercent(minimum),
            sums.AverageHandleTimeSeconds(minimum),
            Shown(referrals?.Referrals ?? 0),
            Shown(referrals?.Overdue ?? 0),
            acknowledged >= minimum && referrals?.MedianHoursToAcknowledge is { } median ? Math.Round(median, 1) : null,
            [.. Enum.GetValues<ReferralState>().Select(state => new ReportStateCount(state, Shown(byState.GetValueOrDefault(state.ToString()))))]);
    }

    public static DateTimeOffset StartOf(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>The rows a report always has, figures or not (a month has all its days; a coordinator all their départements).</summary>
    private static IEnumerable<string> ExpectedKeys(ReportRequest request, IReadOnlyList<string>? departements)
    {
        switch (request.GroupBy)
        {
            case StatisticsGroupBy.Day or StatisticsGroupBy.Week or StatisticsGroupBy.Month:
                for (var day = request.From; day <= request.To; day = day.AddDays(1))
                {
                    yield return PeriodKey(request.GroupBy, day);
                }

                break;
            case StatisticsGroupBy.Motive:
                foreach (var motive in Enum.GetNames<CallMotive>())
                {
                    yield return motive;
                }

                break;
            case StatisticsGroupBy.Outcome:
                foreach (var outcome in Enum.GetNames<TriageOutcome>().Append(NoneKey))
                {
                    yield return outcome;
                }

                break;
            case StatisticsGroupBy.Departement:
                foreach (var departement in departements ?? [])
                {
                    yield return departement;
                }

                break;
        }
    }

    public static string PeriodKey(StatisticsGroupBy groupBy, DateOnly day) => groupBy switch
    {
        StatisticsGroupBy.Week => $"{ISOWeek.GetYear(day.ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(day.ToDateTime(TimeOnly.MinValue)):00}",
        StatisticsGroupBy.Month => day.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        _ => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    private static Comparer<string> KeyOrder(StatisticsGroupBy groupBy) => groupBy switch
    {
        StatisticsGroupBy.Motive => Comparer<string>.Create((a, b) => Rank<CallMotive>(a).CompareTo(Rank<CallMotive>(b))),
        StatisticsGroupBy.Outcome => Comparer<string>.Create((a, b) => Rank<TriageOutcome>(a).CompareTo(Rank<TriageOutcome>(b))),
        // Keys of periods and département codes sort as text ("2A" after "19", "971" after "95"); None last.
        _ => Comparer<string>.Create((a, b) => (a == NoneKey).CompareTo(b == NoneKey) is var none and not 0 ? none : string.CompareOrdinal(a, b)),
    };

    private static int Rank<TEnum>(string key)
        where TEnum : struct, Enum => Enum.TryParse<TEnum>(key, out var value) ? Convert.ToInt32(value, CultureInfo.InvariantCulture) : int.MaxValue;

    public static string Label(StatisticsGroupBy groupBy, string key) => groupBy switch
    {
        StatisticsGroupBy.Day when DateOnly.TryParseExact(key, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) =>
            day.ToString("dddd d MMMM yyyy", French),
        StatisticsGroupBy.Week when key.Split("-W") is [var year, var week] => $"Semaine {int.Parse(week, CultureInfo.InvariantCulture)} de {year}",
        StatisticsGroupBy.Month when DateOnly.TryParseExact(key + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month) =>
            month.ToString("MMMM yyyy", French),
        StatisticsGroupBy.Departement when key == NoneKey => "Département non renseigné",
        StatisticsGroupBy.Departement => GeographyCatalog.Shared.FindDepartement(key) is { } departement ? $"{departement.Code} – {departement.Name}" : key,
        StatisticsGroupBy.Motive => key switch
        {
            nameof(CallMotive.Question) => "Question",
            nameof(CallMotive.Signal) => "Situation inquiétante",
            nameof(CallMotive.Urgent) => "Urgence",
            _ => "Motif non précisé",
        },
        StatisticsGroupBy.Outcome => key switch
        {
            nameof(TriageOutcome.InformationGiven) => "Information donnée",
            nameof(TriageOutcome.AdviceGiven) => "Conseil donné",
            nameof(TriageOutcome.ReferToDepartementalCell) => "Orientation vers la cellule départementale",
            nameof(TriageOutcome.ReferToCommuneCell) => "Orientation vers une cellule municipale (CMER)",
            nameof(TriageOutcome.ReferToChildProtection) => "Information préoccupante (CRIP)",
            nameof(TriageOutcome.ImmediateDanger) => "Danger immédiat (17/112)",
            nameof(TriageOutcome.NoFollowUp) => "Sans suite",
            _ => "Issue non renseignée",
        },
        _ => key,
    };
}
