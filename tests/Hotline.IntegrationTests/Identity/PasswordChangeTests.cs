using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hotline.Server.Identity;
using Hotline.Testing;

namespace Hotline.IntegrationTests.Identity;

/// <summary>A password set by an admin (at creation, or a reset) must be replaced by the user before anything else.</summary>
public sealed class PasswordChangeTests(HotlineAppFactory app) : IClassFixture<HotlineAppFactory>
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>APIs of every feature a counsellor may use once their password is their own.</summary>
    private static readonly string[] CounsellorApis =
        ["/api/account", "/api/console/answering", "/api/directory/services", "/api/triage/taxonomy", "/api/calls/mine"];

    [Fact]
    public async Task A_created_user_reaches_only_the_password_change_until_they_replace_the_temporary_password_and_again_after_a_reset()
    {
        using var admin = await app.SignInAsync("admin");
        var user = await admin.CreateUserAsync(Roles.Counsellor);
        Assert.True((await admin.GetFromJsonAsync<UserSummary>($"/api/admin/users/{user.Id}", Ct))!.MustChangePassword);

        // First sign-in with the generated password: signed in, told to change it, and nothing else works.
        using var client = await app.SignInAsync(user.UserName, user.Password);
        Assert.True((await client.GetFromJsonAsync<CurrentUser>("/api/auth/me", Ct))!.PasswordChangeRequired);
        await AssertOnlyThePasswordChangeAsync(client, user);

        // Not the same password again, and the rules apply; each refusal leaves the gate closed.
        await AssertRefusedAsync(client, user.Password, user.Password, "newPassword");
        await AssertRefusedAsync(client, user.Password, "short", "newPassword");
        await AssertRefusedAsync(client, "Not-the-Password-2026", "A-new-Password-2026", "currentPassword");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/directory/services", Ct)).StatusCode);

        // Changed: this session goes on, everything works, the flag is gone.
        using (var changed = await client.PostAsJsonAsync("/api/account/password", new { currentPassword = user.Password, newPassword = "A-new-Password-2026" }, Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        }

        Assert.False((await client.GetFromJsonAsync<CurrentUser>("/api/auth/me", Ct))!.PasswordChangeRequired);
        await AssertAllWorkAsync(client);
        Assert.False((await admin.GetFromJsonAsync<UserSummary>($"/api/admin/users/{user.Id}", Ct))!.MustChangePassword);
        await using (var console = await ConsoleClient.ConnectWithCookieAsync(app, await app.SignInCookieAsync(user.UserName, "A-new-Password-2026")))
        {
            Assert.NotNull(await console.WaitForAsync<Hotline.Server.LiveConsole.ConsoleSnapshot>("Snapshot"));
        }

        // The admin resets it (user forgot it): the session ends, and the new temporary password is gated the same way.
        string temporary;
        using (var reset = await admin.PostAsJsonAsync($"/api/admin/users/{user.Id}/password", new { }, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
            temporary = (await reset.Content.ReadFromJsonAsync<PasswordSet>(Ct))!.TemporaryPassword!;
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/auth/me", Ct)).StatusCode);
        Assert.True((await admin.GetFromJsonAsync<UserSummary>($"/api/admin/users/{user.Id}", Ct))!.MustChangePassword);
        var reseted = user with { Password = temporary };
        using var again = await app.SignInAsync(user.UserName, temporary);
        Assert.True((await again.GetFromJsonAsync<CurrentUser>("/api/auth/me", Ct))!.PasswordChangeRequired);
        await AssertOnlyThePasswordChangeAsync(again, reseted);
        using (var changed = await again.PostAsJsonAsync("/api/account/password", new { currentPassword = temporary, newPassword = "Another-Password-2027" }, Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        }

        await AssertAllWorkAsync(again);
    }

    [Fact]
    public async Task A_password_the_admin_chose_is_temporary_too_when_set_on_an_existing_account()
    {
        using var admin = await app.SignInAsync("admin");
        var user = await app.CreateReadyUserAsync(admin, Roles.Counsellor);
        using (var set = await admin.PostAsJsonAsync($"/api/admin/users/{user.Id}/password", new { password = "Chosen-By-Admin-2026" }, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
            Assert.Null((await set.Content.ReadFromJsonAsync<PasswordSet>(Ct))!.TemporaryPassword);
        }

        using var client = await app.SignInAsync(user.UserName, "Chosen-By-Admin-2026");
        await AssertOnlyThePasswordChangeAsync(client, user with { Password = "Chosen-By-Admin-2026" });
    }

    [Fact]
    public async Task Demo_accounts_and_a_users_own_password_change_are_not_gated()
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        Assert.False((await counsellor.GetFromJsonAsync<CurrentUser>("/api/auth/me", Ct))!.PasswordChangeRequired);
        await AssertAllWorkAsync(counsellor);

        // A user's own change never sets the flag.
        using var admin = await app.SignInAsync("admin");
        var user = await app.CreateReadyUserAsync(admin, Roles.Counsellor);
        using var client = await app.SignInAsync(user.UserName, user.Password);
        using (var changed = await client.PostAsJsonAsync("/api/account/password", new { currentPassword = user.Password, newPassword = "Yet-Another-Password-2028" }, Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        }

        Assert.False((await client.GetFromJsonAsync<CurrentUser>("/api/auth/me", Ct))!.PasswordChangeRequired);
        await AssertAllWorkAsync(client);
    }

    private async Task AssertOnlyThePasswordChangeAsync(HttpClient client, Accounts.TestUser user)
    {
        foreach (var path in CounsellorApis.Append("/api/nothing-here"))
        {
            using var response = await client.GetAsync(path, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{path}: {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(SessionValidation.PasswordChangeRequiredCode, await response.ProblemCodeAsync());
        }

        // Enrolling a second factor waits too, and so does the hub.
        using (var setup = await client.PostAsync("/api/account/mfa/setup", null, Ct))
        {
            Assert.Equal(SessionValidation.PasswordChangeRequiredCode, await setup.ProblemCodeAsync());
        }

        var refused = await Assert.ThrowsAsync<HttpRequestException>(async () =>
            await ConsoleClient.ConnectWithCookieAsync(app, await app.SignInCookieAsync(user.UserName, user.Password)));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        // What sign-in needs still works.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/auth/antiforgery", Ct)).StatusCode);
    }

    private async Task AssertAllWorkAsync(HttpClient client)
    {
        foreach (var path in CounsellorApis)
        {
            using var response = await client.GetAsync(path, Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        }
    }

    private async Task AssertRefusedAsync(HttpClient client, string current, string next, string field)
    {
        using var response = await client.PostAsJsonAsync("/api/account/password", new { currentPassword = current, newPassword = next }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), problem.RootElement.ToString());
    }
}
