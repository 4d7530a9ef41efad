using Hotline.Server.Data;
using Hotline.Server.ServiceDirectory;
using Hotline.Server.Triage;
using Hotline.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Hotline.BrowserTests;

/// <summary>
/// The counsellor's triage in real Chromium: filling it during the call (autosaved), the routing decision
/// with its reason, sending to the commune cell, the receipt, a reload, and completing an earlier call's
/// triage from "À compléter". No wrap-up, so a call that ends goes straight to the "À compléter" list.
/// </summary>
public sealed class TriageTests(Chromium chromium) : ConsolePageTest(chromium), IClassFixture<Chromium>
{
    /// <summary>Script and SQL injection in one string: it must come back and show exactly as typed, and never run.</summary>
    private const string Injection = """<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> Robert'); DROP TABLE triages; -- "quoted" & <b>bold</b>""";

    protected override IReadOnlyDictionary<string, string?> ServerSettings => new Dictionary<string, string?> { ["Console:WrapUp"] = "00:00:00" };

    private async Task<IPage> SignInAsync(string userName)
    {
        var page = await NewPageAsync();
        // A script that ran would show as a dialog or a flag: both are looked for at the end.
        page.Dialog += (_, dialog) => Assert.Fail($"A dialog opened: {dialog.Message}");
        await page.GotoAsync(Server.BaseUrl + "/");
        await page.GetByLabel("Identifiant").FillAsync(userName);
        await page.GetByLabel("Mot de passe").FillAsync(HotlineAppFactory.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Connecté", new() { Exact = true })).ToBeVisibleAsync(new() { Timeout = 20_000 });
        return page;
    }

    private async Task<string> TakeCallAsync(IPage page, string key, string postalCode)
    {
        var callSid = await Server.PlaceCallAsync(key, postalCode);
        var offer = OfferDialog(page);
        await Assertions.Expect(offer).ToBeVisibleAsync();
        await offer.GetByRole(AriaRole.Button, new() { Name = "Accepter" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Appel en cours" })).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Fiche de triage" })).ToBeVisibleAsync();
        return callSid;
    }

    private static ILocator Saved(IPage page) => page.Locator(".triage [data-save-status='saved']");

