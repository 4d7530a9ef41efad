using System.Text.Json;
using Hotline.Testing;

namespace Hotline.BrowserTests;

public sealed class SignInTests(KestrelApp app, Chromium chromium) : IClassFixture<KestrelApp>, IClassFixture<Chromium>
{
    [Fact]
    public async Task A_real_browser_signs_in_keeps_the_strict_cookie_and_reads_its_roles()
    {
        await using var context = await chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync(app.BaseUrl + "/health/live");
        Assert.Equal(200, response!.Status);

        var anonymousStatus = await page.EvaluateAsync<int>("async () => (await fetch('/api/auth/me')).status");
        Assert.Equal(401, anonymousStatus);

        var loginStatus = await page.EvaluateAsync<int>(
            """
            async password => (await fetch('/api/auth/login', {
                method: 'POST',
                headers: { 'Content-Type': 'application/json' },
                body: JSON.stringify({ userName: 'coordinator13', password })
            })).status
            """,
            HotlineAppFactory.DemoPassword);
        Assert.Equal(200, loginStatus);

        // The cookie is HttpOnly: invisible to scripts, yet sent by the browser.
        Assert.Equal("", await page.EvaluateAsync<string>("() => document.cookie"));
        var me = await page.EvaluateAsync<JsonElement>("async () => await (await fetch('/api/auth/me')).json()");
        Assert.Equal("Coordinator", me.GetProperty("roles")[0].GetString());
        Assert.Equal("13", me.GetProperty("departements")[0].GetString());

        await page.GotoAsync(app.BaseUrl + "/api/auth/me");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ArtifactsDirectory, "auth-me.png") });
    }
}
