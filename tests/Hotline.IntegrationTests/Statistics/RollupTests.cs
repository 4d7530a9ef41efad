using Hotline.IntegrationTests.Triage;
using Hotline.Server.Calls;
using Hotline.Server.Data;
using Hotline.Server.Statistics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.IntegrationTests.Statistics;

/// <summary>
/// Days before yesterday are read from the rollup: the same figures as from the calls, and a late change to one of the
/// day's calls (a new call, a corrected département) shows in the next report.
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
