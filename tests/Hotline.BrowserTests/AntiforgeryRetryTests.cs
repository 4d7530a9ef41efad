using Hotline.Testing;
using Microsoft.Playwright;

namespace Hotline.BrowserTests;

/// <summary>
/// The console recovers from a stale antiforgery token by itself: the server refuses with the code
/// antiforgery-invalid, the client fetches a fresh token once and replays. It used to match the refusal's
/// title, and stopped retrying when the title was translated.
/// </summary>
public sealed class AntiforgeryRetryTests(Chromium chromium) : ConsolePageTest(chromium), IClassFixture<Chromium>
{
    [Fact]
    public async Task A_save_refused_for_a_stale_antiforgery_token_is_replayed_with_a_fresh_one_and_succeeds()
    {
        var page = await NewPageAsync();
        var answers = new List<int>();
        page.Response += (_, response) =>
        {
            if (response.Request.Method == "PUT" && response.Url.EndsWith("/api/console/answering", StringComparison.Ordinal))
            {
                answers.Add(response.Status);
            }
        };
        await page.GotoAsync(Server.BaseUrl + "/");
        await page.GetByLabel("Identifiant").FillAsync("counsellor1");
        await page.GetByLabel("Mot de passe").FillAsync(HotlineAppFactory.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        var answering = page.GetByRole(AriaRole.Region, new() { Name = "Où je réponds aux appels" });
        await Assertions.Expect(answering).ToBeVisibleAsync();

        // A first save: the console now holds this session's token.
        await answering.GetByLabel("Sur mon téléphone").CheckAsync();
        await answering.GetByLabel("Mon numéro de téléphone").FillAsync("+33612345678");
        await answering.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
        await Assertions.Expect(answering.GetByText("Enregistré : s’applique aux prochains appels.")).ToBeVisibleAsync();

        // The antiforgery cookie changes under the console (as after a key rotation): its token no longer matches.
        await page.Context.AddCookiesAsync([new Cookie { Name = "hotline.af", Value = "stale", Url = Server.BaseUrl, HttpOnly = true, SameSite = SameSiteAttribute.Strict }]);

        await answering.GetByLabel("Dans le navigateur").CheckAsync();
        await answering.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();

        await Assertions.Expect(answering.GetByText("Enregistré : s’applique aux prochains appels.")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ArtifactsDirectory, "antiforgery-retry.png"), FullPage = true });
        Assert.Equal([204, 400, 204], answers);
        // The server has the second choice: the replay, not only the first save, reached it.
        await page.ReloadAsync();
        await Assertions.Expect(answering.GetByLabel("Dans le navigateur")).ToBeCheckedAsync();
    }
}
