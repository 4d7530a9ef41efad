using System.Net;
using System.Net.Http.Json;
using Hotline.Server.Data;
using Hotline.Server.Identity;
using Hotline.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.IntegrationTests.Identity;

/// <summary>TOTP enrolment and the two-step sign-in (Development: enrolment is the user's choice here).</summary>
public sealed class TwoFactorTests(HotlineAppFactory app) : IClassFixture<HotlineAppFactory>
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Enrolment_then_sign_in_needs_the_code_a_wrong_code_is_refused_and_counted_and_a_recovery_code_works_once()
    {
        using var admin = await app.SignInAsync("admin");
        var user = await app.CreateReadyUserAsync(admin, Roles.Counsellor);
        using var client = await app.SignInAsync(user.UserName, user.Password);
        var me = await client.GetFromJsonAsync<CurrentUser>("/api/auth/me", Ct);
        Assert.False(me!.MfaEnabled);
        Assert.False(me.MfaEnrolmentRequired);

        // Enrolment: a key, the otpauth URI, its QR code; nothing enabled before a code proves the app has the key.
        using var setupResponse = await client.PostAsync("/api/account/mfa/setup", null, Ct);
        Assert.Equal(HttpStatusCode.OK, setupResponse.StatusCode);
        var setup = (await setupResponse.Content.ReadFromJsonAsync<MfaSetup>(Ct))!;
        var secret = setup.SharedKey.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        Assert.Equal($"otpauth://totp/Hotline:{user.UserName}?secret={secret}&issuer=Hotline&digits=6&period=30", setup.AuthenticatorUri);
        using (var qr = await client.GetAsync(setup.QrCodeUrl, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, qr.StatusCode);
            Assert.Equal("image/svg+xml", qr.Content.Headers.ContentType?.MediaType);
            Assert.Contains("no-store", qr.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
            Assert.StartsWith("<svg", (await qr.Content.ReadAsStringAsync(Ct)).TrimStart()[..4], StringComparison.Ordinal);
        }

        using (var wrong = await client.PostAsJsonAsync("/api/account/mfa/enable", new { code = AuthenticatorApp.WrongCode(setup.SharedKey) }, Ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        }

        Assert.False((await client.GetFromJsonAsync<AccountStatus>("/api/account", Ct))!.MfaEnabled);
        var enrolmentCode = AuthenticatorApp.Code(setup.SharedKey);
        using var enable = await client.PostAsJsonAsync("/api/account/mfa/enable", new { code = enrolmentCode }, Ct);
        Assert.Equal(HttpStatusCode.OK, enable.StatusCode);
        var recoveryCodes = (await enable.Content.ReadFromJsonAsync<RecoveryCodes>(Ct))!.Codes;
        Assert.Equal(10, recoveryCodes.Count);
        Assert.Equal(10, recoveryCodes.Distinct().Count());
        var status = (await client.GetFromJsonAsync<AccountStatus>("/api/account", Ct))!;
        Assert.True(status.MfaEnabled);
        Assert.Equal(10, status.RecoveryCodesLeft);
        // This session goes on (its cookie was renewed with the new security stamp); the key is no longer shown.
        Assert.True((await client.GetFromJsonAsync<CurrentUser>("/api/auth/me", Ct))!.MfaEnabled);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(setup.QrCodeUrl, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync("/api/account/mfa/setup", null, Ct)).StatusCode);

        // The password alone no longer signs in: 401 two-factor-required, and no session.
        using var second = app.CreateApiClient();
        using (var login = await second.PostAsJsonAsync("/api/auth/login", new { userName = user.UserName, password = user.Password }, Ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
            Assert.Equal(AuthEndpoints.TwoFactorRequiredCode, await login.ProblemCodeAsync());
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await second.GetAsync("/api/auth/me", Ct)).StatusCode);

        using (var wrong = await second.PostAsJsonAsync("/api/auth/login/two-factor", new { code = AuthenticatorApp.WrongCode(setup.SharedKey) }, Ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        Assert.Equal(1, await AccessFailedCountAsync(user.Id));
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.GetAsync("/api/auth/me", Ct)).StatusCode);

        // The code accepted at enrolment cannot be replayed; the next one signs in and clears the failure count.
        using (var replay = await second.PostAsJsonAsync("/api/auth/login/two-factor", new { code = enrolmentCode }, Ct))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        }

        using (var right = await second.PostAsJsonAsync("/api/auth/login/two-factor", new { code = AuthenticatorApp.Code(setup.SharedKey, 1) }, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, right.StatusCode);
            Assert.True((await right.Content.ReadFromJsonAsync<CurrentUser>(Ct))!.MfaEnabled);
        }

        Assert.Equal(user.UserName, (await second.GetFromJsonAsync<CurrentUser>("/api/auth/me", Ct))!.UserName);
        Assert.Equal(0, await AccessFailedCountAsync(user.Id));

        // A recovery code instead of the app: once.
        Assert.Equal(HttpStatusCode.OK, await SecondStepAsync(user, new { recoveryCode = recoveryCodes[0] }));
        Assert.Equal(HttpStatusCode.Unauthorized, await SecondStepAsync(user, new { recoveryCode = recoveryCodes[0] }));
        Assert.Equal(HttpStatusCode.OK, await SecondStepAsync(user, new { recoveryCode = recoveryCodes[1].ToLowerInvariant() }));
        Assert.Equal(8, (await client.GetFromJsonAsync<AccountStatus>("/api/account", Ct))!.RecoveryCodesLeft);
    }

    [Fact]
    public async Task Five_wrong_codes_lock_the_account_like_five_wrong_passwords()
    {
        using var admin = await app.SignInAsync("admin");
        var user = await app.CreateReadyUserAsync(admin, Roles.Counsellor);
        using var client = await app.SignInAsync(user.UserName, user.Password);
        var (key, _) = await client.EnrolAsync();

        using var attacker = app.CreateApiClient();
        using (var login = await attacker.PostAsJsonAsync("/api/auth/login", new { userName = user.UserName, password = user.Password }, Ct))
        {
            Assert.Equal(AuthEndpoints.TwoFactorRequiredCode, await login.ProblemCodeAsync());
        }

        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var wrong = await attacker.PostAsJsonAsync("/api/auth/login/two-factor", new { code = AuthenticatorApp.WrongCode(key) }, Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        // Locked: even the right code is refused now, with the same answer.
        using var right = await attacker.PostAsJsonAsync("/api/auth/login/two-factor", new { code = AuthenticatorApp.Code(key, 1) }, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await attacker.GetAsync("/api/auth/me", Ct)).StatusCode);
        await using var scope = app.Scope();
        var stored = await scope.ServiceProvider.GetRequiredService<HotlineDbContext>().Users.AsNoTracking().SingleAsync(u => u.Id == user.Id, Ct);
        Assert.True(stored.LockoutEnd > DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task The_second_step_needs_the_password_step_first()
    {
        using var client = app.CreateApiClient();
        using var response = await client.PostAsJsonAsync("/api/auth/login/two-factor", new { code = "123456" }, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        using var both = await client.PostAsJsonAsync("/api/auth/login/two-factor", new { }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, both.StatusCode);
    }

    [Fact]
    public async Task A_user_disables_mfa_with_a_code_and_signs_in_with_the_password_alone_again()
    {
        using var admin = await app.SignInAsync("admin");
        var user = await app.CreateReadyUserAsync(admin, Roles.Counsellor);
        using var client = await app.SignInAsync(user.UserName, user.Password);
        var (key, _) = await client.EnrolAsync();

        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsJsonAsync("/api/account/mfa/disable", new { code = AuthenticatorApp.WrongCode(key) }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsJsonAsync("/api/account/mfa/disable", new { code = AuthenticatorApp.Code(key, 1) }, Ct)).StatusCode);

        Assert.False((await client.GetFromJsonAsync<AccountStatus>("/api/account", Ct))!.MfaEnabled);
        using var again = await app.SignInAsync(user.UserName, user.Password);
        Assert.False((await again.GetFromJsonAsync<CurrentUser>("/api/auth/me", Ct))!.MfaEnabled);
    }

    [Fact]
    public async Task Changing_the_password_keeps_this_session_and_ends_the_others()
    {
        using var admin = await app.SignInAsync("admin");
        var user = await app.CreateReadyUserAsync(admin, Roles.Counsellor);
        using var here = await app.SignInAsync(user.UserName, user.Password);
        using var elsewhere = await app.SignInAsync(user.UserName, user.Password);

        using (var wrong = await here.PostAsJsonAsync("/api/account/password", new { currentPassword = "not-the-password-1A", newPassword = "A-new-Password-2026" }, Ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
            Assert.Contains("currentPassword", await wrong.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        using (var weak = await here.PostAsJsonAsync("/api/account/password", new { currentPassword = user.Password, newPassword = "short" }, Ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
            Assert.Contains("newPassword", await weak.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await here.PostAsJsonAsync("/api/account/password", new { currentPassword = user.Password, newPassword = "A-new-Password-2026" }, Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync("/api/auth/me", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await elsewhere.GetAsync("/api/auth/me", Ct)).StatusCode);
        using var withNew = await app.SignInAsync(user.UserName, "A-new-Password-2026");
        await Assert.ThrowsAsync<InvalidOperationException>(() => app.SignInAsync(user.UserName, user.Password));
    }

    private async Task<HttpStatusCode> SecondStepAsync(Accounts.TestUser user, object body)
    {
        using var client = app.CreateApiClient();
        using var login = await client.PostAsJsonAsync("/api/auth/login", new { userName = user.UserName, password = user.Password }, Ct);
        Assert.Equal(AuthEndpoints.TwoFactorRequiredCode, await login.ProblemCodeAsync());
        using var response = await client.PostAsJsonAsync("/api/auth/login/two-factor", body, Ct);
        return response.StatusCode;
    }

    private async Task<int> AccessFailedCountAsync(Guid userId)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        return await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.AccessFailedCount).SingleAsync(Ct);
    }
}
