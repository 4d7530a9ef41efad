using Hotline.Testing;
using Microsoft.Playwright;

namespace Hotline.BrowserTests;

/// <summary>
/// The referral inbox (#/referrals) of one signed-in user, in French: what a test reads and clicks there.
/// Reusable by any browser test (e.g. an end-to-end test from the counsellor's triage to the inbox).
/// </summary>
public sealed class InboxPage(IPage page, string baseUrl)
{
    public IPage Page => page;

    /// <summary>Signs in on a fresh page and opens the inbox; returns once the list is loaded and the hub connected.</summary>
    public static async Task<InboxPage> SignInAsync(IPage page, string baseUrl, string userName)
    {
        await page.GotoAsync(baseUrl + "/#/referrals");
        await page.GetByLabel("Identifiant").FillAsync(userName);
        await page.GetByLabel("Mot de passe").FillAsync(HotlineAppFactory.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        var inbox = new InboxPage(page, baseUrl);
        await inbox.GotoListAsync();
        // A first connection refused by a busy server is retried after 5 s: allow for one retry.
        await Assertions.Expect(page.GetByText("Connecté", new() { Exact = true })).ToBeVisibleAsync(new() { Timeout = 20_000 });
        return inbox;
    }

    // ---- The list ----

    public ILocator ListHeading => page.GetByRole(AriaRole.Heading, new() { Name = "Orientations reçues" });

    /// <summary>"3 orientations · 1 en retard".</summary>
    public ILocator Count => page.GetByTestId("inbox-count");

    public ILocator Rows => page.Locator("table.inbox__table tbody tr");

    public ILocator Row(Guid referralId) => page.Locator($"tr[data-referral-id='{referralId}']");

    /// <summary>A filter chip ("Toutes", "En retard", "Envoyée", "Prise en compte", …); its text ends with its count.</summary>
    public ILocator Chip(string name) => page.GetByRole(AriaRole.Group, new() { Name = "Filtrer par état" })
        .GetByRole(AriaRole.Button).Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^" + System.Text.RegularExpressions.Regex.Escape(name) + @"\s+\d+$") });

    public ILocator EmptyMessage => page.GetByText("Aucune orientation à afficher.");

    /// <summary>The polite live region announcing new referrals ("Nouvelle orientation — Tarascon").</summary>
    public ILocator Announcer => page.GetByTestId("referral-announcer");

    public async Task GotoListAsync()
    {
        if (!page.Url.EndsWith("#/referrals", StringComparison.Ordinal))
        {
            await page.EvaluateAsync("() => { window.location.hash = '#/referrals'; }");
        }

        await Assertions.Expect(ListHeading).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Chargement des orientations…")).ToBeHiddenAsync();
    }

    /// <summary>Opens a referral from its row, as a user does.</summary>
    public async Task OpenAsync(Guid referralId)
    {
        await Row(referralId).GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(DetailState.Or(NotFoundHeading)).ToBeVisibleAsync();
    }

    /// <summary>Opens a referral by its address (#/referrals/&lt;id&gt;), as a link or a bookmark does.</summary>
    public async Task GotoAsync(Guid referralId)
    {
        await page.GotoAsync($"{baseUrl}/#/referrals/{referralId}");
        await Assertions.Expect(DetailState.Or(NotFoundHeading)).ToBeVisibleAsync();
    }

    // ---- A referral ----

    /// <summary>The state in the referral's card ("Envoyée", "Prise en compte", …).</summary>
    public ILocator DetailState => page.GetByTestId("referral-state");

    public ILocator NotFoundHeading => page.GetByRole(AriaRole.Heading, new() { Name = "Orientation introuvable" });

    public ILocator WithheldNotice => page.GetByText("Détails non transmis", new() { Exact = true });

    public ILocator Actions => page.GetByRole(AriaRole.Region, new() { Name = "Actions" });

    /// <summary>The buttons of the actions panel ("Accuser réception", "Commencer le suivi", "Clore", "Réorienter…").</summary>
    public ILocator ActionButtons => Actions.GetByRole(AriaRole.Button);

    public ILocator Action(string name) => Actions.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    public ILocator Message => page.Locator(".referral-message");

    public ILocator History => page.GetByRole(AriaRole.Region, new() { Name = "Historique" });

    public ILocator NoteField => page.GetByLabel("Ajouter une note");

    /// <summary>Redirects the open referral to the service whose option label contains <paramref name="service"/>.</summary>
    private const string PurposeLabel = "Finalité";

    private const string LegalBasisLabel = "Base légale";

    public async Task RedirectAsync(string service, string reason)
    {
        await Action("Réorienter…").ClickAsync();
        var select = page.GetByLabel("Service", new() { Exact = true });
        await Assertions.Expect(select).ToBeVisibleAsync();
        var value = await select.Locator("option").Filter(new() { HasText = service }).First.GetAttributeAsync("value");
        await select.SelectOptionAsync(value!);
        await page.GetByLabel("Motif de la réorientation").FillAsync(reason);
        // Every transfer states a purpose and a legal basis: the first offered for the service's kind.
        await page.GetByLabel(PurposeLabel, new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.GetByLabel(LegalBasisLabel, new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.GetByRole(AriaRole.Button, new() { Name = "Réorienter", Exact = true }).ClickAsync();
    }

    /// <summary>Marks the page so that <see cref="WasReloadedAsync"/> tells whether it was loaded again since.</summary>
    public Task MarkAsync() => page.EvaluateAsync("() => { window.__inboxMark = true; }");

    public async Task<bool> WasReloadedAsync() => !await page.EvaluateAsync<bool>("() => window.__inboxMark === true");

    public Task ShootAsync(string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ArtifactsDirectory, name + ".png"), FullPage = true });
}
