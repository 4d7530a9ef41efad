using Hotline.Testing;
using Microsoft.Playwright;

namespace Hotline.BrowserTests;

/// <summary>
/// The console's keyboard shortcuts, language and self-containment in real Chromium: Escape declines and
/// Enter accepts an offer, the language choice survives a reload and sets &lt;html lang&gt;, and no
/// request leaves the server (nothing from a CDN).
/// </summary>
public sealed class ConsoleKeyboardAndLanguageTests(Chromium chromium) : ConsolePageTest(chromium), IClassFixture<Chromium>
{
    private async Task SignInAsync(IPage page, string userName)
    {
        await page.GetByLabel("Identifiant").FillAsync(userName);
        await page.GetByLabel("Mot de passe").FillAsync(HotlineAppFactory.DemoPassword);
        await page.GetByLabel("Mot de passe").PressAsync("Enter");
        await Assertions.Expect(page.GetByText("Connecté", new() { Exact = true })).ToBeVisibleAsync(new() { Timeout = 20_000 });
    }

    [Fact]
    public async Task Escape_declines_and_Enter_accepts_with_focus_on_Accept()
    {
        var page = await NewPageAsync();
        await page.GotoAsync(Server.BaseUrl + "/");
        await SignInAsync(page, "counsellor1");

        await Server.PlaceCallAsync("2", "84000");
        var first = OfferDialog(page);
        await Assertions.Expect(first).ToBeVisibleAsync();
        await Assertions.Expect(first.GetByRole(AriaRole.Button, new() { Name = "Accepter" })).ToBeFocusedAsync();
        var firstOffer = await first.GetAttributeAsync("data-offer-id");
        // Keys in the first 400 ms of an offer are ignored on purpose (an Enter meant for something else).
        await page.WaitForTimeoutAsync(600);
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.Locator($"dialog[data-offer-id='{firstOffer}']")).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Aucun appel en cours" })).ToBeVisibleAsync();

        // A declined call is not offered again to the same counsellor at once: a new call is, once the decline's
        // grace (Console:DeclineGrace, 5 s) has passed.
        await Server.PlaceCallAsync("2", "13150");
        var second = OfferDialog(page);
        await Assertions.Expect(second).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(second).ToContainTextAsync("Signalement");
        await page.WaitForTimeoutAsync(600);
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Appel en cours" })).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(OfferDialog(page)).ToHaveCountAsync(0);
        await Assertions.Expect(page.GetByText("mode simulateur")).ToBeVisibleAsync();
        // Three communes share 13150: none is guessed, the counsellor chooses in the triage.
        await Assertions.Expect(page.GetByLabel("Commune de la personne concernée")).ToHaveValueAsync("");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Fiche de triage" })).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ArtifactsDirectory, "console-keyboard-accepted.png"), FullPage = true });
    }

    [Fact]
    public async Task The_language_choice_is_kept_and_sets_the_lang_attribute_and_nothing_comes_from_elsewhere()
    {
        var page = await NewPageAsync();
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add(request.Url);

        await page.GotoAsync(Server.BaseUrl + "/");
        Assert.Equal("fr", await page.EvaluateAsync<string>("() => document.documentElement.lang"));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Connexion" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        Assert.Equal("en", await page.EvaluateAsync<string>("() => document.documentElement.lang"));

        await page.ReloadAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        Assert.Equal("en", await page.EvaluateAsync<string>("() => document.documentElement.lang"));

        await page.GetByLabel("User name").FillAsync("supervisor1");
        await page.GetByLabel("Password").FillAsync(HotlineAppFactory.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Supervision" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Connected", new() { Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Banner)).ToContainTextAsync("Supervisor");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ArtifactsDirectory, "console-supervisor-en.png"), FullPage = true });

        Assert.NotEmpty(requests);
        Assert.All(requests, url => Assert.True(
            url.StartsWith(Server.BaseUrl + "/", StringComparison.Ordinal) || url.StartsWith(Server.BaseUrl.Replace("http", "ws", StringComparison.Ordinal) + "/", StringComparison.Ordinal) || url.StartsWith("data:", StringComparison.Ordinal),
            $"{url} is not from the server"));
    }
}
