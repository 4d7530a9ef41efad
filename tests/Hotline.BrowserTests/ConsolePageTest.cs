using Microsoft.Playwright;

namespace Hotline.BrowserTests;

/// <summary>
/// A console browser test: a server of its own (with WireMock as Twilio) and the browser pages it opened,
/// closed before the server stops (their SignalR connections would otherwise hold its shutdown).
/// </summary>
public abstract class ConsolePageTest(Chromium chromium) : IAsyncLifetime
{
    /// <summary>The contexts closed before the server stops: a test that opens one of its own adds it here.</summary>
    protected List<IBrowserContext> Contexts { get; } = [];

    protected ConsoleServer Server { get; private set; } = null!;

    /// <summary>Configuration of this class's servers over the test defaults.</summary>
    protected virtual IReadOnlyDictionary<string, string?> ServerSettings { get; } = new Dictionary<string, string?>();

    public async ValueTask InitializeAsync() => Server = await ConsoleServer.StartAsync(ServerSettings);

    public async ValueTask DisposeAsync()
    {
        foreach (var context in Contexts)
        {
            await context.CloseAsync();
        }

        await Server.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected Task<IPage> NewPageAsync() => NewPageAsync(1280, 800);

    /// <param name="bypassCsp">The CSP forbids injected scripts: bypassed for a page that runs axe only.</param>
    protected async Task<IPage> NewPageAsync(int width, int height, bool bypassCsp = false)
    {
        var context = await chromium.Browser.NewContextAsync(new()
        {
            Locale = "fr-FR", ViewportSize = new() { Width = width, Height = height }, BypassCSP = bypassCsp,
        });
        Contexts.Add(context);
        return await context.NewPageAsync();
    }

    protected static ILocator OfferDialog(IPage page) => page.GetByRole(AriaRole.Dialog, new() { Name = "Appel proposé" });
}
