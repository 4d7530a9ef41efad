using System.Text.Json;
using Hotline.Testing;
using Microsoft.Playwright;

namespace Hotline.BrowserTests;

/// <summary>
/// Statistics in real Chromium: the supervisors' wallboard follows a call without a reload, and a coordinator reads
/// (and prints) the monthly report of their own département only. Screenshots at 1366×768 and 800 px, axe clean.
/// </summary>
public sealed class StatisticsTests(Chromium chromium) : ConsolePageTest(chromium), IClassFixture<Chromium>
{
    private static Task<byte[]> Shoot(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ArtifactsDirectory, name + ".png"), FullPage = true });

    private Task<IPage> NewSizedPageAsync(int width, int height) => NewPageAsync(width, height, bypassCsp: true);

    private async Task SignInAsync(IPage page, string userName, string hash)
    {
        await page.GotoAsync(Server.BaseUrl + "/" + hash);
        await page.GetByLabel("Identifiant").FillAsync(userName);
        await page.GetByLabel("Mot de passe").FillAsync(HotlineAppFactory.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Connecté", new() { Exact = true })).ToBeVisibleAsync(new() { Timeout = 20_000 });
    }

    private static async Task AssertAxeCleanAsync(IPage page)
    {
        await page.AddScriptTagAsync(new() { Path = ContactPageTests.AxeScript() });
        var violations = await page.EvaluateAsync<JsonElement>("async () => (await axe.run()).violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))");
        Assert.True(violations.GetArrayLength() == 0, string.Join("\n", violations.EnumerateArray().Select(v => v.GetString())));
    }

    private static ILocator Figure(IPage page, string id) => page.Locator($"[data-testid=wallboard] [data-figure='{id}'] dd");

    [Fact]
    public async Task A_supervisors_wallboard_moves_when_a_simulated_call_is_answered()
    {
        var supervisor = await NewSizedPageAsync(1366, 768);
        await SignInAsync(supervisor, "supervisor1", "");
        var wallboard = supervisor.GetByTestId("wallboard");
        await Assertions.Expect(wallboard).ToBeVisibleAsync();
        await Assertions.Expect(wallboard.GetByRole(AriaRole.Heading, new() { Name = "Aujourd’hui" })).ToBeVisibleAsync();
        await Assertions.Expect(Figure(supervisor, "answered")).ToHaveTextAsync("0");
        await Assertions.Expect(Figure(supervisor, "service-level")).ToHaveTextAsync("—");
        await Assertions.Expect(wallboard.Locator("[data-testid=chart] svg")).ToBeVisibleAsync();
        await Shoot(supervisor, "wallboard-1366-before");
        await AssertAxeCleanAsync(supervisor);
        var marker = await supervisor.EvaluateAsync<double>("() => (window.__statisticsMarker = Math.random())");

        var counsellor = await NewPageAsync();
        await SignInAsync(counsellor, "counsellor1", "");
        await Server.PlaceCallAsync("2", "84000");

        // Queued: offered today, one waiting, the longest wait ticking.
        await Assertions.Expect(Figure(supervisor, "offered")).ToHaveTextAsync("1", new() { Timeout = 10_000 });
        await OfferDialog(counsellor).GetByRole(AriaRole.Button, new() { Name = "Accepter" }).ClickAsync();
        await Assertions.Expect(counsellor.GetByRole(AriaRole.Heading, new() { Name = "Appel en cours" })).ToBeVisibleAsync(new() { Timeout = 20_000 });

        // Answered within the service level: the wallboard moves without a reload (StatisticsChanged, within 5 s).
        await Assertions.Expect(Figure(supervisor, "answered")).ToHaveTextAsync("1", new() { Timeout = 10_000 });
        await Assertions.Expect(Figure(supervisor, "service-level")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^100\s?%$"));
        await Assertions.Expect(Figure(supervisor, "waiting")).ToHaveTextAsync("0");
        await Assertions.Expect(Figure(supervisor, "asa")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+ s$"));
        Assert.Equal(marker, await supervisor.EvaluateAsync<double>("() => window.__statisticsMarker"));
        await Assertions.Expect(wallboard.GetByRole(AriaRole.Table, new() { Name = "Écoutants par état" })).ToContainTextAsync("En appel");
        await Shoot(supervisor, "wallboard-1366-answered");

        await supervisor.SetViewportSizeAsync(800, 900);
        await Assertions.Expect(Figure(supervisor, "answered")).ToHaveTextAsync("1");
        // The chart follows its box through a ResizeObserver (a frame or two later, more on a busy machine): waited
        // for, and a scroll still there after 5 s fails.
        await supervisor.WaitForFunctionAsync("() => document.documentElement.scrollWidth <= 800", null, new() { Timeout = 5_000 });
        await Shoot(supervisor, "wallboard-800-answered");
    }

    [Fact]
    public async Task A_coordinator_of_84_opens_their_monthly_report_with_chart_map_and_table_and_cannot_pick_another_departement()
    {
        // Something to count this month in Vaucluse: a call from Avignon, answered.
        var counsellor = await NewPageAsync();
        await SignInAsync(counsellor, "counsellor1", "");
        await Server.PlaceCallAsync("2", "84000");
        await OfferDialog(counsellor).GetByRole(AriaRole.Button, new() { Name = "Accepter" }).ClickAsync();
        await Assertions.Expect(counsellor.GetByRole(AriaRole.Heading, new() { Name = "Appel en cours" })).ToBeVisibleAsync(new() { Timeout = 20_000 });

        var month = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris")).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        var page = await NewSizedPageAsync(1366, 768);
        await SignInAsync(page, "coordinator84", "#/statistics");

        // The reports area offers Vaucluse alone.
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Statistiques", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("departement-filter").Locator("option")).ToHaveTextAsync(["84 — Vaucluse"]);
        await Assertions.Expect(page.GetByRole(AriaRole.Table).Filter(new() { HasText = "Total" }).First).ToBeVisibleAsync();
        await Shoot(page, "statistics-84-1366");
        await AssertAxeCleanAsync(page);

        // Asking for Bouches-du-Rhône's monthly report lands on Vaucluse's: the only one this page offers.
        await page.EvaluateAsync($"() => {{ window.location.hash = '#/statistics/monthly/13/{month}'; }}");
        var report = page.Locator("article.monthly-report");
        await Assertions.Expect(report.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Vaucluse (84)");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"#/statistics/monthly/84/{month}$"));
        await Assertions.Expect(page.GetByTestId("monthly-departement").Locator("option")).ToHaveTextAsync(["84 — Vaucluse"]);

        // Its chart, its map (Vaucluse coloured, the other 100 tiles without a figure) and its tables; small counts withheld.
        await Assertions.Expect(report.Locator("[data-testid=chart] svg").First).ToBeVisibleAsync();
        await Assertions.Expect(report.Locator("[data-departement]")).ToHaveCountAsync(101);
        await Assertions.Expect(report.Locator("[data-departement='84']")).ToHaveAttributeAsync("aria-label", "Vaucluse (84) : < 5");
        await Assertions.Expect(report.Locator("[data-departement='13']")).ToHaveAttributeAsync("aria-label", "Bouches-du-Rhône (13) : sans donnée");
        await Assertions.Expect(report.GetByRole(AriaRole.Table, new() { Name = "Appels par jour", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(report.GetByRole(AriaRole.Table, new() { Name = "Par motif", Exact = true })).ToContainTextAsync("< 5");
        await Assertions.Expect(report.GetByText("Les effectifs inférieurs à 5")).ToBeVisibleAsync();
        // Nothing about Bouches-du-Rhône is shown: only its map tile's (hidden) SVG title names it, "sans donnée".
        await Assertions.Expect(report.GetByText("Bouches-du-Rhône").Filter(new() { Visible = true })).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Imprimer / PDF" })).ToBeVisibleAsync();
        await Shoot(page, "monthly-84-1366");
        await AssertAxeCleanAsync(page);

        // The server refuses another département to this coordinator, whatever the page offers.
        var status = await page.EvaluateAsync<int>($"async () => (await fetch('/api/statistics/report?from={month}-01&to={month}-01&groupBy=day&departement=13')).status");
        Assert.Equal(403, status);

        // Printed: no navigation, no controls; the report alone.
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Assertions.Expect(page.Locator(".area-nav")).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Imprimer / PDF" })).ToBeHiddenAsync();
        await Assertions.Expect(report.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
        await Shoot(page, "monthly-84-print");
        await page.EmulateMediaAsync(new() { Media = Media.Screen });

        await page.SetViewportSizeAsync(800, 900);
        await Assertions.Expect(report.Locator("[data-departement='84']")).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("() => document.documentElement.scrollWidth <= 800", null, new() { Timeout = 5_000 });
        await Shoot(page, "monthly-84-800");
        await AssertAxeCleanAsync(page);
    }
}
