using Hotline.Testing;
using Microsoft.Playwright;

namespace Hotline.BrowserTests;

/// <summary>The counsellor console in real Chromium against the real server; each test has a server of its own.</summary>
public sealed class ConsoleTests(Chromium chromium) : ConsolePageTest(chromium), IClassFixture<Chromium>
{
    private async Task<IPage> SignInAsync(string userName, string screenshot)
    {
        var page = await NewPageAsync();
        await page.GotoAsync(Server.BaseUrl + "/");
        await page.GetByLabel("Identifiant").FillAsync(userName);
        await page.GetByLabel("Mot de passe").FillAsync(HotlineAppFactory.DemoPassword);
        await Shoot(page, screenshot + "-login");
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "File d’attente" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Connecté", new() { Exact = true })).ToBeVisibleAsync(new() { Timeout = 20_000 });
        return page;
    }

    private static Task<byte[]> Shoot(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ArtifactsDirectory, name + ".png"), FullPage = true });

    [Fact]
    public async Task A_counsellor_sees_a_new_call_arrive_without_reload_and_accepting_connects_it_through_one_dequeue()
    {
        var page = await SignInAsync("counsellor1", "counsellor");
        await Shoot(page, "counsellor-queue-empty");

        var callSid = await Server.PlaceCallAsync("2", "13150");

        var offer = OfferDialog(page);
        await Assertions.Expect(offer).ToBeVisibleAsync();
        await Assertions.Expect(offer).ToContainTextAsync("Signalement");
        await Assertions.Expect(offer).ToContainTextAsync("Bouches-du-Rhône");
        await Shoot(page, "counsellor-offer");

        await offer.GetByRole(AriaRole.Button, new() { Name = "Accepter" }).ClickAsync();

        var started = DateTime.UtcNow;
        while (Server.DequeuesOf(callSid) == 0 && DateTime.UtcNow - started < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.True(Server.DequeuesOf(callSid) == 1, $"dequeues: {Server.DequeuesOf(callSid)}; all: {string.Join(", ", Server.Twilio.LogEntries.Select(e => e.RequestMessage.Method + " " + e.RequestMessage.Path + " " + e.ResponseMessage.StatusCode))}");
        await Assertions.Expect(page.GetByText("mode simulateur")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        TestContext.Current.SendDiagnosticMessage($"accept took {DateTime.UtcNow - started}");
        await Assertions.Expect(OfferDialog(page)).ToBeHiddenAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Appel en cours" })).ToBeVisibleAsync();
        await Shoot(page, "counsellor-current-call");

        // Signing out is an unsafe request: it must carry the session's antiforgery token.
        await page.GetByRole(AriaRole.Button, new() { Name = "Se déconnecter" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" })).ToBeVisibleAsync();
        // The login page shows at once; the logout request may still be on its way.
        var status = 0;
        for (var attempt = 0; attempt < 50 && status != 401; attempt++)
        {
            status = await page.EvaluateAsync<int>("async () => (await fetch('/api/auth/me')).status");
            if (status != 401)
            {
                await page.WaitForTimeoutAsync(100);
            }
        }

        Assert.Equal(401, status);
        Assert.Equal(1, Server.DequeuesOf(callSid));
    }

    [Fact]
    public async Task Only_one_of_two_counsellors_gets_the_offer_a_decline_passes_it_on_and_the_supervisor_sees_both()
    {
        var first = await SignInAsync("counsellor1", "first");
        var second = await SignInAsync("counsellor2", "second");
        var supervisor = await SignInAsync("supervisor1", "supervisor");
        await Assertions.Expect(supervisor.GetByRole(AriaRole.Heading, new() { Name = "Supervision" })).ToBeVisibleAsync();

        await Server.PlaceCallAsync("2", "84000");

        // counsellor1 has been idle longest: the offer is theirs alone.
        await Assertions.Expect(OfferDialog(first)).ToBeVisibleAsync();
        await Assertions.Expect(OfferDialog(second)).ToBeHiddenAsync();
        var rowOf = (string login) => supervisor.GetByRole(AriaRole.Row).Filter(new() { HasText = login });
        await Assertions.Expect(rowOf("counsellor1")).ToContainTextAsync("Appel proposé");
        await Assertions.Expect(rowOf("counsellor2")).ToContainTextAsync("Disponible");
        await Shoot(supervisor, "supervisor-offer-to-first");

        await OfferDialog(first).GetByRole(AriaRole.Button, new() { Name = "Refuser" }).ClickAsync();

        await Assertions.Expect(OfferDialog(second)).ToBeVisibleAsync();
        await Assertions.Expect(OfferDialog(first)).ToBeHiddenAsync();
        await Assertions.Expect(rowOf("counsellor2")).ToContainTextAsync("Appel proposé");
        await Assertions.Expect(rowOf("counsellor1")).ToContainTextAsync("Disponible");
        await Shoot(second, "second-offer-after-decline");
        await Shoot(supervisor, "supervisor-both-states");
    }
}
