using Hotline.Server.Triage;
using Microsoft.Playwright;

namespace Hotline.BrowserTests;

/// <summary>The referral inbox in real Chromium: live arrival, the commune cell's minimal view, territory, allowed actions.</summary>
public sealed class ReferralInboxTests(Chromium chromium) : ConsolePageTest(chromium), IClassFixture<Chromium>
{
    private const string Summary = "Le fils de la famille Martin fréquente un réseau";

    [Fact]
    public async Task A_referral_to_the_CMER_of_Tarascon_arrives_live_is_acknowledged_there_stays_out_of_84_and_is_overseen_by_13()
    {
        // The cell has its inbox open, empty, before anything is sent.
        var cell = await InboxPage.SignInAsync(await NewPageAsync(), Server.BaseUrl, "cmer-tarascon");
        await Assertions.Expect(cell.EmptyMessage).ToBeVisibleAsync();
        await Assertions.Expect(cell.Count).ToHaveTextAsync("0 orientation");
        await cell.MarkAsync();

        // counsellor1 sends a call from 13150 (Tarascon) to the commune cell, without the family's consent.
        var receipt = await Server.SendReferralAsync(TriageOutcome.ReferToCommuneCell, "13150", "13108", Summary, consent: false);
        var id = receipt.Referral.Id;
        Assert.Equal("CMER de Tarascon", receipt.Referral.ServiceName);

        // It appears without a reload, counted and announced.
        var row = cell.Row(id);
        await Assertions.Expect(row).ToBeVisibleAsync();
        await Assertions.Expect(row).ToContainTextAsync("CMER de Tarascon");
        await Assertions.Expect(row).ToContainTextAsync("Tarascon — Bouches-du-Rhône (13)");
        await Assertions.Expect(row).ToContainTextAsync("Envoyée");
        await Assertions.Expect(row.Locator("time[title]")).ToHaveAttributeAsync("datetime", new System.Text.RegularExpressions.Regex(".+"));
        await Assertions.Expect(cell.Count).ToHaveTextAsync("1 orientation");
        await Assertions.Expect(cell.Chip("Envoyée")).ToContainTextAsync("1");
        await Assertions.Expect(cell.Announcer).ToHaveTextAsync("Nouvelle orientation — Tarascon");
        Assert.False(await cell.WasReloadedAsync());
        await cell.ShootAsync("inbox-cell-live");

        // The cell opens it: no consent, so no summary or caller details; it may acknowledge or redirect.
        await cell.OpenAsync(id);
        await Assertions.Expect(cell.DetailState).ToHaveTextAsync("Envoyée");
        await Assertions.Expect(cell.WithheldNotice).ToBeVisibleAsync();
        await Assertions.Expect(cell.Page.GetByText("Tarascon (13108)", new() { Exact = false }).First).ToBeVisibleAsync(); // the routing reason
        await Assertions.Expect(cell.Page.GetByText("Martin")).ToHaveCountAsync(0);
        await Assertions.Expect(cell.Page.GetByText("Mère", new() { Exact = true })).ToHaveCountAsync(0);
        await Assertions.Expect(cell.ActionButtons).ToHaveTextAsync(["Accuser réception", "Réorienter…"]);
        await cell.ShootAsync("inbox-cell-detail");

        await cell.Action("Accuser réception").ClickAsync();
        await Assertions.Expect(cell.DetailState).ToHaveTextAsync("Prise en compte");
        await Assertions.Expect(cell.Message).ToContainTextAsync("Réception confirmée");
        await Assertions.Expect(cell.ActionButtons).ToHaveTextAsync(["Commencer le suivi", "Réorienter…"]);
        await Assertions.Expect(cell.History).ToContainTextAsync("Envoyée → Prise en compte");
        await Assertions.Expect(cell.History).ToContainTextAsync("par CMER de Tarascon");
        await cell.ShootAsync("inbox-cell-acknowledged");

        // Back in the list, the row and the counts followed.
        await cell.GotoListAsync();
        await Assertions.Expect(cell.Row(id)).ToContainTextAsync("Prise en compte");
        await Assertions.Expect(cell.Chip("Prise en compte")).ToContainTextAsync("1");
        await Assertions.Expect(cell.Chip("Envoyée")).ToContainTextAsync("0");
        Assert.False(await cell.WasReloadedAsync());

        // Vaucluse sees nothing: not in the list, and the referral's address says "not found" (as for one that does not exist).
        var vaucluse = await InboxPage.SignInAsync(await NewPageAsync(), Server.BaseUrl, "coordinator84");
        await Assertions.Expect(vaucluse.EmptyMessage).ToBeVisibleAsync();
        await Assertions.Expect(vaucluse.Count).ToHaveTextAsync("0 orientation");
        await vaucluse.GotoAsync(id);
        await Assertions.Expect(vaucluse.NotFoundHeading).ToBeVisibleAsync();
        await Assertions.Expect(vaucluse.Page.GetByText("n’existe pas ou ne relève pas de votre territoire")).ToBeVisibleAsync();
        await Assertions.Expect(vaucluse.Page.GetByText("CMER de Tarascon")).ToHaveCountAsync(0);
        await vaucluse.ShootAsync("inbox-84-not-found");

        // Bouches-du-Rhône oversees its communes' cells: sees it as the cell does, may only redirect it or add notes.
        var bouches = await InboxPage.SignInAsync(await NewPageAsync(), Server.BaseUrl, "coordinator13");
        await Assertions.Expect(bouches.Row(id)).ToContainTextAsync("Prise en compte");
        await bouches.OpenAsync(id);
        await Assertions.Expect(bouches.WithheldNotice).ToBeVisibleAsync();
        await Assertions.Expect(bouches.ActionButtons).ToHaveTextAsync(["Réorienter…"]);
        await Assertions.Expect(bouches.NoteField).ToBeVisibleAsync();
        await bouches.ShootAsync("inbox-13-oversight");

        // It redirects to its departmental cell: the cell's open list shows its referral passed on, live.
        await cell.MarkAsync();
        await bouches.RedirectAsync("Bouches-du-Rhône (13) — Cellule départementale", "La famille préfère un accompagnement départemental");
        await Assertions.Expect(bouches.DetailState).ToHaveTextAsync("Réorientée");
        await Assertions.Expect(bouches.ActionButtons).ToHaveCountAsync(0);
        await Assertions.Expect(cell.Row(id)).ToContainTextAsync("Réorientée");
        await Assertions.Expect(cell.Chip("Réorientée")).ToContainTextAsync("1");
        Assert.False(await cell.WasReloadedAsync());
        await bouches.ShootAsync("inbox-13-redirected");
    }
}
