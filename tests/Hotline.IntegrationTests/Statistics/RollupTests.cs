using System.Globalization;
using System.Net;
using Hotline.IntegrationTests.Referrals;
using Hotline.IntegrationTests.Triage;
using Hotline.Server.Calls;
using Hotline.Server.Data;
using Hotline.Server.Referrals;
using Hotline.Server.Statistics;
using Hotline.Server.Triage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.IntegrationTests.Statistics;

/// <summary>
/// Days before yesterday are read from the rollup: the same figures as from the calls, and a late change to one of the
/// day's calls (a new call, a corrected département) or referrals (an acknowledgement, a corrected motive or outcome)
/// shows in the next report.
/// </summary>
public sealed class RollupTests(StatisticsApp app) : IClassFixture<StatisticsApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    // Monday 12 October 2026, three weeks before the app's today: read from the rollup.
    private const string PastDay = "from=2026-10-12&to=2026-10-12";

    private async Task<StatisticsReport> ReportAsync(string userName, string query)
    {
        using var client = await app.SignInAsync(userName);
        using var response = await client.GetAsync($"/api/statistics/report?{query}", Cancel);
        return await response.ReadAsync<StatisticsReport>();
    }

    [Fact]
    public async Task A_past_day_from_the_rollup_has_the_definitions_figures_and_follows_late_changes()
    {
        var start = new DateTimeOffset(2026, 10, 12, 8, 0, 0, TimeSpan.Zero);
        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
            db.Calls.AddRange(
                StatisticsApp.Answered(start, "13", CallMotive.Signal, after: 10, talk: 300, wrapUp: 60),
                StatisticsApp.Answered(start.AddMinutes(10), "13", CallMotive.Question, after: 50, talk: 100, wrapUp: 20),
                StatisticsApp.Abandoned(start.AddMinutes(20), "13", after: 3),
                StatisticsApp.Abandoned(start.AddMinutes(30), "13", after: 40),
                StatisticsApp.Answered(start.AddHours(3), "84", CallMotive.Question, after: 5, talk: 60, wrapUp: 30),
                StatisticsApp.Abandoned(start.AddHours(4), "84", after: 20));
            await db.SaveChangesAsync(Cancel);
        }

        // 13: 4 offered, 2 answered, 2 abandoned (1 short); SL 1/(2+2−1); ASA 60/2; abandon 1/3; AHT (360+120)/2.
        var first = await ReportAsync("supervisor1", $"{PastDay}&groupBy=departement");
        var bouches = Assert.Single(first.Rows, r => r.Key == "13");
        Assert.Equal((4, 2, 2), (bouches.Offered, bouches.Answered, bouches.Abandoned));
        Assert.Equal((33.3, 30.0, 33.3, 240.0),
            (bouches.ServiceLevelPercent, bouches.AverageSpeedOfAnswerSeconds, bouches.AbandonRatePercent, bouches.AverageHandleTimeSeconds));
        Assert.Equal((6, 3, 3), (first.Total.Offered, first.Total.Answered, first.Total.Abandoned));
        Assert.True(await RollupRowsAsync() > 0, "the past day was not read from the rollup");

        // The other cuts of the same day add up to the same calls.
        var byMotive = await ReportAsync("supervisor1", $"{PastDay}&groupBy=motive");
        Assert.Equal((1, 5), (Assert.Single(byMotive.Rows, r => r.Key == "Signal").Offered, Assert.Single(byMotive.Rows, r => r.Key == "Question").Offered));
        var byMonth = await ReportAsync("supervisor1", "from=2026-10-01&to=2026-11-02&groupBy=month");
        Assert.Equal(6, Assert.Single(byMonth.Rows, r => r.Key == "2026-10").Offered);
        var byWeek = await ReportAsync("supervisor1", "from=2026-10-01&to=2026-10-31&groupBy=week");
        Assert.Equal(6, Assert.Single(byWeek.Rows, r => r.Key == "2026-W42").Offered);

        // Late changes: one more call that day in the Vaucluse, and the Vaucluse's abandon corrected to the Gard (30).
        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
            db.Calls.Add(StatisticsApp.Answered(start.AddHours(5), "84", CallMotive.Urgent, after: 20, talk: 60, wrapUp: 30));
            await db.SaveChangesAsync(Cancel);
            await db.Calls.Where(c => c.DepartementCode == "84" && c.Status == CallStatus.Abandoned && c.QueuedAt < start.AddDays(1))
                .ExecuteUpdateAsync(set => set.SetProperty(c => c.DepartementCode, "30"), Cancel);
        }

        var second = await ReportAsync("supervisor1", $"{PastDay}&groupBy=departement");
        Assert.Equal((2, 2, 0), Figures(second, "84"));
        Assert.Equal((1, 0, 1), Figures(second, "30"));
        Assert.Equal((7, 4, 3), (second.Total.Offered, second.Total.Answered, second.Total.Abandoned));

        // A coordinator's territory and suppression apply to the rollup as to the calls.
        var own = Assert.Single((await ReportAsync("coordinator84", $"{PastDay}&groupBy=departement")).Rows);
        Assert.Equal(("84", (int?)null), (own.Key, own.Offered));
    }

    [Fact]
    public async Task A_past_days_referrals_from_the_rollup_follow_an_acknowledgement_a_corrected_motive_and_outcome()
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        using var supervisor = await app.SignInAsync("supervisor1");
        var first = (await app.NewReferralAsync(counsellor, "84007")).Referral.Id;
        var second = (await app.NewReferralAsync(counsellor, "84007")).Referral.Id;
        app.Clock.Advance(TimeSpan.FromHours(2));
        using (var acknowledged = await supervisor.ActAsync(first, "acknowledge"))
        {
            Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);
        }

        // Three days later, the day they were sent on is read from the rollup.
        app.Clock.Advance(TimeSpan.FromDays(3));
        var (one, two) = (await app.StoredReferralAsync(first), await app.StoredReferralAsync(second));
        var sentOn = one.SentAt.ToOffset(TimeSpan.FromHours(1)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var day = $"from={sentOn}&to={sentOn}";
        var overdue = two.AcknowledgeBy <= app.Clock.GetUtcNow() ? 1 : 0;
        var before = Assert.Single((await ReportAsync("supervisor1", $"{day}&groupBy=departement")).Rows, r => r.Key == "84");
        Assert.Equal((2, overdue, Hours(one), 1, 1), (before.Referrals, before.ReferralsOverdue, before.MedianHoursToAcknowledge,
            Count(before, ReferralState.Acknowledged), Count(before, ReferralState.Sent)));
        Assert.True(await ReferralRollupRowsAsync(one.SentAt) > 0, "the past day's referrals were not read from the rollup");
        var motive = (await ReportAsync("supervisor1", $"{day}&groupBy=motive")).Rows.Where(r => r.Referrals > 0).Select(r => (r.Key, r.Referrals)).ToList();
        var outcome = (await ReportAsync("supervisor1", $"{day}&groupBy=outcome")).Rows.Where(r => r.Referrals > 0).Select(r => (r.Key, r.Referrals)).ToList();
        Assert.Equal(("ReferToDepartementalCell", (int?)2), Assert.Single(outcome));

        // Late changes: the second acknowledged now (late, if its deadline has passed), the first call's motive corrected
        // to an urgency, its triage's outcome corrected.
        using var supervisorLater = await app.SignInAsync("supervisor1");
        using (var acknowledged = await supervisorLater.ActAsync(second, "acknowledge"))
        {
            Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);
        }

        var corrected = one.CallId == two.CallId ? throw new InvalidOperationException("one call per referral expected") : one.CallId;
        var oldMotive = motive.Single().Key;
        var newMotive = oldMotive == nameof(CallMotive.Urgent) ? nameof(CallMotive.Question) : nameof(CallMotive.Urgent);
        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
            await db.Calls.Where(c => c.Id == corrected).ExecuteUpdateAsync(set => set.SetProperty(c => c.Motive, Enum.Parse<CallMotive>(newMotive)), Cancel);
            await db.Triages.Where(t => t.CallId == corrected)
                .ExecuteUpdateAsync(set => set.SetProperty(t => t.Outcome, (TriageOutcome?)TriageOutcome.ReferToCommuneCell), Cancel);
        }

        two = await app.StoredReferralAsync(second);
        var after = Assert.Single((await ReportAsync("supervisor1", $"{day}&groupBy=departement")).Rows, r => r.Key == "84");
        Assert.Equal((2, overdue, Math.Round((Hours(one)!.Value + Hours(two)!.Value) / 2, 1), 2, 0),
            (after.Referrals, after.ReferralsOverdue, after.MedianHoursToAcknowledge,
             Count(after, ReferralState.Acknowledged), Count(after, ReferralState.Sent)));
        var byMotive = (await ReportAsync("supervisor1", $"{day}&groupBy=motive")).Rows;
        Assert.Equal((1, 1), (Assert.Single(byMotive, r => r.Key == oldMotive).Referrals, Assert.Single(byMotive, r => r.Key == newMotive).Referrals));
        var byOutcome = (await ReportAsync("supervisor1", $"{day}&groupBy=outcome")).Rows;
        Assert.Equal((1, 1), (Assert.Single(byOutcome, r => r.Key == "ReferToDepartementalCell").Referrals,
            Assert.Single(byOutcome, r => r.Key == "ReferToCommuneCell").Referrals));
    }

    private static double? Hours(Referral referral) =>
        referral.AcknowledgedAt is { } at ? Math.Round((at - referral.SentAt).TotalHours, 1) : null;

    private static int? Count(ReportRow row, ReferralState state) => Assert.Single(row.ReferralsByState, s => s.State == state).Count;

    private async Task<int> ReferralRollupRowsAsync(DateTimeOffset sentAt)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        return await db.Database.SqlQueryRaw<int>(
            $"SELECT count(*)::int AS \"Value\" FROM {ReferralDayRollup.Table} WHERE day = (@sent AT TIME ZONE 'Europe/Paris')::date",
            new Npgsql.NpgsqlParameter("sent", sentAt)).SingleAsync(Cancel);
    }

    private static (int?, int?, int?) Figures(StatisticsReport report, string key)
    {
        var row = Assert.Single(report.Rows, r => r.Key == key);
        return (row.Offered, row.Answered, row.Abandoned);
    }

    private async Task<int> RollupRowsAsync()
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        return await db.Database.SqlQueryRaw<int>(
            $"SELECT count(*)::int AS \"Value\" FROM {CallDayRollup.Table} WHERE day = DATE '2026-10-12'").SingleAsync(Cancel);
    }
}
