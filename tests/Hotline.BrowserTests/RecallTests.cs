using Hotline.Server.Data;
using Hotline.Server.Referrals;
using Hotline.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Hotline.BrowserTests;

/// <summary>
/// A referral sent by mistake, recalled from the counsellor's receipt within the window: the coordinator's open inbox shows
/// it withdrawn live, without reloading; the counsellor then sends the corrected triage again as a new referral.
/// </summary>
public sealed class RecallTests(Chromium chromium) : ConsolePageTest(chromium), IClassFixture<Chromium>
{
    private static Task<byte[]> Shoot(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ArtifactsDirectory, name + ".png"), FullPage = true });

    private async Task<List<Referral>> ReferralsOfAsync(string callSid)
    {
        await using var scope = Server.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        var callId = await db.Calls.Where(c => c.CallSid == callSid).Select(c => c.Id).SingleAsync(TestContext.Current.CancellationToken);
        return await db.Referrals.AsNoTracking().Where(r => r.CallId == callId).OrderBy(r => r.SentAt).ToListAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Recalled_within_the_window_the_coordinators_inbox_shows_it_withdrawn_live_and_the_triage_is_sent_again()
    {
        var inbox = await InboxPage.SignInAsync(await NewPageAsync(), Server.BaseUrl, "coordinator84");
        await Assertions.Expect(inbox.EmptyMessage).ToBeVisibleAsync();
        await inbox.MarkAsync();

        var page = await NewPageAsync();
        await page.GotoAsync(Server.BaseUrl + "/");
        await page.GetByLabel("Identifiant").FillAsync("counsellor1");
        await page.GetByLabel("Mot de passe").FillAsync(HotlineAppFactory.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        // A first hub connection refused by a busy server is retried after 5 s: allow for one retry.
        await Assertions.Expect(page.GetByText("Connecté", new() { Exact = true })).ToBeVisibleAsync(new() { Timeout = 20_000 });
        var callSid = await Server.PlaceCallAsync("2", "84000");
        await OfferDialog(page).GetByRole(AriaRole.Button, new() { Name = "Accepter" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Fiche de triage" })).ToBeVisibleAsync(new() { Timeout = 20_000 });

        await page.GetByLabel("Lien avec la personne concernée").SelectOptionAsync(new SelectOptionValue { Label = "Mère" });
        await page.GetByRole(AriaRole.Radio, new() { Name = "Inquiétude", Exact = true }).CheckAsync();
        await page.GetByLabel("Repli sur soi").CheckAsync();
        await page.GetByRole(AriaRole.Radio, new() { Name = "Orientation vers la cellule départementale (préfecture)" }).CheckAsync();
        var routing = page.Locator("section.routing");
        await routing.GetByRole(AriaRole.Radio, new() { Name = "Accompagnement social et psychologique de la famille" }).CheckAsync();
        await routing.GetByRole(AriaRole.Radio, new() { Name = "Mission d'intérêt public de prévention de la radicalisation confiée au préfet" }).CheckAsync();
        await routing.GetByRole(AriaRole.Button, new() { Name = "Envoyer à " }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Confirmer l’envoi à " }).ClickAsync();
        var receipt = routing.Locator(".routing__receipt");
        await Assertions.Expect(receipt).ToContainTextAsync("Orientation envoyée");
        var first = (await ReferralsOfAsync(callSid)).Single();
        await Assertions.Expect(inbox.Row(first.Id)).ToContainTextAsync("Envoyée");

        await receipt.GetByLabel("Motif du rappel").FillAsync("Mauvaise commune");
        await receipt.GetByRole(AriaRole.Button, new() { Name = "Rappeler l’orientation" }).ClickAsync();
        await Assertions.Expect(receipt).ToContainTextAsync("Rappelée (retirée)");

        // Live, in the coordinator's open inbox: withdrawn, without a reload.
        await Assertions.Expect(inbox.Row(first.Id)).ToContainTextAsync("Retirée par la ligne", new() { Timeout = 5_000 });
        Assert.False(await inbox.WasReloadedAsync());
        await Shoot(inbox.Page, "recall-inbox-withdrawn");

        // The corrected triage goes again, as a new referral with its own reference.
        await receipt.GetByRole(AriaRole.Button, new() { Name = "Orienter de nouveau" }).ClickAsync();
        await routing.GetByRole(AriaRole.Radio, new() { Name = "Accompagnement social et psychologique de la famille" }).CheckAsync();
        await routing.GetByRole(AriaRole.Radio, new() { Name = "Mission d'intérêt public de prévention de la radicalisation confiée au préfet" }).CheckAsync();
        await routing.GetByRole(AriaRole.Button, new() { Name = "Envoyer à " }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Confirmer l’envoi à " }).ClickAsync();
        await Assertions.Expect(routing.Locator(".routing__receipt")).ToContainTextAsync("Envoyée");
        var referrals = await ReferralsOfAsync(callSid);
        Assert.Equal([ReferralState.Recalled, ReferralState.Sent], referrals.Select(r => r.State));
        await Assertions.Expect(inbox.Row(referrals[1].Id)).ToContainTextAsync("Envoyée");
        await Shoot(page, "recall-sent-again");
    }
}
