using Hotline.Server.Data;
using Hotline.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Hotline.BrowserTests;

/// <summary>
/// A counsellor records an immediate danger: every supervisor console shows a banner naming the call, which stays
/// across a reload until a supervisor presses "J'ai pris en charge", and then leaves every supervisor's screen live.
/// </summary>
public sealed class DangerAlertBannerTests(Chromium chromium) : ConsolePageTest(chromium), IClassFixture<Chromium>
{
    protected override IReadOnlyDictionary<string, string?> ServerSettings => new Dictionary<string, string?> { ["Console:WrapUp"] = "00:00:00" };

    private async Task<IPage> SignInAsync(string userName)
    {
        var page = await NewPageAsync();
        await page.GotoAsync(Server.BaseUrl + "/");
        await page.GetByLabel("Identifiant").FillAsync(userName);
        await page.GetByLabel("Mot de passe").FillAsync(HotlineAppFactory.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Connecté", new() { Exact = true })).ToBeVisibleAsync();
        return page;
    }

    private static Task<byte[]> Shoot(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ArtifactsDirectory, name + ".png"), FullPage = true });

    private static ILocator Banner(IPage page) => page.GetByRole(AriaRole.Region, new() { Name = "Alertes de danger immédiat" });

    [Fact]
    public async Task A_counsellor_marks_immediate_danger_the_supervisor_sees_a_named_banner_that_survives_a_reload_until_taken_in_charge()
    {
        var supervisor = await SignInAsync("supervisor1");
        var otherSupervisorConsole = await SignInAsync("supervisor1");
        await Assertions.Expect(Banner(supervisor)).ToHaveCountAsync(0);

        var counsellor = await SignInAsync("counsellor1");
        var callSid = await Server.PlaceCallAsync("2", "84000");
        var offer = OfferDialog(counsellor);
        await Assertions.Expect(offer).ToBeVisibleAsync();
        await offer.GetByRole(AriaRole.Button, new() { Name = "Accepter" }).ClickAsync();
        await Assertions.Expect(counsellor.GetByRole(AriaRole.Heading, new() { Name = "Fiche de triage" })).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await counsellor.GetByRole(AriaRole.Checkbox, new() { Name = "Danger immédiat" }).CheckAsync();
        await counsellor.GetByRole(AriaRole.Radio, new() { Name = "La ligne a contacté elle-même le 17 / 112" }).CheckAsync();

        // The banner names the call, the counsellor, the département and what was done, with how long ago.
        var banner = Banner(supervisor);
        await Assertions.Expect(banner).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(banner).ToContainTextAsync("Danger immédiat");
        await Assertions.Expect(banner).ToContainTextAsync("Appel de ");
        await Assertions.Expect(banner).ToContainTextAsync("signalé par Écoutant·e 1");
        await Assertions.Expect(banner).ToContainTextAsync("Vaucluse (84)");
        await Assertions.Expect(banner).ToContainTextAsync("la ligne a contacté le 17/112");
        await Assertions.Expect(banner).ToContainTextAsync("à l’instant");
        // Announced once to screen readers (an alert region), not a toast that goes away.
        await Assertions.Expect(supervisor.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Danger immédiat : Appel de" })).ToHaveCountAsync(1);
        await Assertions.Expect(supervisor.Locator(".toast")).ToHaveCountAsync(0);
        await Assertions.Expect(Banner(otherSupervisorConsole)).ToBeVisibleAsync();
        await Shoot(supervisor, "danger-banner-arrived");

        // A reload (or a new sign-in) finds it again: it is the server's state, not the page's.
        await supervisor.ReloadAsync();
        await Assertions.Expect(supervisor.GetByText("Connecté", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(Banner(supervisor)).ToContainTextAsync("signalé par Écoutant·e 1");
        await Assertions.Expect(Banner(supervisor).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(1);
        await Shoot(supervisor, "danger-banner-after-reload");

        await Banner(supervisor).GetByRole(AriaRole.Button, new() { Name = "J’ai pris en charge" }).ClickAsync();
        await Assertions.Expect(Banner(supervisor)).ToHaveCountAsync(0);
        // Gone live from the other supervisor console too.
        await Assertions.Expect(Banner(otherSupervisorConsole)).ToHaveCountAsync(0);
        await Shoot(supervisor, "danger-banner-taken-in-charge");

        await using var scope = Server.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        var stored = await db.DangerAlerts.AsNoTracking()
            .SingleAsync(a => db.Calls.Any(c => c.Id == a.CallId && c.CallSid == callSid), TestContext.Current.CancellationToken);
        Assert.NotNull(stored.TakenInChargeAt);
        Assert.NotNull(stored.TakenInChargeBy);

        // Still gone after a reload.
        await supervisor.ReloadAsync();
        await Assertions.Expect(supervisor.GetByText("Connecté", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(Banner(supervisor)).ToHaveCountAsync(0);
    }
}
