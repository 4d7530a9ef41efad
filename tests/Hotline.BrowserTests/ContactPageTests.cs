using System.Text.Json;
using Hotline.Testing;
using Microsoft.Playwright;

namespace Hotline.BrowserTests;

/// <summary>
/// The public contact page in real Chromium: a family writes from a phone-sized screen, a counsellor takes the
/// message, sees how to get back to them discreetly and finishes it; axe finds no violation, at 320 px too.
/// </summary>
public sealed class ContactPageTests(Chromium chromium) : ConsolePageTest(chromium), IClassFixture<Chromium>
{
    private readonly Chromium _chromium = chromium;

    protected override IReadOnlyDictionary<string, string?> ServerSettings { get; } = new Dictionary<string, string?>
    {
        // The browser fills the form faster than a person: the time-to-submit check has its own integration test.
        ["Contact:MinSecondsToSubmit"] = "0",
    };

    [Fact]
    public async Task A_family_writes_at_375_px_and_a_counsellor_takes_the_message_sees_the_discreet_choices_and_finishes_it()
    {
        var counsellor = await NewPageAsync();
        await counsellor.GotoAsync(Server.BaseUrl + "/");
        await counsellor.GetByLabel("Identifiant").FillAsync("counsellor1");
        await counsellor.GetByLabel("Mot de passe").FillAsync(HotlineAppFactory.DemoPassword);
        await counsellor.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await Assertions.Expect(counsellor.GetByText("Connecté", new() { Exact = true })).ToBeVisibleAsync(new() { Timeout = 20_000 });

        var familyContext = await _chromium.Browser.NewContextAsync(new() { Locale = "fr-FR", ViewportSize = new() { Width = 375, Height = 800 } });
        try
        {
            var family = await familyContext.NewPageAsync();
            await family.GotoAsync(Server.BaseUrl + "/contact");
            Assert.Empty(await familyContext.CookiesAsync());
            await family.GetByLabel("Je voudrais signaler une situation inquiétante").CheckAsync();
            await family.GetByLabel("Votre message *").FillAsync("Mon fils ne voit plus ses amis et passe ses nuits sur des vidéos radicales.");
            await family.GetByLabel("Qui est-ce pour vous ? *").SelectOptionAsync("MyChild");
            await family.GetByLabel("Son âge *").SelectOptionAsync("From15To17");
            await family.GetByLabel("Code postal de sa commune (facultatif)").FillAsync("13150");
            await family.GetByLabel("Téléphone (numéro français)").FillAsync("06 55 44 33 22");
            await family.GetByLabel("Non, personne d'autre ne doit savoir que nous appelons").CheckAsync();
            await family.GetByLabel("À tout moment de la journée").CheckAsync();
            await family.GetByLabel("J'ai lu ce que devient mon message", new() { Exact = false }).CheckAsync();
            await family.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ArtifactsDirectory, "contact-375-filled.png"), FullPage = true });
            await family.GetByRole(AriaRole.Button, new() { Name = "Envoyer le message" }).ClickAsync();

            await Assertions.Expect(family.GetByRole(AriaRole.Status)).ToContainTextAsync("Votre référence");
            Assert.True(await family.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 375"), "no horizontal scroll at 375 px");
            Assert.Empty(await familyContext.CookiesAsync());
            await family.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ArtifactsDirectory, "contact-375-sent.png"), FullPage = true });
        }
        finally
        {
            await familyContext.CloseAsync();
        }

        var offer = OfferDialog(counsellor);
        await Assertions.Expect(offer).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(offer).ToContainTextAsync("Message écrit");
        await offer.GetByRole(AriaRole.Button, new() { Name = "Accepter" }).ClickAsync();

        await Assertions.Expect(counsellor.GetByRole(AriaRole.Heading, new() { Name = "Message écrit" })).ToBeVisibleAsync(new() { Timeout = 20_000 });
        await Assertions.Expect(counsellor.GetByTestId("web-message")).ToContainTextAsync("vidéos radicales");
        await Assertions.Expect(counsellor.GetByTestId("discreet-preferences")).ToContainTextAsync("Ne pas laisser de message");
        await Assertions.Expect(counsellor.GetByTestId("discreet-preferences")).ToContainTextAsync("À tout moment");
        await Assertions.Expect(counsellor.GetByText("+33655443322")).ToBeVisibleAsync();
        await counsellor.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ArtifactsDirectory, "contact-counsellor-item.png"), FullPage = true });

        await counsellor.GetByRole(AriaRole.Button, new() { Name = "Marquer comme traité" }).ClickAsync();
        await Assertions.Expect(counsellor.GetByRole(AriaRole.Heading, new() { Name = "Message écrit" })).ToHaveCountAsync(0, new() { Timeout = 20_000 });
    }

    [Theory]
    [InlineData("/contact", 320)]
    [InlineData("/contact/en", 320)]
    [InlineData("/contact", 1280)]
    public async Task Axe_finds_no_violation_on_the_contact_page(string path, int width)
    {
        // The CSP forbids injected scripts: bypassed in this context only, to run axe.
        var context = await _chromium.Browser.NewContextAsync(new() { BypassCSP = true, ViewportSize = new() { Width = width, Height = 800 } });
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync(Server.BaseUrl + path);
            await page.AddScriptTagAsync(new() { Path = AxeScript() });
            var violations = await page.EvaluateAsync<JsonElement>("async () => (await axe.run()).violations.map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))");
            Assert.True(violations.GetArrayLength() == 0, string.Join("\n", violations.EnumerateArray().Select(v => v.GetString())));
            Assert.True(await page.EvaluateAsync<bool>($"() => document.documentElement.scrollWidth <= {width}"), $"no horizontal scroll at {width} px");

            // Keyboard only: the first Tab stops are the language link, then the form's first choice.
            await page.Keyboard.PressAsync("Tab");
            await Assertions.Expect(page.Locator(".top__lang")).ToBeFocusedAsync();
            await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ArtifactsDirectory, $"contact-{width}{path.Replace('/', '-')}.png"), FullPage = true });
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    [Fact]
    public async Task A_family_can_send_the_form_with_the_keyboard_alone()
    {
        var context = await _chromium.Browser.NewContextAsync(new() { Locale = "fr-FR", ViewportSize = new() { Width = 320, Height = 800 } });
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync(Server.BaseUrl + "/contact");

            // Every control is reached with Tab and set with the keys a keyboard user has: Space, arrows, typing.
            await TabToAsync(page, "input[name=motive]");
            await page.Keyboard.PressAsync("ArrowDown"); // moves to, and selects, the second motive
            await TabToAsync(page, "#message");
            await page.Keyboard.TypeAsync("Mon frère a coupé les ponts avec la famille depuis un mois.");
            await TabToAsync(page, "#relation");
            await page.Keyboard.PressAsync("ArrowDown");
            await TabToAsync(page, "#ageBand");
            await page.Keyboard.PressAsync("ArrowDown");
            await TabToAsync(page, "#email");
            await page.Keyboard.TypeAsync("frere.inquiet@example.test");
            await TabToAsync(page, "#acknowledged");
            await page.Keyboard.PressAsync("Space");
            await TabToAsync(page, "button[type=submit]");
            await page.Keyboard.PressAsync("Enter");

            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Votre référence");
            await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToBeFocusedAsync();
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    /// <summary>Presses Tab until the element matching <paramref name="selector"/> has the focus (fails after 40 stops).</summary>
    private static async Task TabToAsync(IPage page, string selector)
    {
        for (var i = 0; i < 40; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) ?? false", selector))
            {
                return;
            }
        }

        Assert.Fail($"Tab never reached {selector}.");
    }

    /// <summary>axe-core from the console's node_modules (a dev dependency, version pinned in package.json).</summary>
    internal static string AxeScript()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "src", "Hotline.Console", "node_modules", "axe-core", "axe.min.js");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("axe-core is missing: run npm ci in src/Hotline.Console.");
    }
}
