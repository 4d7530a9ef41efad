using System.Net;
using System.Net.Http.Json;
using Hotline.Testing;
using Microsoft.Playwright;

namespace Hotline.BrowserTests;

/// <summary>
/// A flood of web messages is held, not dropped: the supervisor sees the held ones on the supervision panel
/// and releases a genuine one to the queue.
/// </summary>
public sealed class HeldMessagesTests(Chromium chromium) : ConsolePageTest(chromium), IClassFixture<Chromium>
{
    protected override IReadOnlyDictionary<string, string?> ServerSettings { get; } = new Dictionary<string, string?>
    {
        ["Contact:MinSecondsToSubmit"] = "0",
        ["Contact:MaxOpenItems"] = "1",
    };

    [Fact]
    public async Task A_supervisor_sees_the_held_messages_and_releases_one_to_the_queue()
    {
        var supervisor = await NewPageAsync();
        await supervisor.GotoAsync(Server.BaseUrl + "/");
        await supervisor.GetByLabel("Identifiant").FillAsync("supervisor1");
        await supervisor.GetByLabel("Mot de passe").FillAsync(HotlineAppFactory.DemoPassword);
        await supervisor.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await Assertions.Expect(supervisor.GetByText("Connecté", new() { Exact = true })).ToBeVisibleAsync(new() { Timeout = 20_000 });
        var panel = supervisor.GetByRole(AriaRole.Region, new() { Name = "Messages écrits retenus" });
        await Assertions.Expect(panel).ToBeHiddenAsync();

        await SendWebMessageAsync();
        var held = await SendWebMessageAsync();

        // Pushed when holding starts: well before the panel's 30 s poll, with a named alert.
        await Assertions.Expect(supervisor.GetByText("les nouveaux sont retenus pour votre revue", new() { Exact = false })).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Assertions.Expect(panel).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Assertions.Expect(panel).ToContainTextAsync(held);
        await Assertions.Expect(panel).ToContainTextAsync("1 message du formulaire de contact retenu");
        await supervisor.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ArtifactsDirectory, "held-messages.png"), FullPage = true });

        await panel.GetByRole(AriaRole.Button, new() { Name = "Libérer vers la file" }).ClickAsync();

        // Released: off the held list, and on the board beside the message that was never held.
        await Assertions.Expect(panel).ToBeHiddenAsync();
        await Assertions.Expect(supervisor.Locator(".queue .queue__item")).ToHaveCountAsync(2);
    }

    /// <summary>Sends the contact form as its page's script does; answers the reference.</summary>
    private async Task<string> SendWebMessageAsync()
    {
        using var client = new HttpClient { BaseAddress = new Uri(Server.BaseUrl) };
        var token = await ContactForm.TokenAsync(client);
        using var response = await client.PostAsJsonAsync("/api/public/contact", new
        {
            message = "Ma fille a changé d'amis et ne parle plus que de partir.",
            motive = "Signal",
            relation = "MyChild",
            ageBand = "From15To17",
            email = "famille.test@example.test",
            acknowledged = true,
            language = "fr",
            formToken = token,
        });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<Receipt>())!.Reference;
    }

    private sealed record Receipt(string Reference);
}