    private static Task<byte[]> Shoot(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ArtifactsDirectory, name + ".png"), FullPage = true });

    private async Task<(Guid CallId, int Referrals, CallTriage? Triage)> StoredAsync(string callSid)
    {
        await using var scope = Server.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        var callId = await db.Calls.Where(c => c.CallSid == callSid).Select(c => c.Id).SingleAsync(TestContext.Current.CancellationToken);
        var referrals = await db.Referrals.CountAsync(r => r.CallId == callId, TestContext.Current.CancellationToken);
        var triage = await db.Triages.AsNoTracking().SingleOrDefaultAsync(t => t.CallId == callId, TestContext.Current.CancellationToken);
        return (callId, referrals, triage);
    }

    private async Task<Hotline.Server.Calls.Call> CallAsync(string callSid)
    {
        await using var scope = Server.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<HotlineDbContext>().Calls.AsNoTracking()
            .SingleAsync(c => c.CallSid == callSid, TestContext.Current.CancellationToken);
    }

    private async Task<Guid> ReferralOfAsync(Guid callId)
    {
        await using var scope = Server.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        return await db.Referrals.Where(r => r.CallId == callId).Select(r => r.Id).SingleAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task The_counsellor_triages_a_call_from_13150_sees_why_it_goes_to_the_CMER_de_Tarascon_sends_it_the_cell_gets_it_live_84_sees_nothing_13_oversees_and_a_reload_keeps_everything()
    {
        // The CMER de Tarascon has its inbox open, empty, before anything is sent.
        var cell = await InboxPage.SignInAsync(await NewPageAsync(), Server.BaseUrl, "cmer-tarascon");
        await Assertions.Expect(cell.EmptyMessage).ToBeVisibleAsync();
        await cell.MarkAsync();

        var page = await SignInAsync("counsellor1");
        var callSid = await TakeCallAsync(page, "2", "13150");
        var triage = page.Locator("section.triage");

        // 13150 covers three communes: none is pre-selected, all are offered with their département.
        var commune = page.GetByLabel("Commune de la personne concernée");
        await Assertions.Expect(commune).ToHaveValueAsync("");
        await Assertions.Expect(commune.Locator("option")).ToHaveCountAsync(5); // not chosen, the three communes of 13150, another
        await Assertions.Expect(commune).ToContainTextAsync("Boulbon — Bouches-du-Rhône (13)");
        await Assertions.Expect(commune).ToContainTextAsync("Saint-Pierre-de-Mézoargues");
        await Shoot(page, "triage-13150-nothing-preselected");
        await commune.SelectOptionAsync("13108");
        await Assertions.Expect(triage).ToContainTextAsync("Grille 2026-1");
        // Before any outcome is chosen, routing's advice for the place, in one sentence, and where each referral would go.
        await Assertions.Expect(triage.GetByTestId("routing-advice")).ToHaveTextAsync("Recommandé : CMER de Tarascon — charte de transmission directe");
        await Assertions.Expect(triage.Locator("label").Filter(new() { HasText = "Orientation vers la cellule départementale" }))
            .ToContainTextAsync("→ Préfecture des Bouches-du-Rhône");
        await Assertions.Expect(triage.Locator("label").Filter(new() { HasText = "Orientation vers la cellule municipale" })).ToContainTextAsync("→ CMER de Tarascon");

        await page.GetByLabel("Lien avec la personne concernée").SelectOptionAsync(new SelectOptionValue { Label = "Mère" });
        await page.GetByLabel("Âge", new() { Exact = true }).FillAsync("16");
        // The age fills the band and "minor".
        await Assertions.Expect(page.GetByLabel("Tranche d’âge")).ToHaveValueAsync("From16To17");
        await Assertions.Expect(page.GetByLabel("Mineur·e")).ToHaveValueAsync("yes");
        await page.GetByLabel("Repli sur soi").CheckAsync();
        await page.GetByLabel("Rupture avec les anciens amis").CheckAsync();
        await page.GetByRole(AriaRole.Radio, new() { Name = "Inquiétude sérieuse", Exact = true }).CheckAsync();
        await page.GetByLabel("Résumé", new() { Exact = true }).FillAsync(Injection);
        await page.GetByRole(AriaRole.Radio, new() { Name = "Orientation vers la cellule municipale (CMER)" }).CheckAsync();

        // Autosaved without any button.
        await Assertions.Expect(Saved(page)).ToBeVisibleAsync();
        await Assertions.Expect(Saved(page)).ToContainTextAsync("Enregistré à");

        // The decision and its reason, before anything is sent.
        var routing = page.Locator("section.routing");
        await Assertions.Expect(routing).ToContainTextAsync("CMER de Tarascon");
        await Assertions.Expect(routing.Locator(".routing__reason")).ToContainTextAsync("Tarascon (13108) a une cellule municipale (CMER) → CMER de Tarascon");
        var send = page.GetByRole(AriaRole.Button, new() { Name = "Envoyer à CMER de Tarascon" });
        // A commune cell: purpose and legal basis first.
        await Assertions.Expect(send).ToBeDisabledAsync();
        await Shoot(page, "triage-routing-commune-cell");
        Assert.Equal(0, (await StoredAsync(callSid)).Referrals);

        await routing.GetByRole(AriaRole.Radio, new() { Name = "Examen de la situation en cellule municipale" }).CheckAsync();
        await routing.GetByRole(AriaRole.Radio, new() { Name = "Charte signée par le préfet, le maire et le procureur" }).CheckAsync();
        await Assertions.Expect(send).ToBeEnabledAsync();
        // Send shows exactly what the cell will receive (no summary: no agreement) and asks one confirmation naming it.
        await send.ClickAsync();
        var confirm = page.GetByRole(AriaRole.Dialog, new() { Name = "Envoyer à CMER de Tarascon ?" });
        await Assertions.Expect(confirm).ToBeVisibleAsync();
        await Assertions.Expect(confirm).ToContainTextAsync("Tarascon, Bouches-du-Rhône (13)");
        await Assertions.Expect(confirm).ToContainTextAsync("Non transmis");
        await Assertions.Expect(confirm.GetByText("DROP TABLE")).ToHaveCountAsync(0);
        await Shoot(page, "triage-send-preview");
        Assert.Equal(0, (await StoredAsync(callSid)).Referrals);
        // A double click on the confirmation sends one referral.
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Confirmer l’envoi à CMER de Tarascon" }).DblClickAsync();

        var receipt = routing.Locator(".routing__receipt");
        await Assertions.Expect(receipt).ToContainTextAsync("Orientation envoyée");
        await Assertions.Expect(receipt).ToContainTextAsync("CMER de Tarascon");
        await Assertions.Expect(receipt).ToContainTextAsync("À prendre en compte avant le");
        await Assertions.Expect(receipt).ToContainTextAsync("Examen de la situation en cellule municipale");
        await Shoot(page, "triage-referral-receipt");

        var stored = await StoredAsync(callSid);
        Assert.Equal(1, stored.Referrals);

        // What the console sent arrives at the cell live, without the summary (no consent), and it acknowledges it.
        var referralId = await ReferralOfAsync(stored.CallId);
        await Assertions.Expect(cell.Row(referralId)).ToContainTextAsync("Envoyée");
        Assert.False(await cell.WasReloadedAsync());
        await cell.OpenAsync(referralId);
        await Assertions.Expect(cell.WithheldNotice).ToBeVisibleAsync();
        await Assertions.Expect(cell.Page.GetByText("DROP TABLE")).ToHaveCountAsync(0);
        await cell.Action("Accuser réception").ClickAsync();
        await Assertions.Expect(cell.DetailState).ToHaveTextAsync("Prise en compte");

        // Vaucluse sees nothing; Bouches-du-Rhône oversees its communes' cells and sees it, withheld as the cell does.
        var vaucluse = await InboxPage.SignInAsync(await NewPageAsync(), Server.BaseUrl, "coordinator84");
        await Assertions.Expect(vaucluse.EmptyMessage).ToBeVisibleAsync();
        await vaucluse.GotoAsync(referralId);
        await Assertions.Expect(vaucluse.NotFoundHeading).ToBeVisibleAsync();
        var bouches = await InboxPage.SignInAsync(await NewPageAsync(), Server.BaseUrl, "coordinator13");
        await Assertions.Expect(bouches.Row(referralId)).ToContainTextAsync("Prise en compte");
        await bouches.OpenAsync(referralId);
        await Assertions.Expect(bouches.WithheldNotice).ToBeVisibleAsync();
        await Assertions.Expect(bouches.ActionButtons).ToHaveTextAsync(["Réorienter…"]);

        Assert.Equal(TriageOutcome.ReferToCommuneCell, stored.Triage!.Outcome);
        Assert.Equal(["withdrawal", "friends-break"], stored.Triage.WarningSigns);
        Assert.Equal("serious-concern", stored.Triage.Urgency);
        Assert.Equal(16, stored.Triage.ConcernedAge);
        // Encrypted at rest: the injection is not even there in clear.
        Assert.DoesNotContain("DROP TABLE", stored.Triage.ProtectedSummary!, StringComparison.Ordinal);

        // A reload (the call is still on): the same triage, the receipt, nothing sent again.
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Fiche de triage" })).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(page.GetByLabel("Résumé", new() { Exact = true })).ToHaveValueAsync(Injection);
        await Assertions.Expect(page.GetByLabel("Âge", new() { Exact = true })).ToHaveValueAsync("16");
        await Assertions.Expect(page.GetByLabel("Lien avec la personne concernée")).ToHaveValueAsync("Mother");
        await Assertions.Expect(page.GetByLabel("Repli sur soi")).ToBeCheckedAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Radio, new() { Name = "Orientation vers la cellule municipale (CMER)" })).ToBeCheckedAsync();
        await Assertions.Expect(page.Locator(".routing__receipt")).ToContainTextAsync("CMER de Tarascon");
        Assert.Equal(1, (await StoredAsync(callSid)).Referrals);

        // The injection is text: shown literally, no element made from it, nothing ran.
        Assert.Equal(0, await page.Locator("section.triage img, section.triage b, section.triage script").CountAsync());
        Assert.Equal("undefined", await page.EvaluateAsync<string>("() => typeof window.__pwned"));
        await Shoot(page, "triage-after-reload");
    }

    [Fact]
    public async Task A_triage_left_without_outcome_is_listed_to_complete_after_the_call_and_completed_from_there()
    {
        var page = await SignInAsync("counsellor1");
        var callSid = await TakeCallAsync(page, "2", "84000");
        await page.GetByLabel("Résumé", new() { Exact = true }).FillAsync(Injection);
        await Assertions.Expect(Saved(page)).ToBeVisibleAsync();

        // The caller hangs up; without a wrap-up the panel is free for the next call.
        await Server.EndCallAsync(callSid);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Aucun appel en cours" })).ToBeVisibleAsync();
        var pending = page.Locator("section.pending");
        await Assertions.Expect(pending.GetByRole(AriaRole.Heading, new() { Name = "À compléter" })).ToBeVisibleAsync();
        var item = pending.GetByRole(AriaRole.Link).Filter(new() { HasText = "Vaucluse" });
        await Assertions.Expect(item).ToHaveCountAsync(1);
        await Assertions.Expect(item).ToContainTextAsync("Issue à renseigner");
        await Shoot(page, "triage-to-complete");

        await item.ClickAsync();
        await Assertions.Expect(page.GetByText("Appel précédent")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByLabel("Résumé", new() { Exact = true })).ToHaveValueAsync(Injection);
        await Assertions.Expect(page.Locator(".triage")).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"Appel du \d+ \S+ \d{4}, \d{2}:\d{2} — terminé : la fiche reste modifiable\."));
        // A bad age, then more summary: the summary is saved, the age is refused, shown and marked, never dropped.
        await page.GetByLabel("Âge", new() { Exact = true }).FillAsync("200");
        await page.GetByLabel("Résumé", new() { Exact = true }).FillAsync(Injection + " La suite.");
        var partial = page.Locator(".triage [data-save-status='partial']");
        await Assertions.Expect(partial).ToHaveTextAsync("Enregistré sauf : âge");
        await Assertions.Expect(page.Locator(".triage__error").First).ToHaveTextAsync("L’âge doit être compris entre 0 et 120 ans.");
        await Assertions.Expect(page.GetByLabel("Âge", new() { Exact = true })).ToHaveAttributeAsync("aria-invalid", "true");
        await Shoot(page, "triage-invalid-age");
        // The server has the summary (autosave may still be finishing the last keystrokes: a few seconds at most).
        string? savedSummary = null;
        for (var attempt = 0; attempt < 50 && savedSummary != Injection + " La suite."; attempt++)
        {
            await using var scope = Server.App.Services.CreateAsyncScope();
            savedSummary = (await scope.ServiceProvider.GetRequiredService<TriageService>()
                .GetAsync(await CallAsync(callSid), TestContext.Current.CancellationToken)).Summary;
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.Equal(Injection + " La suite.", savedSummary);

        // A reload: the summary is there (the server has it) and so is the refused age (the tab's draft), re-sent and marked again.
        await page.ReloadAsync();
        await Assertions.Expect(page.GetByLabel("Résumé", new() { Exact = true })).ToHaveValueAsync(Injection + " La suite.", new() { Timeout = 20_000 });
        await Assertions.Expect(page.GetByLabel("Âge", new() { Exact = true })).ToHaveValueAsync("200");
        await Assertions.Expect(partial).ToHaveTextAsync("Enregistré sauf : âge");
        await Assertions.Expect(page.GetByLabel("Âge", new() { Exact = true })).ToHaveAttributeAsync("aria-invalid", "true");

        await page.GetByLabel("Âge", new() { Exact = true }).FillAsync("17");
        await page.GetByRole(AriaRole.Radio, new() { Name = "Conseils donnés" }).CheckAsync();
        await Assertions.Expect(Saved(page)).ToBeVisibleAsync();
        var stored = await StoredAsync(callSid);
        Assert.Equal(TriageOutcome.AdviceGiven, stored.Triage!.Outcome);
        Assert.Equal(17, stored.Triage.ConcernedAge);

        await page.GetByRole(AriaRole.Link, new() { Name = "Fermer la fiche" }).ClickAsync();
        await Assertions.Expect(pending).ToContainTextAsync("Toutes vos fiches sont complètes.");
        Assert.Equal("undefined", await page.EvaluateAsync<string>("() => typeof window.__pwned"));
    }

    [Fact]
    public async Task When_routing_changed_since_it_was_shown_nothing_is_sent_and_the_new_decision_is_shown()
    {
        var page = await SignInAsync("counsellor1");
        var callSid = await TakeCallAsync(page, "2", "13150");
        await page.GetByLabel("Commune de la personne concernée").SelectOptionAsync("13108");
        await page.GetByRole(AriaRole.Radio, new() { Name = "Orientation vers la cellule municipale (CMER)" }).CheckAsync();
        var routing = page.Locator("section.routing");
        await Assertions.Expect(routing.Locator(".routing__service")).ToHaveTextAsync("CMER de Tarascon");
        await routing.GetByRole(AriaRole.Radio, new() { Name = "Examen de la situation en cellule municipale" }).CheckAsync();
        await routing.GetByRole(AriaRole.Radio, new() { Name = "Charte signée par le préfet, le maire et le procureur" }).CheckAsync();

        // An empty triage (no relation, urgency, summary or sign) is not sent: what is missing is named.
        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer à CMER de Tarascon" }).ClickAsync();
        var refused = routing.Locator(".triage__error");
        await Assertions.Expect(refused).ToContainTextAsync("Indiquez qui appelle");
        await Assertions.Expect(refused).ToContainTextAsync("niveau d’urgence");
        await Assertions.Expect(refused).ToContainTextAsync("résumé ou cochez au moins un signe");
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        Assert.Equal(0, (await StoredAsync(callSid)).Referrals);
        await Shoot(page, "triage-send-incomplete");
        await page.GetByLabel("Lien avec la personne concernée").SelectOptionAsync(new SelectOptionValue { Label = "Père" });
        await page.GetByRole(AriaRole.Radio, new() { Name = "Inquiétude", Exact = true }).CheckAsync();
        await page.GetByLabel("Repli sur soi").CheckAsync();
        await Assertions.Expect(Saved(page)).ToBeVisibleAsync();
        await Assertions.Expect(routing.Locator(".routing__service")).ToHaveTextAsync("CMER de Tarascon");

        // Meanwhile an administrator deactivates the cell.
        await using (var scope = Server.App.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<DirectoryStore>();
            var cell = (await store.ListAsync(ServiceKind.CommuneCell, status: null, departement: null, commune: "13108", toComplete: null, demo: null, search: null, TestContext.Current.CancellationToken)).Single();
            Assert.NotNull(await store.DeactivateAsync(cell.Id, TestContext.Current.CancellationToken));
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Envoyer à CMER de Tarascon" }).ClickAsync();

        await Assertions.Expect(routing.Locator(".routing__changed")).ToContainTextAsync("rien n’a été envoyé");
        await Assertions.Expect(routing.Locator(".routing__changed")).ToContainTextAsync("CMER de Tarascon");
        await Assertions.Expect(routing.Locator(".routing__service")).ToContainTextAsync("Bouches-du-Rhône");
        await Assertions.Expect(routing).ToContainTextAsync("(Cellule départementale)");
        await Assertions.Expect(routing.Locator(".routing__reason")).ToContainTextAsync("inactive");
        Assert.Equal(0, (await StoredAsync(callSid)).Referrals);
        await Shoot(page, "triage-routing-changed");

        // The departmental cell has its own purposes and legal basis: the choice made for the cell does not carry over.
        await Assertions.Expect(routing.GetByRole(AriaRole.Button, new() { Name = "Envoyer à " })).ToBeDisabledAsync();
        await routing.GetByRole(AriaRole.Radio, new() { Name = "Accompagnement social et psychologique de la famille" }).CheckAsync();
        await routing.GetByRole(AriaRole.Radio, new() { Name = "Mission d'intérêt public de prévention de la radicalisation confiée au préfet" }).CheckAsync();
        await routing.GetByRole(AriaRole.Button, new() { Name = "Envoyer à " }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Confirmer l’envoi à " }).ClickAsync();
        await Assertions.Expect(routing.Locator(".routing__receipt")).ToContainTextAsync("Orientation envoyée");
        await Assertions.Expect(routing.Locator(".routing__receipt")).ToContainTextAsync("Bouches-du-Rhône");
        Assert.Equal(1, (await StoredAsync(callSid)).Referrals);
    }
}
