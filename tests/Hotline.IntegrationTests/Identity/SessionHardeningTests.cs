using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Hotline.Server.Data;
using Hotline.Server.Identity;
using Hotline.Server.LiveConsole;
using Hotline.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.IntegrationTests.Identity;

/// <summary>Sign-out that ends the session, one-time TOTP codes, lock-out on every secret check, no user enumeration by timing.</summary>
public sealed class SessionHardeningTests(SessionHardeningTests.ProductionHashingApp app) : IClassFixture<SessionHardeningTests.ProductionHashingApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static HttpClient WithCookie(HotlineAppFactory app, string cookie)
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false, AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }

    [Fact]
    public async Task After_sign_out_a_saved_cookie_gets_401_and_its_hub_connections_close_while_other_sessions_go_on()
    {
        using var admin = await app.SignInAsync("admin");
        var user = await app.CreateReadyUserAsync(admin, Roles.Counsellor);
        var saved = await app.SignInCookieAsync(user.UserName, user.Password);
        using var otherBrowser = await app.SignInAsync(user.UserName, user.Password);
        await using var console = await ConsoleClient.ConnectWithCookieAsync(app, saved);
        await console.WaitForAsync<ConsoleSnapshot>("Snapshot");
        using var browser = WithCookie(app, saved);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/auth/me", Ct)).StatusCode);
        using var antiforgeryResponse = await browser.GetAsync("/api/auth/antiforgery", Ct);
        var antiforgery = (await antiforgeryResponse.Content.ReadFromJsonAsync<AntiforgeryToken>(Ct))!;
        var antiforgeryCookies = antiforgeryResponse.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]);

        using var signingOut = WithCookie(app, string.Join("; ", antiforgeryCookies.Prepend(saved)));
        using var logout = new HttpRequestMessage(HttpMethod.Post, "/api/auth/logout");
        logout.Headers.Add(antiforgery.HeaderName, antiforgery.Token);
        using (var response = await signingOut.SendAsync(logout, Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        }

        // The cookie the browser sent before signing out (kept by an attacker, or a shared machine) no longer works.
        using var replayed = WithCookie(app, saved);
        Assert.Equal(HttpStatusCode.Unauthorized, (await replayed.GetAsync("/api/auth/me", Ct)).StatusCode);
        for (var wait = 0; wait < 100 && !console.Received("Closed"); wait++)
        {
            await Task.Delay(100, Ct);
        }

        Assert.True(console.Received("Closed"));
        // Signing out of one browser is not signing out of every one.
        Assert.Equal(HttpStatusCode.OK, (await otherBrowser.GetAsync("/api/auth/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_code_accepted_once_is_refused_for_the_rest_of_its_window_even_after_another_code()
    {
        using var admin = await app.SignInAsync("admin");
        var user = await app.CreateReadyUserAsync(admin, Roles.Counsellor);
        using var client = await app.SignInAsync(user.UserName, user.Password);
        var (key, _) = await client.EnrolAsync(); // accepted the code of the current step

        using (var next = await client.PostAsJsonAsync("/api/account/mfa/recovery-codes", new { code = AuthenticatorApp.Code(key, 1) }, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        }

        // The enrolment's code again, after another one was accepted: still a replay.
        using var replay = await client.PostAsJsonAsync("/api/account/mfa/recovery-codes", new { code = AuthenticatorApp.Code(key) }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, replay.StatusCode);
    }

    public static TheoryData<string> SecretChecks() => ["password", "mfa/disable", "mfa/recovery-codes"];

    [Theory]
    [MemberData(nameof(SecretChecks))]
    public async Task Wrong_secrets_on_account_endpoints_count_towards_the_lock_out(string endpoint)
    {
        using var admin = await app.SignInAsync("admin");
        var user = await app.CreateReadyUserAsync(admin, Roles.Counsellor);
        using var client = await app.SignInAsync(user.UserName, user.Password);
        var (key, _) = endpoint == "password" ? ("", Array.Empty<string>()) : await client.EnrolAsync();

        object Body(bool right) => endpoint == "password"
            ? new { currentPassword = right ? user.Password : "Wrong-Password-123", newPassword = "Another-Password-2027" }
            : new { code = right ? AuthenticatorApp.Code(key, 1) : AuthenticatorApp.WrongCode(key) };

        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var wrong = await client.PostAsJsonAsync("/api/account/" + endpoint, Body(right: false), Ct);
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        }

        await using (var scope = app.Scope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<HotlineDbContext>().Users.AsNoTracking().SingleAsync(u => u.Id == user.Id, Ct);
            Assert.True(stored.LockoutEnd > DateTimeOffset.UtcNow, "five wrong secrets lock the account");
        }

        // Locked: the right secret is refused too, and so is a new sign-in.
        using (var right = await client.PostAsJsonAsync("/api/account/" + endpoint, Body(right: true), Ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, right.StatusCode);
        }

        using var anonymous = app.CreateApiClient();
        using var login = await anonymous.PostAsJsonAsync("/api/auth/login", new { userName = user.UserName, password = user.Password }, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
    }

    [Fact]
    public async Task Unknown_and_known_users_take_the_same_time_to_be_refused()
    {
        using var admin = await app.SignInAsync("admin");
        var known = await app.CreateReadyUserAsync(admin, Roles.Counsellor);
        await using (var scope = app.Scope())
        {
            // Twenty wrong passwords would lock the account, and Identity does not hash a locked account's
            // password: with lock-out on, the known user's answers would be fast for another reason.
            await scope.ServiceProvider.GetRequiredService<HotlineDbContext>().Users.Where(u => u.Id == known.Id)
                .ExecuteUpdateAsync(set => set.SetProperty(u => u.LockoutEnabled, false), Ct);
        }

        using var client = app.CreateApiClient();
        async Task<double> TimeAsync(string userName)
        {
            var watch = Stopwatch.StartNew();
            using var response = await client.PostAsJsonAsync("/api/auth/login", new { userName, password = "Not-The-Password-42" }, Ct);
            watch.Stop();
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            return watch.Elapsed.TotalMilliseconds;
        }

        await TimeAsync(known.UserName); // warm-up
        var unknown = new List<double>();
        var knownTimes = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            // Interleaved, so a burst of load on the machine weighs on both the same.
            unknown.Add(await TimeAsync($"nobody-{Guid.NewGuid():N}"[..20]));
            knownTimes.Add(await TimeAsync(known.UserName));
        }

        static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
        var ratio = Median(unknown) / Median(knownTimes);
        Assert.True(ratio is > 0.6 and < 1.6, $"median unknown {Median(unknown):F1} ms, known {Median(knownTimes):F1} ms");
    }

    /// <summary>The timing test compares unknown and known users at a hash's real cost, as in production.</summary>
    public sealed class ProductionHashingApp : HotlineAppFactory
    {
        public ProductionHashingApp() => ProductionPasswordHashing = true;
    }
}
