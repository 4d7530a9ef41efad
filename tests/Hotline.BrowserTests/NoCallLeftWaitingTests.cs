using Hotline.Testing;
using Microsoft.Playwright;

namespace Hotline.BrowserTests;

/// <summary>
/// A lone counsellor who declined is offered the call again after the re-offer delay, and a counsellor in Pause
/// takes a waiting call with "Prendre". Sign-in leaves the counsellor in Pause (the product's default).
/// </summary>
public sealed class NoCallLeftWaitingTests(Chromium chromium) : ConsolePageTest(chromium), IClassFixture<Chromium>
{
    protected override IReadOnlyDictionary<string, string?> ServerSettings { get; } = new Dictionary<string, string?>
    {
        ["Console:AvailableOnSignIn"] = "false",
        ["Console:ReofferDelay"] = "00:00:03",
        ["Console:DeclineGrace"] = "00:00:01",
    };

    private static Task<byte[]> Shoot(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ArtifactsDirectory, name + ".png"), FullPage = true });

    private async Task<IPage> SignInAsync(string userName)
    {
        var page = await NewPageAsync();
        await page.GotoAsync(Server.BaseUrl + "/");
        await page.GetByLabel("Identifiant").FillAsync(userName);
        await page.GetByLabel("Mot de passe").FillAsync(HotlineAppFactory.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Connecté", new() { Exact = true })).ToBeVisibleAsync(new() { Timeout = 20_000 });
        return page;
    }

    [Fact]
    public async Task A_lone_counsellor_who_declined_gets_the_call_again_and_a_counsellor_in_pause_takes_one()
    {
        var page = await SignInAsync("counsellor1");
        // Signed in, in Pause: a waiting call is not offered.
        await Assertions.Expect(page.GetByRole(AriaRole.Radio, new() { Name = "Pause" })).ToBeCheckedAsync();
        await Server.PlaceCallAsync("2", "13150");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Prendre l’appel (Signalement)" })).ToBeVisibleAsync();
        await Task.Delay(1500, TestContext.Current.CancellationToken);
        await Assertions.Expect(OfferDialog(page)).ToBeHiddenAsync();
        await Shoot(page, "lone-counsellor-in-pause");

        await page.GetByRole(AriaRole.Radio, new() { Name = "Disponible" }).CheckAsync();
        var offer = OfferDialog(page);
        await Assertions.Expect(offer).ToBeVisibleAsync();
        var firstOffer = await offer.GetAttributeAsync("data-offer-id");
        await offer.GetByRole(AriaRole.Button, new() { Name = "Refuser" }).ClickAsync();
        await Assertions.Expect(offer).ToBeHiddenAsync();
        var declinedAt = DateTime.UtcNow;
        await Shoot(page, "lone-counsellor-declined");

        // Nobody else can take it: the same call comes back to the same counsellor after the re-offer delay.
        await Assertions.Expect(offer).ToBeVisibleAsync(new() { Timeout = 15_000 });
        var again = DateTime.UtcNow - declinedAt;
        Assert.NotEqual(firstOffer, await offer.GetAttributeAsync("data-offer-id"));
        Assert.True(again >= TimeSpan.FromSeconds(2.5), $"offered again after {again}");
        await Assertions.Expect(offer).ToContainTextAsync("Signalement");
        await Shoot(page, "lone-counsellor-reoffered");

        // Pause during an offer declines it (from the dialog: it is modal), at once, not by expiry.
        var pausedAt = DateTime.UtcNow;
        await offer.GetByRole(AriaRole.Button, new() { Name = "Passer en pause" }).ClickAsync();
        await Assertions.Expect(offer).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Radio, new() { Name = "Pause" })).ToBeCheckedAsync();
        Assert.True(DateTime.UtcNow - pausedAt < TimeSpan.FromSeconds(10), "the offer ended by expiry, not by Pause");

        // In Pause, "Prendre" takes the call from the queue: connected through one dequeue.
        await page.GetByRole(AriaRole.Button, new() { Name = "Prendre l’appel (Signalement)" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Appel en cours" })).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Raccrocher" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Prendre l’appel (Signalement)" })).ToBeHiddenAsync();
        await Shoot(page, "counsellor-took-call");
    }
}
