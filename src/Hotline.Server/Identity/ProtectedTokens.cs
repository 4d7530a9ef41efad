using System.Security.Cryptography;
using Hotline.Server.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Server.Identity;

/// <summary>
/// Identity's store, with the authenticator secret (TOTP key) and the recovery codes encrypted with Data
/// Protection (a purpose of their own) in <c>user_tokens</c>: a copy of the database alone gives no second factor.
/// </summary>
internal sealed class ProtectedTokenUserStore(HotlineDbContext context, IDataProtectionProvider dataProtection, IdentityErrorDescriber? describer = null)
    : UserStore<HotlineUser, HotlineRole, HotlineDbContext, Guid>(context, describer)
{
    public const string Purpose = "Hotline.Identity.TwoFactorSecrets";

    /// <summary>Where Identity keeps them (UserStoreBase's internal login provider and token names).</summary>
    internal const string InternalProvider = "[AspNetUserStore]";

    internal static readonly string[] SecretNames = ["AuthenticatorKey", "RecoveryCodes"];

    internal static bool IsSecret(string loginProvider, string name) => loginProvider == InternalProvider && SecretNames.Contains(name);

    private IDataProtector Protector => dataProtection.CreateProtector(Purpose);

    public override Task SetTokenAsync(HotlineUser user, string loginProvider, string name, string? value, CancellationToken cancellationToken) =>
        base.SetTokenAsync(user, loginProvider, name, value is not null && IsSecret(loginProvider, name) ? Protector.Protect(value) : value, cancellationToken);

    public override async Task<string?> GetTokenAsync(HotlineUser user, string loginProvider, string name, CancellationToken cancellationToken)
    {
        var value = await base.GetTokenAsync(user, loginProvider, name, cancellationToken);
        return value is not null && IsSecret(loginProvider, name) ? Protector.Unprotect(value) : value;
    }
}

/// <summary>Encrypts the secrets an older version stored in clear (idempotent: encrypted values are left alone).</summary>
internal sealed class TwoFactorSecretsUpgrade(HotlineDbContext db, IDataProtectionProvider dataProtection, ILogger<TwoFactorSecretsUpgrade> logger) : IDataUpgrade
{
    public async Task UpgradeAsync(CancellationToken cancellationToken)
    {
        var protector = dataProtection.CreateProtector(ProtectedTokenUserStore.Purpose);
        var tokens = await db.UserTokens
            .Where(t => t.LoginProvider == ProtectedTokenUserStore.InternalProvider && ProtectedTokenUserStore.SecretNames.Contains(t.Name) && t.Value != null)
            .ToListAsync(cancellationToken);
        var encrypted = 0;
        foreach (var token in tokens)
        {
            try
            {
                protector.Unprotect(token.Value!);
            }
            catch (CryptographicException)
            {
                token.Value = protector.Protect(token.Value!);
                encrypted++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        if (encrypted > 0)
        {
            logger.LogInformation("Encrypted {Count} two-factor secret(s) stored in clear", encrypted);
        }
    }
}
