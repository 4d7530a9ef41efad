using Hotline.Server.Audit;
using Hotline.Server.Data;
using Microsoft.AspNetCore.Identity;

namespace Hotline.Server.Identity;

/// <summary>
/// <c>create-admin &lt;user name&gt; ["Display name"]</c>: the first administrator of a new deployment. Production has no
/// demo accounts and accounts are made by an admin, so the first one comes from whoever runs the server's commands
/// (like <c>migrate</c>). It refuses once an active admin exists: later admins are made in the console, audited.
/// The generated password is printed once for the operator (never logged) and must be changed at the first sign-in.
/// </summary>
public static class FirstAdmin
{
    public const string Command = "create-admin";

    public static async Task<int> CreateFirstAdminAsync(this WebApplication app, IReadOnlyList<string> args)
    {
        var position = args.ToList().FindIndex(a => a.Equals(Command, StringComparison.OrdinalIgnoreCase));
        var userName = args.ElementAtOrDefault(position + 1)?.Trim();
        var displayName = args.ElementAtOrDefault(position + 2)?.Trim() is { Length: > 0 } name ? name : "Administrateur";
        if (UserValidation.UserNameError(userName) is { } error)
        {
            await Console.Error.WriteLineAsync($"Usage : {Command} <identifiant> [\"Nom affiché\"]. {error}");
            return 2;
        }

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<HotlineUser>>();
        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow();
        var existing = await users.GetUsersInRoleAsync(Roles.Admin);
        if (existing.Any(admin => admin.LockoutEnd is null || admin.LockoutEnd <= now))
        {
            await Console.Error.WriteLineAsync("Un administrateur actif existe déjà : créez les comptes suivants depuis la console (Comptes).");
            return 3;
        }

        var password = UserValidation.GeneratePassword();
        var user = new HotlineUser { UserName = userName, DisplayName = displayName, MustChangePassword = true };
        await using var transaction = await db.Database.BeginTransactionAsync();
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            await Console.Error.WriteLineAsync(string.Join(" ", created.Errors.Select(e => e.Description)));
            return 1;
        }

        var roles = await users.AddToRoleAsync(user, Roles.Admin);
        if (!roles.Succeeded)
        {
            await Console.Error.WriteLineAsync(string.Join(" ", roles.Errors.Select(e => e.Description)));
            return 1;
        }

        await scope.ServiceProvider.GetRequiredService<AuditLog>()
            .RecordForAsync(null, AuditAction.Create, "User", user.Id.ToString(), AuditOutcome.Allowed);
        await transaction.CommitAsync();
        await Console.Out.WriteLineAsync($"Administrateur « {userName} » créé. Mot de passe temporaire (affiché une seule fois) : {password}");
        await Console.Out.WriteLineAsync("À la première connexion : nouveau mot de passe, puis enrôlement d'une application d'authentification.");
        return 0;
    }
}
