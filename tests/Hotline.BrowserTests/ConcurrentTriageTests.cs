using System.Text.Json;
using Hotline.Server.Data;
using Hotline.Server.Triage;
using Hotline.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Hotline.BrowserTests;

/// <summary>
/// One triage open in two tabs of the same counsellor (a supervisor's console works the same way): a save in one is
/// shown in the other within 2 s; edits of different fields are both kept; the same field edited in both asks, in a
/// dialog usable with the keyboard alone, which version to keep. And the drafts are gone after signing out.
/// </summary>
public sealed class ConcurrentTriageTests(Chromium chromium) : ConsolePageTest(chromium), IClassFixture<Chromium>
{
    private readonly Chromium _chromium = chromium;

    protected override IReadOnlyDictionary<string, string?> ServerSettings => new Dictionary<string, string?> { ["Console:WrapUp"] = "00:00:00" };

    private static Task<byte[]> Shoot(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ArtifactsDirectory, name + ".png"), FullPage = true });

    private static ILocator Summary(IPage page) => page.GetByLabel("Résumé", new() { Exact = true });

    private static ILocator Relation(IPage page) => page.GetByLabel("Lien avec la personne concernée");

    private static ILocator Saved(IPage page) => page.Locator(".triage [data-save-status='saved']");

    /// <summary>A counsellor's ended call, its triage open from "À compléter" in two tabs of one browser (axe allowed in it).</summary>
    private async Task<(IPage First, IPage Second, string CallSid)> TwoTabsAsync()
    {
        // The CSP forbids injected scripts: bypassed in this context only, to run axe on the dialog.
        var context = await _chromium.Browser.NewContextAsync(new() { Locale = "fr-FR", BypassCSP = true, ViewportSize = new() { Width = 1366, Height = 768 } });
        Contexts.Add(context);
        var first = await context.NewPageAsync();
        await first.GotoAsync(Server.BaseUrl + "/");
        await first.GetByLabel("Identifiant").FillAsync("counsellor1");
        await first.GetByLabel("Mot de passe").FillAsync(HotlineAppFactory.DemoPassword);
        await first.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        // A first hub connection refused by a busy server is retried after 5 s: allow for one retry.
        await Assertions.Expect(first.GetByText("Connecté", new() { Exact = true })).ToBeVisibleAsync(new() { Timeout = 20_000 });

        var callSid = await Server.PlaceCallAsync("2", "84000");
        var offer = OfferDialog(first);
        await Assertions.Expect(offer).ToBeVisibleAsync();
        await offer.GetByRole(AriaRole.Button, new() { Name = "Accepter" }).ClickAsync();
        await Assertions.Expect(first.GetByRole(AriaRole.Heading, new() { Name = "Fiche de triage" })).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Summary(first).FillAsync("Premier appel de la mère");
        await Assertions.Expect(Saved(first)).ToBeVisibleAsync();
        await Server.EndCallAsync(callSid);
        var item = first.Locator("section.pending").GetByRole(AriaRole.Link).Filter(new() { HasText = "Vaucluse" });
        await item.ClickAsync();
        await Assertions.Expect(first.GetByText("Appel précédent")).ToBeVisibleAsync();

        var second = await context.NewPageAsync();
        await second.GotoAsync(first.Url);
        await Assertions.Expect(Summary(second)).ToHaveValueAsync("Premier appel de la mère", new() { Timeout = 20_000 });
        return (first, second, callSid);
    }

    private async Task<CallTriage> StoredAsync(string callSid)
    {
        await using var scope = Server.App.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        var callId = await db.Calls.Where(c => c.CallSid == callSid).Select(c => c.Id).SingleAsync(TestContext.Current.CancellationToken);
        return await db.Triages.AsNoTracking().SingleAsync(t => t.CallId == callId, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Two_tabs_editing_different_fields_both_keep_them_and_each_sees_the_others_within_2_seconds()
    {
        var (first, second, callSid) = await TwoTabsAsync();

        await Relation(first).SelectOptionAsync(new SelectOptionValue { Label = "Mère" });
        await Assertions.Expect(Relation(second)).ToHaveValueAsync("Mother", new() { Timeout = 2_000 });

        await second.GetByRole(AriaRole.Radio, new() { Name = "Inquiétude sérieuse", Exact = true }).CheckAsync();
        await Assertions.Expect(first.GetByRole(AriaRole.Radio, new() { Name = "Inquiétude sérieuse", Exact = true })).ToBeCheckedAsync(new() { Timeout = 2_000 });

        // Typed at the same moment in both tabs, in different fields: the later save meets the new revision, merges, saves.
        await first.GetByLabel("Âge", new() { Exact = true }).FillAsync("17");
        await Summary(second).FillAsync("Premier appel de la mère, complété dans le second onglet");
        await Assertions.Expect(Summary(first)).ToHaveValueAsync("Premier appel de la mère, complété dans le second onglet", new() { Timeout = 5_000 });
        await Assertions.Expect(second.GetByLabel("Âge", new() { Exact = true })).ToHaveValueAsync("17", new() { Timeout = 5_000 });
        await Assertions.Expect(first.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await Assertions.Expect(second.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await Shoot(second, "triage-two-tabs-merged");

        // At 1366×768 (this context) and 800 px wide: the panels stack, nothing is clipped or scrolls sideways.
        Assert.True(await second.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 1366"), "no horizontal scroll at 1366 px");
        await second.SetViewportSizeAsync(800, 900);
        Assert.True(await second.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 800"), "no horizontal scroll at 800 px");
        var form = await second.Locator("section.triage").BoundingBoxAsync();
        Assert.True(form!.X >= 0 && form.X + form.Width <= 800, $"the triage fits in 800 px ({form.X} + {form.Width})");
        await Shoot(second, "triage-800px");

        var stored = await StoredAsync(callSid);
        Assert.Equal(CallerRelation.Mother, stored.CallerRelation);
        Assert.Equal("serious-concern", stored.Urgency);
        Assert.Equal(17, stored.ConcernedAge);
    }

    [Fact]
    public async Task The_same_field_edited_in_two_tabs_asks_which_version_to_keep_in_a_keyboard_usable_dialog()
    {
        var (first, second, callSid) = await TwoTabsAsync();
        // The second tab's saves reach the server late: the first tab's save comes in between.
        await second.RouteAsync("**/api/calls/*/triage", async route =>
        {
            if (route.Request.Method == "PUT")
            {
                await Task.Delay(1_500);
            }

            await route.ContinueAsync();
        });

        await Summary(first).FillAsync("Version du premier onglet");
        await Summary(second).FillAsync("Version du second onglet");
        await Relation(second).SelectOptionAsync(new SelectOptionValue { Label = "Père" });

        var dialog = second.GetByRole(AriaRole.Dialog, new() { Name = "La fiche a été modifiée ailleurs" });
        await Assertions.Expect(dialog).ToBeVisibleAsync(new() { Timeout = 10_000 });
        // Only the true conflict is asked about (the relation was changed on this side only).
        await Assertions.Expect(dialog.GetByRole(AriaRole.Group)).ToHaveCountAsync(1);
        await Assertions.Expect(dialog.GetByRole(AriaRole.Group, new() { Name = "Résumé" })).ToBeVisibleAsync();
        await Assertions.Expect(dialog.GetByRole(AriaRole.Radio, new() { Name = "Votre version Version du second onglet" })).ToBeFocusedAsync();
        await Assertions.Expect(dialog).ToContainTextAsync("L’autre version");
        await Assertions.Expect(dialog).ToContainTextAsync("Version du premier onglet");
        await second.AddScriptTagAsync(new() { Path = AxeScript() });
        var violations = await second.EvaluateAsync<JsonElement>(
            "async () => (await axe.run(document.querySelector('dialog'))).violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))");
        Assert.True(violations.GetArrayLength() == 0, string.Join("\n", violations.EnumerateArray().Select(v => v.GetString())));
        await Shoot(second, "triage-conflict-dialog");

        // Keyboard only: the arrow takes the other version, Tab reaches the button, Enter keeps the choice.
        await second.Keyboard.PressAsync("ArrowDown");
        await Assertions.Expect(dialog.GetByRole(AriaRole.Radio, new() { Name = "L’autre version Version du premier onglet" })).ToBeCheckedAsync();
        await second.Keyboard.PressAsync("Tab");
        await second.Keyboard.PressAsync("Enter");
        await Assertions.Expect(dialog).ToHaveCountAsync(0);

        await Assertions.Expect(Summary(second)).ToHaveValueAsync("Version du premier onglet");
        await Assertions.Expect(Saved(second)).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Assertions.Expect(Relation(first)).ToHaveValueAsync("Father", new() { Timeout = 5_000 });
        var stored = await StoredAsync(callSid);
        Assert.Equal(CallerRelation.Father, stored.CallerRelation);
        await Assertions.Expect(Summary(first)).ToHaveValueAsync("Version du premier onglet");
    }

    [Fact]
    public async Task Signing_out_clears_every_triage_draft_of_the_tab()
    {
        var (first, _, _) = await TwoTabsAsync();
        // A refused age stays in the tab's draft (with the summary next to it).
        await first.GetByLabel("Âge", new() { Exact = true }).FillAsync("250");
        await Assertions.Expect(first.Locator(".triage [data-save-status='partial']")).ToBeVisibleAsync();
        Assert.True(await first.EvaluateAsync<int>("() => Object.keys(sessionStorage).filter(k => k.startsWith('hotline.triage-draft.')).length") > 0);

        await first.GetByRole(AriaRole.Button, new() { Name = "Se déconnecter" }).ClickAsync();
        await Assertions.Expect(first.GetByLabel("Identifiant")).ToBeVisibleAsync();

        Assert.Equal(0, await first.EvaluateAsync<int>("() => Object.keys(sessionStorage).filter(k => k.startsWith('hotline.triage-draft.')).length"));
    }

    private static string AxeScript()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "src", "Hotline.Console", "node_modules", "axe-core", "axe.min.js");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("axe-core (npm install in src/Hotline.Console)");
    }
}
