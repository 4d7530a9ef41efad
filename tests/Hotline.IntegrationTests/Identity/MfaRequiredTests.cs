using System.Net;
using System.Net.Http.Json;
using Hotline.Server.Identity;
using Hotline.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.IntegrationTests.Identity;

/// <summary>The server as in Production for two-factor: required for supervisors, coordinators, commune cells and admins.</summary>
public sealed class RequireMfaApp : HotlineAppFactory
{
    public RequireMfaApp() => Settings["Security:RequireMfa"] = "true";
}

public sealed class MfaRequiredTests(RequireMfaApp app) : IClassFixture<RequireMfaApp>
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_coordinator_without_an_authenticator_reaches_only_enrolment_until_they_enrol()
    {
        using var coordinator = await app.SignInAsync("coordinator13");
        var me = (await coordinator.GetFromJsonAsync<CurrentUser>("/api/auth/me", Ct))!;
        Assert.True(me.MfaEnrolmentRequired);

        using (var referrals = await coordinator.GetAsync("/api/referrals/", Ct))
        {
            Assert.Equal(HttpStatusCode.Forbidden, referrals.StatusCode);
            Assert.Equal("application/problem+json", referrals.Content.Headers.ContentType?.MediaType);
            Assert.Equal("mfa-required", await referrals.ProblemCodeAsync());
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await coordinator.GetAsync("/api/directory/services", Ct)).StatusCode);
        // The hub refuses too: the negotiate request gets the same 403.
        var cookie = await app.SignInCookieAsync("coordinator13");
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => ConsoleClient.ConnectWithCookieAsync(app, cookie));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        // Their account is reachable.
        Assert.Equal(HttpStatusCode.OK, (await coordinator.GetAsync("/api/account", Ct)).StatusCode);

        await coordinator.EnrolAsync();

        Assert.False((await coordinator.GetFromJsonAsync<CurrentUser>("/api/auth/me", Ct))!.MfaEnrolmentRequired);
        Assert.Equal(HttpStatusCode.OK, (await coordinator.GetAsync("/api/referrals/", Ct)).StatusCode);
    }

    [Fact]
    public async Task Once_enrolled_the_hub_accepts_the_session()
    {
        using var admin = await app.SignInAsync("admin");
        Assert.Equal("mfa-required", await (await admin.GetAsync("/api/admin/users", Ct)).ProblemCodeAsync());
        var (key, _) = await admin.EnrolAsync();

        var cookie = await TwoStepCookieAsync("admin", HotlineAppFactory.DemoPassword, AuthenticatorApp.Code(key, 1));
        await using var console = await ConsoleClient.ConnectWithCookieAsync(app, cookie);
        Assert.NotNull(await console.WaitForAsync<Hotline.Server.LiveConsole.ConsoleSnapshot>("Snapshot"));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/admin/users", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_counsellor_is_not_required_to_enrol()
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        Assert.False((await counsellor.GetFromJsonAsync<CurrentUser>("/api/auth/me", Ct))!.MfaEnrolmentRequired);
        Assert.Equal(HttpStatusCode.OK, (await counsellor.GetAsync("/api/console/answering", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_new_coordinator_changes_the_temporary_password_first_then_enrols()
    {
        // As an admin's creation leaves it (the admin's own two-factor sign-in is not what this tests).
        const string temporary = "Temporary-Password-2026";
        var userName = $"coord-{Guid.NewGuid():N}"[..20];
        await using (var scope = app.Scope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<HotlineUser>>();
            var created = new HotlineUser { UserName = userName, DisplayName = "Coordination (test)", MustChangePassword = true };
            Assert.True((await users.CreateAsync(created, temporary)).Succeeded);
            Assert.True((await users.AddToRoleAsync(created, Roles.Coordinator)).Succeeded);
            Assert.True((await users.AddClaimAsync(created, new System.Security.Claims.Claim(HotlineClaims.Departement, "84"))).Succeeded);
        }

        using var coordinator = await app.SignInAsync(userName, temporary);
        var me = (await coordinator.GetFromJsonAsync<CurrentUser>("/api/auth/me", Ct))!;
        Assert.True(me.PasswordChangeRequired);
        Assert.True(me.MfaEnrolmentRequired);
        // The password comes first: even enrolment waits for it.
        Assert.Equal(SessionValidation.PasswordChangeRequiredCode, await (await coordinator.GetAsync("/api/referrals/", Ct)).ProblemCodeAsync());
        Assert.Equal(SessionValidation.PasswordChangeRequiredCode, await (await coordinator.PostAsync("/api/account/mfa/setup", null, Ct)).ProblemCodeAsync());

        using (var changed = await coordinator.PostAsJsonAsync("/api/account/password", new { currentPassword = temporary, newPassword = "Own-Password-2026" }, Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        }

        // Then the second factor.
        Assert.False((await coordinator.GetFromJsonAsync<CurrentUser>("/api/auth/me", Ct))!.PasswordChangeRequired);
        Assert.Equal(SessionValidation.MfaRequiredCode, await (await coordinator.GetAsync("/api/referrals/", Ct)).ProblemCodeAsync());
        await coordinator.EnrolAsync();
        Assert.Equal(HttpStatusCode.OK, (await coordinator.GetAsync("/api/referrals/", Ct)).StatusCode);
    }

    /// <summary>Signs in with the password then the code, and returns the session cookie header.</summary>
    private async Task<string> TwoStepCookieAsync(string userName, string password, string code)
    {
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false });
        using var login = await client.PostAsJsonAsync("/api/auth/login", new { userName, password }, Ct);
        Assert.Equal(AuthEndpoints.TwoFactorRequiredCode, await login.ProblemCodeAsync());
        var twoFactorCookie = string.Join("; ", login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login/two-factor") { Content = JsonContent.Create(new { code }) };
        request.Headers.Add("Cookie", twoFactorCookie);
        using var response = await client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return string.Join("; ", response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Where(c => c.StartsWith(IdentityExtensions.CookieName + "=", StringComparison.Ordinal)));
    }
}
