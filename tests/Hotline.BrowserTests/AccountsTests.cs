using Hotline.Testing;
using Microsoft.Playwright;

namespace Hotline.BrowserTests;

/// <summary>
/// Accounts in real Chromium: an admin creates a user, who replaces the temporary password, enrols an
/// authenticator and signs in with it.
/// </summary>
public sealed class AccountsTests(Chromium chromium) : ConsolePageTest(chromium), IClassFixture<Chromium>
{
    private static Task<byte[]> Shoot(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ArtifactsDirectory, name + ".png"), FullPage = true });

    private async Task<IPage> SignInAsync(string userName, string password)
    {
        var page = await NewPageAsync();
        await page.GotoAsync(Server.BaseUrl + "/");
        await FillPasswordStepAsync(page, userName, password);
        return page;
    }

    private static async Task FillPasswordStepAsync(IPage page, string userName, string password)
    {
        await page.GetByLabel("Identifiant").FillAsync(userName);
        await page.GetByLabel("Mot de passe").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
    }

    /// <summary>"Mon compte" from the area navigation (a coordinator's first area is the referral inbox).</summary>
    private static async Task OpenAccountAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Mon compte" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Mon compte", Level = 1 })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task An_admin_creates_a_coordinator_who_changes_the_temporary_password_enrols_an_authenticator_then_signs_in_with_a_code()
    {
        var cspViolations = new List<string>();

        // The admin creates a coordinator for Vaucluse; the generated password is shown once.
        var admin = await SignInAsync("admin", HotlineAppFactory.DemoPassword);
        await admin.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Comptes" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Comptes", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Rowheader, new() { Name = "coordinator84" })).ToBeVisibleAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Nouveau compte" }).ClickAsync();
        var form = admin.GetByRole(AriaRole.Region, new() { Name = "Nouveau compte" });
        await form.GetByLabel("Identifiant").FillAsync("coord-vaucluse");
        await form.GetByLabel("Nom affiché").FillAsync("Coordination Vaucluse (test)");
        await form.GetByLabel("Coordination départementale").CheckAsync();
        await form.GetByLabel("Départements (coordination)").FillAsync("99");
        await form.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
        // An unknown département is refused by the server, next to the field.
        await Assertions.Expect(form.GetByText("« 99 » n’est pas un code de département (13, 2A, 974…).")).ToBeVisibleAsync();
        await form.GetByLabel("Départements (coordination)").FillAsync("84");
        await Shoot(admin, "accounts-admin-create");
        await form.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
        await Assertions.Expect(admin.GetByText("Compte coord-vaucluse créé.")).ToBeVisibleAsync();
        var password = (await admin.GetByTestId("temporary-password").TextContentAsync())!.Trim();
        Assert.Matches("^[A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4}$", password);
        await Assertions.Expect(admin.GetByRole(AriaRole.Row, new() { Name = "coord-vaucluse" })).ToContainTextAsync("84");
        await Shoot(admin, "accounts-admin-created");

        // The coordinator signs in with it and must first replace it (the admin knows it): nothing else shows.
        var user = await SignInAsync("coord-vaucluse", password);
        user.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                cspViolations.Add(message.Text);
            }
        };
        await Assertions.Expect(user.GetByRole(AriaRole.Heading, new() { Name = "Choisissez votre mot de passe", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(user.GetByRole(AriaRole.Navigation)).ToHaveCountAsync(0);
        await user.GetByLabel("Mot de passe provisoire").FillAsync(password);
        await user.GetByLabel("Nouveau mot de passe", new() { Exact = true }).FillAsync(password);
        await user.GetByLabel("Confirmer le nouveau mot de passe").FillAsync(password);
        await user.GetByRole(AriaRole.Button, new() { Name = "Changer le mot de passe" }).ClickAsync();
        await Assertions.Expect(user.GetByRole(AriaRole.Alert)).ToContainTextAsync("Choisissez un mot de passe différent de l’actuel.");
        const string ownPassword = "Vaucluse-Coordination-2026";
        await user.GetByLabel("Nouveau mot de passe", new() { Exact = true }).FillAsync(ownPassword);
        await user.GetByLabel("Confirmer le nouveau mot de passe").FillAsync(ownPassword);
        await Shoot(user, "accounts-temporary-password");
        await user.GetByRole(AriaRole.Button, new() { Name = "Changer le mot de passe" }).ClickAsync();

        // Then the workspace; they enrol an authenticator from "Mon compte".
        await OpenAccountAsync(user);
        await Assertions.Expect(user.GetByText("Désactivée : seul le mot de passe protège ce compte.")).ToBeVisibleAsync();
        await user.GetByRole(AriaRole.Button, new() { Name = "Configurer l’application" }).ClickAsync();
        var qr = user.GetByRole(AriaRole.Img, new() { Name = "QR code à scanner avec l’application d’authentification" });
        await Assertions.Expect(qr).ToBeVisibleAsync();
        // The QR code is an SVG from our own origin: the Content-Security-Policy lets it load.
        Assert.True(await qr.EvaluateAsync<bool>("async img => { await img.decode(); return img.naturalWidth > 0; }"));
        var key = (await user.GetByTestId("mfa-shared-key").TextContentAsync())!;
        await user.GetByLabel("Code de vérification").FillAsync(AuthenticatorApp.Code(key));
        await Shoot(user, "accounts-enrol");
        await user.GetByRole(AriaRole.Button, new() { Name = "Activer" }).ClickAsync();
        await Assertions.Expect(user.GetByRole(AriaRole.Heading, new() { Name = "Vos codes de secours" })).ToBeVisibleAsync();
        Assert.Equal(10, await user.GetByRole(AriaRole.List, new() { Name = "Vos codes de secours" }).GetByRole(AriaRole.Listitem).CountAsync());
        await Shoot(user, "accounts-recovery-codes");
        await user.GetByRole(AriaRole.Button, new() { Name = "J’ai conservé mes codes" }).ClickAsync();
        await Assertions.Expect(user.GetByText("Activée : chaque connexion demande un code de votre application.")).ToBeVisibleAsync();
        Assert.Empty(cspViolations);

        // Signing out and in again: the password, then the code.
        await user.GetByRole(AriaRole.Button, new() { Name = "Se déconnecter" }).ClickAsync();
        await FillPasswordStepAsync(user, "coord-vaucluse", ownPassword);
        await Assertions.Expect(user.GetByRole(AriaRole.Heading, new() { Name = "Vérification en deux étapes" })).ToBeVisibleAsync();
        await user.GetByLabel("Code de l’application").FillAsync(AuthenticatorApp.WrongCode(key));
        await user.GetByRole(AriaRole.Button, new() { Name = "Valider" }).ClickAsync();
        await Assertions.Expect(user.GetByRole(AriaRole.Alert)).ToContainTextAsync("Code incorrect ou déjà utilisé");
        // The code used at enrolment is spent: the next one (the server accepts a step ahead).
        await user.GetByLabel("Code de l’application").FillAsync(AuthenticatorApp.Code(key, 1));
        await Shoot(user, "accounts-second-step");
        await user.GetByRole(AriaRole.Button, new() { Name = "Valider" }).ClickAsync();
        await OpenAccountAsync(user);
        await Assertions.Expect(user.GetByText("Activée : chaque connexion demande un code de votre application.")).ToBeVisibleAsync();
        await Shoot(user, "accounts-signed-in-with-code");
    }
}
