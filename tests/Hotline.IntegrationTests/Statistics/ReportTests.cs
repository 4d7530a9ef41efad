using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Hotline.IntegrationTests.Referrals;
using Hotline.IntegrationTests.Triage;
using Hotline.Server.Referrals;
using Hotline.Server.Statistics;

namespace Hotline.IntegrationTests.Statistics;

/// <summary>Reports over a hand-made event log whose figures are known; territory scoping; small-count suppression; CSV.</summary>
public sealed class ReportTests(StatisticsApp app) : IClassFixture<StatisticsApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private const string KnownDay = "from=2026-11-02&to=2026-11-02";

    private async Task<StatisticsReport> ReportAsync(string userName, string query)
    {
        await app.SeededAsync();
        using var client = await app.SignInAsync(userName);
        using var response = await client.GetAsync($"/api/statistics/report?{query}", Cancel);
        return await response.ReadAsync<StatisticsReport>();
    }

    private async Task<(HttpStatusCode Status, string? Code)> RefusalAsync(string userName, string path)
    {
        using var client = await app.SignInAsync(userName);
        using var response = await client.GetAsync(path, Cancel);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        return (response.StatusCode, body.TryGetProperty("code", out var code) ? code.GetString() : null);
    }

    [Fact]
    public async Task Each_figure_of_the_known_day_is_what_the_definitions_give()
    {
        var report = await ReportAsync("supervisor1", $"{KnownDay}&groupBy=departement");

        // Figure                     | 13 (Bouches-du-Rhône)                     | 84 (Vaucluse)
        // offered                    | 8 (4 answered, 3 abandoned, 1 voicemail)  | 2
        // short abandons (< 5 s)     | 1 (hung up after 3 s)                     | 0
        // service level (≤ 30 s)     | 3 / (4 + 3 − 1) = 50 %                    | 1 / (1 + 1) = 50 %
        // speed of answer            | (10 + 20 + 50 + 30) / 4 = 27.5 s          | 5 s
        // abandon rate               | (3 − 1) / (8 − 1) = 28.6 %                | 1 / 2 = 50 %
        // handle time (talk+wrap-up) | (360 + 240 + 120) / 3 = 240 s (1 still in wrap-up) | 90 s
        var bouches = Assert.Single(report.Rows, r => r.Key == "13");
        Assert.Equal((8, 4, 3), (bouches.Offered, bouches.Answered, bouches.Abandoned));
        Assert.Equal(50.0, bouches.ServiceLevelPercent);
        Assert.Equal(27.5, bouches.AverageSpeedOfAnswerSeconds);
        Assert.Equal(28.6, bouches.AbandonRatePercent);
        Assert.Equal(240.0, bouches.AverageHandleTimeSeconds);
        Assert.Equal("13 – Bouches-du-Rhône", bouches.Label);

        var vaucluse = Assert.Single(report.Rows, r => r.Key == "84");
        Assert.Equal((2, 1, 1), (vaucluse.Offered, vaucluse.Answered, vaucluse.Abandoned));
        Assert.Equal((50.0, 5.0, 50.0, 90.0),
            (vaucluse.ServiceLevelPercent, vaucluse.AverageSpeedOfAnswerSeconds, vaucluse.AbandonRatePercent, vaucluse.AverageHandleTimeSeconds));

        // The total: 10 offered, 5 answered, 4 abandoned (1 short); SL 4/8; ASA 115/5; abandon 3/9; AHT 810/4.
        Assert.Equal((10, 5, 4), (report.Total.Offered, report.Total.Answered, report.Total.Abandoned));
        Assert.Equal((50.0, 23.0, 33.3, 202.5),
            (report.Total.ServiceLevelPercent, report.Total.AverageSpeedOfAnswerSeconds, report.Total.AbandonRatePercent, report.Total.AverageHandleTimeSeconds));
        Assert.False(report.SmallCountsSuppressed);
    }

    [Fact]
    public async Task Days_weeks_months_motives_and_outcomes_cut_the_same_calls()
    {
        var days = await ReportAsync("supervisor1", "from=2026-11-01&to=2026-11-30&groupBy=day&departement=13");
        Assert.Equal(30, days.Rows.Count);
        var monday = Assert.Single(days.Rows, r => r.Key == "2026-11-02");
        Assert.Equal("lundi 2 novembre 2026", monday.Label);
        Assert.Equal(8, monday.Offered);
        Assert.Equal(0, Assert.Single(days.Rows, r => r.Key == "2026-11-01").Offered);

        var weeks = await ReportAsync("supervisor1", $"{KnownDay}&groupBy=week&departement=13");
        Assert.Equal("2026-W45", Assert.Single(weeks.Rows).Key);
        var months = await ReportAsync("supervisor1", $"{KnownDay}&groupBy=month&departement=13");
        Assert.Equal(("2026-11", "novembre 2026", 8), (Assert.Single(months.Rows).Key, months.Rows[0].Label, months.Rows[0].Offered));

        var motives = await ReportAsync("supervisor1", $"{KnownDay}&groupBy=motive&departement=13");
        Assert.Equal(["Unspecified", "Question", "Signal", "Urgent"], motives.Rows.Select(r => r.Key));
        Assert.Equal([0, 5, 2, 1], motives.Rows.Select(r => r.Offered ?? -1));

        var outcomes = await ReportAsync("supervisor1", $"{KnownDay}&groupBy=outcome&departement=13");
        Assert.Equal(8, Assert.Single(outcomes.Rows, r => r.Key == "None").Offered);
        Assert.Equal(8, outcomes.Total.Offered);
    }

    [Fact]
    public async Task A_coordinator_sees_their_territory_only_with_counts_under_five_suppressed()
    {
        // coordinator84 never sees 13: not as a filter, not as a row.
        Assert.Equal((HttpStatusCode.Forbidden, "statistics-out-of-territory"),
            await RefusalAsync("coordinator84", $"/api/statistics/report?{KnownDay}&groupBy=day&departement=13"));
        Assert.Equal((HttpStatusCode.Forbidden, "statistics-out-of-territory"),
            await RefusalAsync("coordinator84", $"/api/statistics/report.csv?{KnownDay}&groupBy=day&departement=13"));
        var own = await ReportAsync("coordinator84", $"{KnownDay}&groupBy=departement");
        Assert.Equal(["84"], own.Rows.Select(r => r.Key));
        Assert.True(own.SmallCountsSuppressed);
        // 2 offered, 1 answered, 1 abandoned: all under 5, and so every rate over them.
        Assert.Equal(new ReportRow("84", "84 – Vaucluse", null, null, null, null, null, null, null, null, null, null, own.Rows[0].ReferralsByState),
            own.Rows[0]);
        Assert.All(own.Rows[0].ReferralsByState, s => Assert.Null(s.Count));

        // coordinator13's département: 8 offered shown; 4 answered and 3 abandoned suppressed; the service level
        // (over 6) and abandon rate (over 7) shown; speed of answer (over 4) and handle time (over 3) suppressed.
        var bouches = Assert.Single((await ReportAsync("coordinator13", $"{KnownDay}&groupBy=departement")).Rows);
        Assert.Equal(("13", 8, (int?)null, (int?)null), (bouches.Key, bouches.Offered, bouches.Answered, bouches.Abandoned));
        Assert.Equal((50.0, (double?)null, 28.6, (double?)null),
            (bouches.ServiceLevelPercent, bouches.AverageSpeedOfAnswerSeconds, bouches.AbandonRatePercent, bouches.AverageHandleTimeSeconds));
    }

    [Fact]
    public async Task Counsellors_and_other_roles_get_403_with_a_code()
    {
        foreach (var user in new[] { "counsellor1", "cmer-tarascon", "dpo" })
        {
            Assert.Equal((HttpStatusCode.Forbidden, "statistics-forbidden"), await RefusalAsync(user, $"/api/statistics/report?{KnownDay}&groupBy=day"));
            Assert.Equal((HttpStatusCode.Forbidden, "statistics-forbidden"), await RefusalAsync(user, "/api/statistics/live"));
        }

        Assert.Equal((HttpStatusCode.Forbidden, "statistics-forbidden"), await RefusalAsync("coordinator13", "/api/statistics/live"));
        Assert.Equal((HttpStatusCode.BadRequest, "statistics-invalid-period"),
            await RefusalAsync("supervisor1", "/api/statistics/report?from=2026-11-02&to=2026-11-01&groupBy=day"));
    }

    [Fact]
    public async Task The_csv_is_the_json_rows_with_suppressed_counts_written_under_five()
    {
        const string Query = "from=2026-11-01&to=2026-11-30&groupBy=day";
        var report = await ReportAsync("coordinator13", Query);
        using var client = await app.SignInAsync("coordinator13");
        using var response = await client.GetAsync($"/api/statistics/report.csv?{Query}", Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType.CharSet);
        Assert.Equal("statistiques-2026-11-01-2026-11-30-day.csv", response.Content.Headers.ContentDisposition!.FileName?.Trim('"'));

        var lines = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync(Cancel)).TrimStart('\uFEFF')
            .Split(["\r\n", "\n"], StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(';', ReportCsvWriter.Headers), lines[0]);
        Assert.StartsWith("Clé;Libellé;Appels présentés;Appels répondus;Appels abandonnés;Niveau de service (%)", lines[0], StringComparison.Ordinal);
        var expected = report.Rows.Append(report.Total).Select(row => string.Join(';', ReportCsvWriter.Cells(row))).ToList();
        Assert.Equal(expected, lines.Skip(1));
        // The known Monday: 8 offered, then the suppressed counts written "< 5" (no number for a coordinator).
        Assert.StartsWith("2026-11-02;lundi 2 novembre 2026;8;< 5;< 5;50;;28,6;", Assert.Single(lines, l => l.StartsWith("2026-11-02;", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Referrals_are_counted_by_departement_and_state_with_the_median_time_to_acknowledge()
    {
        var counsellor = await app.SignInAsync("counsellor1");
        var supervisor = await app.SignInAsync("supervisor1");
        var sent = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            // Communes of the Vaucluse (84): Avignon, its departmental cell.
            sent.Add((await app.NewReferralAsync(counsellor, "84007")).Referral.Id);
        }

        // Acknowledged after 1, 2 and 3 hours: a median of 2 hours; two still waiting (not yet overdue).
        foreach (var referral in sent.Take(3))
        {
            app.Clock.Advance(TimeSpan.FromHours(1));
            using var acknowledged = await supervisor.ActAsync(referral, "acknowledge");
            Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);
        }

        const string Today = "from=2026-11-03&to=2026-11-03&groupBy=departement";
        var vaucluse = Assert.Single((await ReportAsync("supervisor1", Today)).Rows, r => r.Key == "84");
        Assert.Equal((5, 0, 2.0), (vaucluse.Referrals, vaucluse.ReferralsOverdue, vaucluse.MedianHoursToAcknowledge));
        Assert.Equal(3, Assert.Single(vaucluse.ReferralsByState, s => s.State == ReferralState.Acknowledged).Count);
        Assert.Equal(2, Assert.Single(vaucluse.ReferralsByState, s => s.State == ReferralState.Sent).Count);

        // For the coordinator: 5 referrals shown, the states (3 and 2) and the median (over 3) suppressed.
        var own = Assert.Single((await ReportAsync("coordinator84", Today)).Rows);
        Assert.Equal((5, (int?)null, (double?)null), (own.Referrals, own.ReferralsOverdue, own.MedianHoursToAcknowledge));
        Assert.All(own.ReferralsByState, s => Assert.Null(s.Count));
        counsellor.Dispose();
        supervisor.Dispose();
    }
}
