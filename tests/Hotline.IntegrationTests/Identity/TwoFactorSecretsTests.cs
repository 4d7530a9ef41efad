using System.Net;
using System.Net.Http.Json;
using Hotline.Server.Data;
using Hotline.Server.Identity;
using Hotline.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.IntegrationTests.Identity;

/// <summary>A copy of the database alone gives no second factor: the TOTP key and the recovery codes are encrypted.</summary>
public sealed class TwoFactorSecretsTests(HotlineAppFactory app) : IClassFixture<HotlineAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<List<string>> StoredTokensAsync(Guid userId)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<HotlineDbContext>().UserTokens.AsNoTracking()
            .Where(t => t.UserId == userId).Select(t => t.Value ?? "").ToListAsync(Ct);
    }

    [Fact]
    public async Task The_user_tokens_table_holds_neither_the_authenticator_key_nor_a_recovery_code()
    {
        using var admin = await app.SignInAsync("admin");
        var user = await app.CreateReadyUserAsync(admin, Roles.Counsellor);
        using var client = await app.SignInAsync(user.UserName, user.Password);
        var (key, codes) = await client.EnrolAsync();
        var secret = key.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();

        var stored = await StoredTokensAsync(user.Id);

        Assert.NotEmpty(stored);
        Assert.DoesNotContain(stored, value => value.Contains(secret, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(stored, value => codes.Any(code => value.Contains(code, StringComparison.OrdinalIgnoreCase)));
        // And they still work.
        using var regenerate = await client.PostAsJsonAsync("/api/account/mfa/recovery-codes", new { code = AuthenticatorApp.Code(key, 1) }, Ct);
        Assert.Equal(HttpStatusCode.OK, regenerate.StatusCode);
    }

    [Fact]
    public async Task Secrets_stored_in_clear_by_an_older_version_are_encrypted_by_the_upgrade_and_still_read()
    {
        using var admin = await app.SignInAsync("admin");
        var user = await app.CreateReadyUserAsync(admin, Roles.Counsellor);
        const string clearKey = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
            db.UserTokens.Add(new IdentityUserToken<Guid> { UserId = user.Id, LoginProvider = "[AspNetUserStore]", Name = "AuthenticatorKey", Value = clearKey });
            await db.SaveChangesAsync(Ct);
        }

        await using (var scope = app.Scope())
        {
            foreach (var upgrade in scope.ServiceProvider.GetServices<IDataUpgrade>())
            {
                await upgrade.UpgradeAsync(Ct);
                await upgrade.UpgradeAsync(Ct); // idempotent
            }
        }

        Assert.DoesNotContain(clearKey, await StoredTokensAsync(user.Id));
        await using (var scope = app.Scope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<HotlineUser>>();
            Assert.Equal(clearKey, await users.GetAuthenticatorKeyAsync((await users.FindByIdAsync(user.Id.ToString()))!));
        }
    }
}
