using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Hotline.Server.Identity;

public sealed class DemoOptions
{
    /// <summary>Password of every demo account. Required in Development, ignored elsewhere.</summary>
    public string? Password { get; set; }
}

/// <summary>
/// The demo accounts of a Development run. Invented people; never created outside Development
/// (the service is only registered there).
/// </summary>
internal sealed class DemoAccounts(UserManager<HotlineUser> users, IOptions<DemoOptions> options, ILogger<DemoAccounts> logger)
{
    internal sealed record Account(string UserName, string DisplayName, string Role, string? Departement = null, string? Commune = null);

    public static readonly IReadOnlyList<Account> All =
    [
        new("counsellor1", "Écoutant·e 1", Roles.Counsellor),
        new("counsellor2", "Écoutant·e 2", Roles.Counsellor),
        new("supervisor1", "Superviseur·e 1", Roles.Supervisor),
        new("coordinator13", "Coordination Bouches-du-Rhône", Roles.Coordinator, Departement: "13"),
        new("coordinator84", "Coordination Vaucluse", Roles.Coordinator, Departement: "84"),
        new("cmer-tarascon", "CMER de Tarascon", Roles.CommuneCell, Commune: "13108"),
        // Miramas's charter routes exchanges through the préfecture: its cell receives what the departmental cell forwards.
        new("cmer-miramas", "CMER de Miramas", Roles.CommuneCell, Commune: "13063"),
        new("admin", "Administration", Roles.Admin),
        new("dpo", "Délégué·e à la protection des données", Roles.DataProtectionOfficer),
    ];

    /// <summary>Creates missing demo accounts and aligns their password with <c>Demo:Password</c>. Idempotent.</summary>
    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        var password = options.Value.Password!;
        foreach (var account in All)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var user = await users.FindByNameAsync(account.UserName);
            if (user is null)
            {
                user = new HotlineUser { UserName = account.UserName, DisplayName = account.DisplayName, EmailConfirmed = true };
                Check(await users.CreateAsync(user, password), account);
                Check(await users.AddToRoleAsync(user, account.Role), account);
                var claims = new List<Claim>();
                if (account.Departement is not null)
                {
                    claims.Add(new Claim(HotlineClaims.Departement, account.Departement));
                }

                if (account.Commune is not null)
                {
                    claims.Add(new Claim(HotlineClaims.Commune, account.Commune));
                }

                if (claims.Count > 0)
                {
                    Check(await users.AddClaimsAsync(user, claims), account);
                }
            }
            else if (!await users.CheckPasswordAsync(user, password))
            {
                // Demo:Password changed since the last run (or an admin set another one): follow it. The demo
                // password is not a temporary one: the account is usable as is.
                user.MustChangePassword = false;
                Check(await users.RemovePasswordAsync(user), account);
                Check(await users.AddPasswordAsync(user, password), account);
            }
        }

        logger.LogInformation("Demo accounts ready: {Accounts}", string.Join(", ", All.Select(a => a.UserName)));
    }

    private static void Check(IdentityResult result, Account account)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(
                $"Could not seed demo account {account.UserName}: {string.Join(" ", result.Errors.Select(e => e.Code))}");
        }
    }
}
