using Hotline.Testing;
using Microsoft.Playwright;

namespace Hotline.BrowserTests;

/// <summary>
/// Refusals that come before the server reads the message (too many messages, too large) are told in the page's
/// own language: the English page must not answer an English-speaking family in French.
/// </summary>
public sealed class ContactPageLimitTests(Chromium chromium) : ConsolePageTest(chromium), IClassFixture<Chromium>
{
    private readonly Chromium _chromium = chromium;

    protected override IReadOnlyDictionary<string, string?> ServerSettings { get; } = new Dictionary<string, string?>
    {
        ["Contact:MinSecondsToSubmit"] = "0",
        // One message an hour from an address: the second one from this machine is refused with 429.
        ["Contact:PerAddressPerHour"] = "1",
    };

    [Fact]
    public async Task The_english_page_says_in_english_that_there_are_too_many_messages_and_keeps_what_was_typed()
    {
        var context = await _chromium.Browser.NewContextAsync(new() { Locale = "en-GB", ViewportSize = new() { Width = 375, Height = 800 } });
        try
        {
            var page = await context.NewPageAsync();
            // The address's one message this hour (its content does not matter: the limit counts every attempt).
            var first = await page.APIRequest.PostAsync(Server.BaseUrl + "/api/public/contact", new() { DataObject = new { } });
            Assert.NotEqual(429, first.Status);

            await page.GotoAsync(Server.BaseUrl + "/contact/en");
            await page.GetByLabel("I have a question or would like advice").CheckAsync();
            await page.GetByLabel("Your message *").FillAsync("My sister no longer speaks to anyone in the family.");
            await page.GetByLabel("Who is it to you? *").SelectOptionAsync("MySibling");
            await page.GetByLabel("Their age *").SelectOptionAsync("From18To25");
            await page.GetByLabel("E-mail address").FillAsync("worried.brother@example.test");
            await page.GetByLabel("I have read what happens to my message", new() { Exact = false }).CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Send the message" }).ClickAsync();

            var status = page.GetByRole(AriaRole.Status);
            await Assertions.Expect(status).ToContainTextAsync("Too many messages right now");
            await Assertions.Expect(status).Not.ToContainTextAsync("Trop de messages");
            await Assertions.Expect(status).ToBeFocusedAsync();
            // Nothing typed is lost: the family can send it again later.
            await Assertions.Expect(page.GetByLabel("Your message *")).ToHaveValueAsync("My sister no longer speaks to anyone in the family.");
            await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ArtifactsDirectory, "contact-en-429.png"), FullPage = true });
        }
        finally
        {
            await context.CloseAsync();
        }
    }
}
