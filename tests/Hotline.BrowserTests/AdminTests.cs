using System.Text;
using Hotline.Server.Data;
using Hotline.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Hotline.Server.Compliance;

namespace Hotline.BrowserTests;

/// <summary>The admin areas in real Chromium: the service directory, its CSV import, the audit trail, and who sees them.</summary>
public sealed class AdminTests(Chromium chromium) : ConsolePageTest(chromium), IClassFixture<Chromium>
{
    private const string Header = "id,organization,name,kind,status,departements,communes,description,email,url,phones,schedule,to_complete,demo";

    private async Task<IPage> SignInAsync(string userName)
    {
        var page = await NewPageAsync();
        await page.GotoAsync(Server.BaseUrl + "/");
        await page.GetByLabel("Identifiant").FillAsync(userName);
        await page.GetByLabel("Mot de passe").FillAsync(HotlineAppFactory.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Se déconnecter" })).ToBeVisibleAsync();
        return page;
    }

    private static Task<byte[]> Shoot(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ArtifactsDirectory, name + ".png"), FullPage = true });

    /// <summary>The id the server gave a call (what admins see in the audit trail).</summary>
    private async Task<Guid> CallIdAsync(string callSid)
    {
        await using var scope = Server.App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        return await db.Calls.Where(call => call.CallSid == callSid).Select(call => call.Id).SingleAsync(TestContext.Current.CancellationToken);
    }

    private static ILocator Nav(IPage page) => page.GetByRole(AriaRole.Navigation, new() { Name = "Espaces de travail" });

    private static async Task SearchAsync(IPage page, string text)
    {
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Recherche" }).FillAsync(text);
    }

    [Fact]
    public async Task An_admin_creates_a_commune_cell_sees_it_edits_its_phone_deactivates_it_and_the_audit_lists_and_filters_those_changes()
    {
        var page = await SignInAsync("admin");
        await Assertions.Expect(Nav(page).GetByRole(AriaRole.Link, new() { Name = "Annuaire des services" })).ToBeVisibleAsync();
        await Assertions.Expect(Nav(page).GetByRole(AriaRole.Link, new() { Name = "Journal d’audit" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Annuaire des services", Level = 1 })).ToBeVisibleAsync();
        // 101 departmental cells, 101 CRIPs (child protection) and the others: paged.
        await Assertions.Expect(page.GetByText("Page 1 sur 5")).ToBeVisibleAsync();
        await Shoot(page, "admin-directory");

        // A postal code where an INSEE code is expected: the server's error shows next to the field.
        await page.GetByRole(AriaRole.Link, new() { Name = "Nouveau service" }).ClickAsync();
        await page.GetByLabel("Organisme").FillAsync("Mairie d'Arles");
        await page.GetByLabel("Nom du service", new() { Exact = true }).FillAsync("CMER d'Arles");
        var communes = page.GetByLabel("Communes (codes INSEE)");
        await communes.FillAsync("13200");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter un téléphone" }).ClickAsync();
        await page.GetByLabel("Numéro").FillAsync("04 90 49 36 36");
        await page.GetByLabel("Libellé (ex. accueil)").FillAsync("accueil");
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer le service" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Le service n’a pas été enregistré");
        await Assertions.Expect(communes).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(communes).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex(System.Text.RegularExpressions.Regex.Escape("« 13200 » est un code postal, pas un code INSEE : Arles a le code INSEE 13004.")));
        await Shoot(page, "admin-service-invalid");

        await communes.FillAsync("13004");
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer le service" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Modifier : CMER d'Arles" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText("Service créé.")).ToBeVisibleAsync();
        var id = page.Url[(page.Url.LastIndexOf('/') + 1)..];
        Assert.True(Guid.TryParse(id, out _), page.Url);

        // In the list.
        await page.GetByRole(AriaRole.Link, new() { Name = "Retour à la liste" }).ClickAsync();
        await SearchAsync(page, "Arles");
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "CMER d'Arles" });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row).ToContainTextAsync("Communes 13004");
        await Assertions.Expect(row).ToContainTextAsync("Actif");

        // Its phone changes, and the change is kept.
        await row.GetByRole(AriaRole.Link, new() { Name = "CMER d'Arles" }).ClickAsync();
        // Not a French number: refused by the server (libphonenumber), said in French.
        await page.GetByLabel("Numéro").FillAsync("04 90 49");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("n’est pas un numéro de téléphone français valide");
        await page.GetByLabel("Numéro").FillAsync("04.90.49.00.00");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Modifications enregistrées.")).ToBeVisibleAsync();
        await page.ReloadAsync();
        // Stored in E.164, whatever the typing.
        await Assertions.Expect(page.GetByLabel("Numéro")).ToHaveValueAsync("+33490490000");

        // Deactivation says what it does, then takes the cell out of routing.
        await page.GetByRole(AriaRole.Button, new() { Name = "Désactiver…" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Désactiver ce service ?" });
        await Assertions.Expect(dialog).ToContainTextAsync("Le routage ne le choisira plus");
        await Shoot(page, "admin-deactivate");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Désactiver" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Service désactivé : le routage ne le choisit plus.")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Désactiver…" })).ToHaveCountAsync(0);
        var routing = await page.EvaluateAsync<string>(
            """
            async () => {
              const token = await (await fetch('/api/auth/antiforgery')).json();
              const response = await fetch('/api/directory/routing', {
                method: 'POST',
                headers: { 'Content-Type': 'application/json', [token.headerName]: token.token },
                body: JSON.stringify({ intent: 'ReferToCommuneCell', communeCode: '13004' }) });
              return (await response.json()).reasonCode;
            }
            """);
        Assert.Equal("CommuneCellInactive", routing);
        await page.GetByRole(AriaRole.Link, new() { Name = "Retour à la liste" }).ClickAsync();
        await SearchAsync(page, "Arles");
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "CMER d'Arles" })).ToContainTextAsync("Inactif");

        // The audit trail holds what was done: one creation, two changes (edit, deactivation).
        await Nav(page).GetByRole(AriaRole.Link, new() { Name = "Journal d’audit" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Journal d’audit", Level = 1 })).ToBeVisibleAsync();
        var entries = page.Locator("table tbody tr").Filter(new() { HasText = id });
        await Assertions.Expect(entries).ToHaveCountAsync(3);
        await Shoot(page, "admin-audit");

        await page.GetByLabel("Action").SelectOptionAsync("Create");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtrer" }).ClickAsync();
        await Assertions.Expect(entries).ToHaveCountAsync(1);
        await Assertions.Expect(entries).ToContainTextAsync("Création");
        await Assertions.Expect(page.Locator("table tbody tr").Filter(new() { HasText = "Modification" })).ToHaveCountAsync(0);

        await page.GetByLabel("Action").SelectOptionAsync("Update");
        await page.GetByLabel("Identifiant de l’élément").FillAsync(id);
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtrer" }).ClickAsync();
        await Assertions.Expect(page.Locator("table tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("table tbody tr").Filter(new() { HasText = "Modification" })).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("table tbody tr").First).ToContainTextAsync("admin");

        // The export holds the filtered set.
        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Link, new() { Name = "Exporter en CSV (filtres appliqués)" }).ClickAsync());
        var lines = (await File.ReadAllLinesAsync((await download.PathAsync())!, TestContext.Current.CancellationToken)).Where(l => l.Length > 0).ToList();
        Assert.Equal(3, lines.Count);
        Assert.All(lines.Skip(1), line => Assert.Contains($",admin,Update,Allowed,DirectoryService,{id},", line, StringComparison.Ordinal));
        await Shoot(page, "admin-audit-filtered");
    }

    [Fact]
    public async Task A_csv_dry_run_with_a_bad_row_shows_the_row_error_and_imports_nothing_then_a_clean_file_imports()
    {
        var page = await SignInAsync("admin");
        await page.GetByRole(AriaRole.Link, new() { Name = "Importer un CSV" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Importer des services (CSV)" })).ToBeVisibleAsync();

        // The template is the export: every column, a byte order mark for spreadsheets.
        var template = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Link, new() { Name = "Télécharger l’annuaire actuel (modèle)" }).ClickAsync());
        var exported = await File.ReadAllTextAsync((await template.PathAsync())!, TestContext.Current.CancellationToken);
        Assert.StartsWith(Header, exported, StringComparison.Ordinal);
        Assert.Contains("CMER de Tarascon", exported, StringComparison.Ordinal);

        var good = ",Mairie de Salon-de-Provence,CMER de Salon,CommuneCell,Active,,13103,,,,04 90 44 89 00 (accueil),Monday 09:00-12:00,,";
        var bad = ",Mairie de Martigues,CMER de Martigues,CommuneCell,Active,,13500,,,,,,,";
        await page.GetByLabel("Fichier CSV").SetInputFilesAsync(new FilePayload
        {
            Name = "services.csv",
            MimeType = "text/csv",
            Buffer = Encoding.UTF8.GetBytes($"{Header}\n{good}\n{bad}\n"),
        });
        var import = page.GetByRole(AriaRole.Button, new() { Name = "Importer", Exact = true });
        await Assertions.Expect(import).ToBeDisabledAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Vérifier (essai à blanc)" }).ClickAsync();
        // The bad code, and what follows from it (a commune cell without a valid commune): both on line 3.
        await Assertions.Expect(page.GetByText("2 erreurs sur 1 ligne. Rien n’a été importé")).ToBeVisibleAsync();
        var errors = page.GetByRole(AriaRole.Table, new() { Name = "Erreurs du fichier" }).Locator("tbody tr");
        await Assertions.Expect(errors).ToHaveCountAsync(2);
        foreach (var error in await errors.AllAsync())
        {
            await Assertions.Expect(error.Locator("td").Nth(0)).ToHaveTextAsync("3");
            await Assertions.Expect(error.Locator("td").Nth(1)).ToHaveTextAsync("communes");
        }

        await Assertions.Expect(errors.Filter(new() { HasText = "« 13500 » est un code postal, pas un code INSEE : Martigues a le code INSEE 13056." })).ToHaveCountAsync(1);
        await Assertions.Expect(import).ToBeDisabledAsync();
        await Shoot(page, "admin-import-dry-run-errors");

        // Nothing of the file reached the directory, not even its valid row.
        await page.GetByRole(AriaRole.Link, new() { Name = "Retour à la liste" }).ClickAsync();
        await SearchAsync(page, "Salon");
        await Assertions.Expect(page.GetByText("Aucun service ne correspond aux filtres.")).ToBeVisibleAsync();

        // The fixed file: a clean dry run enables the import, which saves it.
        await page.GetByRole(AriaRole.Link, new() { Name = "Importer un CSV" }).ClickAsync();
        await page.GetByLabel("Fichier CSV").SetInputFilesAsync(new FilePayload
        {
            Name = "services.csv",
            MimeType = "text/csv",
            Buffer = Encoding.UTF8.GetBytes($"{Header}\n{good}\n"),
        });
        await page.GetByRole(AriaRole.Button, new() { Name = "Vérifier (essai à blanc)" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Essai à blanc sans erreur : 1 ligne — 1 création, 0 mise à jour")).ToBeVisibleAsync();
        await Assertions.Expect(import).ToBeEnabledAsync();
        await import.ClickAsync();
        await Assertions.Expect(page.GetByText("Import terminé : 1 ligne — 1 service créé, 0 service mis à jour.")).ToBeVisibleAsync();
        await Assertions.Expect(import).ToBeDisabledAsync();
        await Shoot(page, "admin-import-done");

        await page.GetByRole(AriaRole.Link, new() { Name = "Voir la liste des services" }).ClickAsync();
        await SearchAsync(page, "Salon");
        await Assertions.Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "CMER de Salon" })).ToContainTextAsync("Communes 13103");
    }

    [Fact]
    public async Task A_counsellor_has_no_admin_area_and_the_server_refuses_the_admin_api()
    {
        var page = await SignInAsync("counsellor1");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "File d’attente" })).ToBeVisibleAsync();

        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "Annuaire des services" }).CountAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "Journal d’audit" }).CountAsync());

        // Typing the address does not open it either: the console is shown instead.
        await page.GotoAsync(Server.BaseUrl + "/#/admin/directory");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "File d’attente" })).ToBeVisibleAsync();
        Assert.Equal(0, await page.GetByRole(AriaRole.Heading, new() { Name = "Annuaire des services" }).CountAsync());

        var statuses = await page.EvaluateAsync<int[]>(
            """
            async () => {
              const token = await (await fetch('/api/auth/antiforgery')).json();
              const headers = { 'Content-Type': 'application/json', [token.headerName]: token.token };
              return [
                (await fetch('/api/audit/')).status,
                (await fetch('/api/directory/services/export.csv')).status,
                (await fetch('/api/directory/services', { method: 'POST', headers, body: '{}' })).status,
                (await fetch('/api/calls/00000000-0000-0000-0000-000000000000/legal-hold')).status,
              ];
            }
            """);
        Assert.Equal([403, 403, 403, 403], statuses);
    }

    [Fact]
    public async Task A_link_followed_the_moment_the_workspace_appears_is_not_replaced_by_the_first_area()
    {
        var page = await NewPageAsync();
        await page.GotoAsync(Server.BaseUrl + "/");
        // The instant the signed-in header is in the page, before the workspace has started listening to the address,
        // the admin follows a link: the workspace must show it, not send them back to its first area.
        await page.EvaluateAsync(
            """
            () => new MutationObserver((_, observer) => {
              if ([...document.querySelectorAll('button')].some(button => button.textContent === 'Se déconnecter')) {
                observer.disconnect();
                window.location.hash = '#/admin/audit';
              }
            }).observe(document.body, { childList: true, subtree: true })
            """);
        await page.GetByLabel("Identifiant").FillAsync("admin");
        await page.GetByLabel("Mot de passe").FillAsync(HotlineAppFactory.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();

        await Assertions.Expect(page.GetByLabel("Type d’élément")).ToBeVisibleAsync();
        Assert.EndsWith("#/admin/audit", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_sets_a_legal_hold_with_its_reason_sees_it_in_the_audit_and_releases_it_after_confirming()
    {
        var callId = await CallIdAsync(await Server.PlaceCallAsync("1", "13150"));
        var page = await SignInAsync("admin");
        async Task<string> HoldAsync() => await page.EvaluateAsync<string>(
            "async id => JSON.stringify(await (await fetch(`/api/calls/${id}/legal-hold`)).json())", callId.ToString());

        await page.GotoAsync($"{Server.BaseUrl}/#/admin/audit/legal-hold/{callId}");
        var panel = page.Locator("section").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Conservation légale d’un appel" }) });
        await Assertions.Expect(panel.GetByLabel("Identifiant de l’appel")).ToHaveValueAsync(callId.ToString());
        await Assertions.Expect(panel.GetByText("Cet appel n’est pas sous conservation légale.")).ToBeVisibleAsync();

        // No reason, no hold.
        await panel.GetByRole(AriaRole.Button, new() { Name = "Placer sous conservation légale" }).ClickAsync();
        await Assertions.Expect(panel.GetByText("Le motif est obligatoire")).ToBeVisibleAsync();
        Assert.Equal("""{"hold":false,"reason":null}""", await HoldAsync());

        await panel.GetByLabel("Motif de la conservation (obligatoire)").FillAsync("Réquisition n° 2026-118");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Placer sous conservation légale" }).ClickAsync();
        await Assertions.Expect(panel.GetByText("Cet appel est sous conservation légale.")).ToBeVisibleAsync();
        await Assertions.Expect(panel).ToContainTextAsync("Réquisition n° 2026-118");
        Assert.Equal("""{"hold":true,"reason":"Réquisition n° 2026-118"}""", await HoldAsync());
        await Shoot(page, "admin-legal-hold");

        // The change is in the trail (the list shows it at once), with a way back to this call's hold.
        await Assertions.Expect(page.Locator("table tbody tr").Filter(new() { HasText = "Call.LegalHold" }).Filter(new() { HasText = "Modification" }))
            .ToHaveCountAsync(1);
        await page.GetByLabel("Type d’élément").FillAsync("Call.LegalHold");
        await page.GetByLabel("Action").SelectOptionAsync("Update");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtrer" }).ClickAsync();
        var entry = page.Locator("table tbody tr");
        await Assertions.Expect(entry).ToHaveCountAsync(1);
        await Assertions.Expect(entry).ToContainTextAsync(callId.ToString());
        await Assertions.Expect(entry.GetByRole(AriaRole.Link, new() { Name = $"Conservation légale de l’appel {callId}" })).ToBeVisibleAsync();

        // Releasing needs an explicit confirmation.
        var release = panel.GetByRole(AriaRole.Button, new() { Name = "Lever la conservation légale" });
        await Assertions.Expect(release).ToBeDisabledAsync();
        await panel.GetByLabel("Je confirme la levée").CheckAsync();
        await release.ClickAsync();
        await Assertions.Expect(panel.GetByText("Cet appel n’est pas sous conservation légale.")).ToBeVisibleAsync();
        Assert.Equal("""{"hold":false,"reason":null}""", await HoldAsync());
    }
}
