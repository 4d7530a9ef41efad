using System.Text.RegularExpressions;
using Hotline.Server.Triage;
using Hotline.Testing;
using Microsoft.Playwright;

namespace Hotline.BrowserTests;

/// <summary>
/// The coordinators' inbox, scannable (reference, sender first, age band, relative deadline, next step, search by
/// reference, sort by deadline), and the data protection officer's console: the audit trail and the register,
/// never a case.
/// </summary>
public sealed partial class ScannableInboxAndDpoTests(Chromium chromium) : ConsolePageTest(chromium), IClassFixture<Chromium>
{
    [Fact]
    public async Task The_coordinator_finds_a_referral_by_its_reference_and_reads_who_sent_it_and_what_is_expected()
    {
        var first = await Server.SendReferralAsync(TriageOutcome.ReferToDepartementalCell, "13150", "13108");
        var second = await Server.SendReferralAsync(TriageOutcome.ReferToDepartementalCell, "13150", "13108");
        Assert.Matches(ReferencePattern(), first.Referral.Reference);

        var inbox = await InboxPage.SignInAsync(await NewPageAsync(), Server.BaseUrl, "coordinator13");
        var row = inbox.Row(second.Referral.Id);
        await Assertions.Expect(inbox.Page.GetByRole(AriaRole.Columnheader).First).ToHaveTextAsync("Envoyée par");
        await Assertions.Expect(row.Locator("th")).ToContainTextAsync("Ligne nationale d’écoute");
        await Assertions.Expect(row).ToContainTextAsync(second.Referral.Reference);
        await Assertions.Expect(row).ToContainTextAsync("16 à 17 ans");
        await Assertions.Expect(row).ToContainTextAsync("Accuser réception");
        // Two working days to acknowledge, or hours on its last day: never a bare clock time.
        await Assertions.Expect(row).ToContainTextAsync(new Regex(@"dans \d+ (jours? ouvrés?|h|min)"));
        await inbox.ShootAsync("inbox-scannable");

        await inbox.Page.GetByTestId("inbox-search").FillAsync(first.Referral.Reference);
        await inbox.Page.GetByRole(AriaRole.Button, new() { Name = "Rechercher" }).ClickAsync();
        await Assertions.Expect(inbox.Rows).ToHaveCountAsync(1);
        await Assertions.Expect(inbox.Row(first.Referral.Id)).ToBeVisibleAsync();
        await inbox.ShootAsync("inbox-search-by-reference");

        await inbox.Page.GetByRole(AriaRole.Button, new() { Name = "Effacer" }).ClickAsync();
        await inbox.Page.GetByTestId("inbox-sort").SelectOptionAsync("Deadline");
        await Assertions.Expect(inbox.Rows).ToHaveCountAsync(2);
        // Same urgency, same working-day count: the first sent has the nearest deadline.
        await Assertions.Expect(inbox.Rows.First).ToHaveAttributeAsync("data-referral-id", first.Referral.Id.ToString());

        await inbox.OpenAsync(first.Referral.Id);
        await Assertions.Expect(inbox.Page.GetByTestId("referral-reference")).ToHaveTextAsync(first.Referral.Reference);
        await Assertions.Expect(inbox.Page.GetByTestId("referral-next")).ToHaveTextAsync("Accuser réception");
        await inbox.ShootAsync("inbox-detail-reference");
    }

    [Fact]
    public async Task The_dpo_reads_the_audit_trail_and_the_register_and_cannot_open_a_case()
    {
        var referral = await Server.SendReferralAsync(TriageOutcome.ReferToDepartementalCell, "13150", "13108");
        var page = await NewPageAsync();
        await page.GotoAsync(Server.BaseUrl + "/");
        await page.GetByLabel("Identifiant").FillAsync("dpo");
        await page.GetByLabel("Mot de passe").FillAsync(HotlineAppFactory.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Espaces de travail" });
        await Assertions.Expect(nav.GetByRole(AriaRole.Link)).ToHaveTextAsync(["Journal d’audit", "Registre des traitements", "Mon compte"]);

        // The register: every kind of recipient, what a CMER gets without the family's agreement, the periods in force.
        await nav.GetByRole(AriaRole.Link, new() { Name = "Registre des traitements" }).ClickAsync();
        var recipients = page.GetByTestId("register-recipients");
        await Assertions.Expect(recipients.Locator("tr[data-kind='CommuneCell']")).ToContainTextAsync("commune, niveau d’urgence, finalité et base légale");
        await Assertions.Expect(recipients.Locator("tr[data-kind='DepartementalCell']")).ToContainTextAsync("résumé de l’appel");
        await Assertions.Expect(page.GetByTestId("register-retention")).ToContainTextAsync("Retention:StaleReferrals");
        await Assertions.Expect(page.GetByTestId("register-retention")).ToContainTextAsync("183 jours");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ArtifactsDirectory, "dpo-register.png"), FullPage = true });

        // The trail, with the referral named by its reference; no legal-hold tools (the admin's).
        await nav.GetByRole(AriaRole.Link, new() { Name = "Journal d’audit" }).ClickAsync();
        await page.GetByLabel("Identifiant de l’élément").FillAsync(referral.Referral.Reference);
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtrer", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("table.admin-table tbody tr").First).ToContainTextAsync(referral.Referral.Reference);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Conservation légale d’un appel" })).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ArtifactsDirectory, "dpo-audit.png"), FullPage = true });

        // No case: the inbox is not offered, its address shows another area, and the API refuses.
        await page.EvaluateAsync($"() => {{ window.location.hash = '#/referrals/{referral.Referral.Id}'; }}");
        await Assertions.Expect(page.GetByText("Ligne nationale d’écoute")).ToHaveCountAsync(0);
        var status = await page.EvaluateAsync<int>($"async () => (await fetch('/api/referrals/{referral.Referral.Id}')).status");
        Assert.Equal(403, status);
    }

    [GeneratedRegex(@"^\d{4}-\d{6}$")]
    private static partial Regex ReferencePattern();
}
