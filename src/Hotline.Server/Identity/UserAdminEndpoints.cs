using System.Security.Claims;
using Hotline.Server.Audit;
using Hotline.Server.Hosting;
using Hotline.Server.Data;
using Hotline.Server.Geography;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Server.Identity;

/// <summary>
/// Admins create accounts and set roles, territories, lock-out, MFA and passwords. Every change is
/// audited (user ids only) in the same transaction, and every change that affects access renews the
/// user's security stamp and closes their hub connections: they are signed out everywhere at once.
/// </summary>
internal static class UserAdminEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.RequireAuthorization(Policies.Admin).WithTags("Users").WithApiProblems();
        group.MapGet("/", List).WithSummary("Accounts, optionally filtered by a search on user and display names.");
        group.MapGet("/{id:guid}", Get).WithSummary("One account.");
        group.MapPost("/", Create).WithSummary("Create an account; a generated temporary password is returned once.");
        group.MapPut("/{id:guid}", Update).WithSummary("Change an account's display name, roles and territory.");
        group.MapPost("/{id:guid}/lock", Lock).WithSummary("Lock an account and sign it out everywhere.");
        group.MapPost("/{id:guid}/unlock", Unlock).WithSummary("Unlock an account.");
        group.MapPost("/{id:guid}/mfa/reset", ResetMfa).WithSummary("Reset two-factor: the user enrols again at the next sign-in.");
        group.MapPost("/{id:guid}/password", SetPassword).WithSummary("Set or generate a temporary password; signs the user out everywhere.");
    }

    internal static async Task<Ok<List<UserSummary>>> List(
        HotlineDbContext db, MfaRequirement mfa, TimeProvider time, string? search, string? role, int? take, CancellationToken cancellationToken)
    {
        var query = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = "%" + search.Trim().Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal) + "%";
            query = query.Where(u => EF.Functions.ILike(u.UserName!, pattern, @"\") || EF.Functions.ILike(u.DisplayName, pattern, @"\"));
        }

        if (!string.IsNullOrWhiteSpace(role))
        {
            query = query.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == role)));
        }

        var users = await query.OrderBy(u => u.UserName).Take(Math.Clamp(take ?? 500, 1, 2000)).ToListAsync(cancellationToken);
        return TypedResults.Ok(await SummariesAsync(db, users, mfa, time, cancellationToken));
    }

    internal static async Task<Results<Ok<UserSummary>, NotFound>> Get(
        Guid id, HotlineDbContext db, MfaRequirement mfa, TimeProvider time, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, cancellationToken);
        return user is null ? TypedResults.NotFound() : TypedResults.Ok((await SummariesAsync(db, [user], mfa, time, cancellationToken))[0]);
    }

    internal static async Task<Results<Created<CreatedUser>, ValidationProblem>> Create(
        CreateUserRequest request, UserManager<HotlineUser> users, HotlineDbContext db, GeographyCatalog geography,
        AuditLog audit, MfaRequirement mfa, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var userName = request.UserName?.Trim();
        if (UserValidation.UserNameError(userName) is { } userNameError)
        {
            errors["userName"] = [userNameError];
        }

        var valid = UserValidation.Validate(request.DisplayName, request.Roles, request.Departements, request.Communes, geography, errors);
        if (valid is null || errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var generated = string.IsNullOrEmpty(request.Password) ? UserValidation.GeneratePassword() : null;
        // Chosen or generated, the admin knows it: the user replaces it at their first sign-in.
        var user = new HotlineUser { UserName = userName, DisplayName = valid.DisplayName, MustChangePassword = true };
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var created = await users.CreateAsync(user, generated ?? request.Password!);
        if (!created.Succeeded)
        {
            return TypedResults.ValidationProblem(created.Errors
                .GroupBy(error => error.Code.StartsWith("Password", StringComparison.Ordinal) ? "password" : "userName")
                .ToDictionary(group => group.Key, group => group.Select(error => error.Description).ToArray()));
        }

        Check(await users.AddToRolesAsync(user, valid.Roles));
        if (TerritoryClaims(valid) is { Count: > 0 } claims)
        {
            Check(await users.AddClaimsAsync(user, claims));
        }

        await audit.RecordAsync(AuditAction.Create, "User", user.Id.ToString(), cancellationToken: cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var summary = (await SummariesAsync(db, [user], mfa, time, cancellationToken))[0];
        return TypedResults.Created($"/api/admin/users/{user.Id}", new CreatedUser(summary, generated));
    }

    internal static async Task<Results<Ok<UserSummary>, ValidationProblem, NotFound>> Update(
        Guid id, UpdateUserRequest request, ClaimsPrincipal admin, UserManager<HotlineUser> users, HotlineDbContext db,
        GeographyCatalog geography, AuditLog audit, HubSessions hubs, MfaRequirement mfa, ICounsellorRetirement retirement, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(id.ToString());
        if (user is null)
        {
            return TypedResults.NotFound();
        }

        var errors = new Dictionary<string, string[]>();
        var valid = UserValidation.Validate(request.DisplayName, request.Roles, request.Departements, request.Communes, geography, errors);
        if (valid is not null && IsSelf(admin, user) && !valid.Roles.Contains(Roles.Admin))
        {
            errors["roles"] = ["Vous ne pouvez pas retirer votre propre rôle Admin (un autre administrateur le peut)."];
        }

        if (valid is null || errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var currentRoles = (await users.GetRolesAsync(user)).ToHashSet(StringComparer.Ordinal);
        var rolesChanged = !currentRoles.SetEquals(valid.Roles);
        if (rolesChanged)
        {
            Check(await users.RemoveFromRolesAsync(user, currentRoles.Except(valid.Roles)));
            Check(await users.AddToRolesAsync(user, valid.Roles.Except(currentRoles)));
            await audit.RecordAsync(AuditAction.Update, "User.Roles", user.Id.ToString(), cancellationToken: cancellationToken);
        }

        var currentTerritories = (await users.GetClaimsAsync(user)).Where(IsTerritory).ToList();
        var wanted = TerritoryClaims(valid);
        var territoriesChanged = !currentTerritories.Select(Key).ToHashSet(StringComparer.Ordinal).SetEquals(wanted.Select(Key));
        if (territoriesChanged)
        {
            if (currentTerritories.Count > 0)
            {
                Check(await users.RemoveClaimsAsync(user, currentTerritories));
            }

            if (wanted.Count > 0)
            {
                Check(await users.AddClaimsAsync(user, wanted));
            }

            await audit.RecordAsync(AuditAction.Update, "User.Territories", user.Id.ToString(), cancellationToken: cancellationToken);
        }

        if (user.DisplayName != valid.DisplayName)
        {
            user.DisplayName = valid.DisplayName;
            Check(await users.UpdateAsync(user));
            await audit.RecordAsync(AuditAction.Update, "User.DisplayName", user.Id.ToString(), cancellationToken: cancellationToken);
        }

        var revoke = rolesChanged || territoriesChanged;
        if (revoke)
        {
            Check(await users.UpdateSecurityStampAsync(user));
        }

        await transaction.CommitAsync(cancellationToken);
        if (revoke)
        {
            // After the commit: a reconnecting console must meet the new stamp.
            hubs.Close(user.Id);
        }

        if (currentRoles.Contains(Roles.Counsellor) && !valid.Roles.Contains(Roles.Counsellor))
        {
            await retirement.RetireAsync(user.Id, cancellationToken);
        }

        return TypedResults.Ok((await SummariesAsync(db, [user], mfa, time, cancellationToken))[0]);
    }

    /// <summary>Locks the account until an admin unlocks it, and signs it out everywhere.</summary>
    internal static Task<Results<NoContent, ValidationProblem, NotFound>> Lock(
        Guid id, ClaimsPrincipal admin, UserManager<HotlineUser> users, HotlineDbContext db, AuditLog audit, HubSessions hubs, CancellationToken cancellationToken) =>
        ChangeAsync(id, admin, users, db, audit, hubs, "User.Lock", AuditAction.Update, revoke: true, async user =>
        {
            if (IsSelf(admin, user))
            {
                return "Vous ne pouvez pas bloquer votre propre compte.";
            }

            Check(await users.SetLockoutEnabledAsync(user, true));
            Check(await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue));
            return null;
        }, cancellationToken);

    internal static Task<Results<NoContent, ValidationProblem, NotFound>> Unlock(
        Guid id, ClaimsPrincipal admin, UserManager<HotlineUser> users, HotlineDbContext db, AuditLog audit, HubSessions hubs, CancellationToken cancellationToken) =>
        ChangeAsync(id, admin, users, db, audit, hubs, "User.Unlock", AuditAction.Update, revoke: false, async user =>
        {
            Check(await users.SetLockoutEndDateAsync(user, null));
            Check(await users.ResetAccessFailedCountAsync(user));
            return null;
        }, cancellationToken);

    /// <summary>For a user who lost their authenticator and recovery codes: they enrol again at their next sign-in.</summary>
    internal static Task<Results<NoContent, ValidationProblem, NotFound>> ResetMfa(
        Guid id, ClaimsPrincipal admin, UserManager<HotlineUser> users, HotlineDbContext db, AuditLog audit, HubSessions hubs, CancellationToken cancellationToken) =>
        ChangeAsync(id, admin, users, db, audit, hubs, "User.Mfa", AuditAction.Delete, revoke: true, async user =>
        {
            Check(await users.SetTwoFactorEnabledAsync(user, false));
            Check(await users.ResetAuthenticatorKeyAsync(user));
            await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 0);
            return null;
        }, cancellationToken);

    /// <summary>Sets a password the admin chose, or generates one (returned once); signs the user out everywhere.</summary>
    internal static async Task<Results<Ok<PasswordSet>, ValidationProblem, NotFound>> SetPassword(
        Guid id, SetPasswordRequest request, UserManager<HotlineUser> users, HotlineDbContext db,
        AuditLog audit, HubSessions hubs, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(id.ToString());
        if (user is null)
        {
            return TypedResults.NotFound();
        }

        var generated = string.IsNullOrEmpty(request.Password) ? UserValidation.GeneratePassword() : null;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // The reset-token path runs the password rules and renews the security stamp in one step; the
        // flag is saved with them: the user replaces this password at their next sign-in.
        user.MustChangePassword = true;
        var reset = await users.ResetPasswordAsync(user, await users.GeneratePasswordResetTokenAsync(user), generated ?? request.Password!);
        if (!reset.Succeeded)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["password"] = [.. reset.Errors.Select(error => error.Description)] });
        }

        await audit.RecordAsync(AuditAction.Update, "User.Password", user.Id.ToString(), cancellationToken: cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        hubs.Close(user.Id);
        return TypedResults.Ok(new PasswordSet(generated));
    }

    /// <summary>One audited change in one transaction; <paramref name="apply"/> returns an error message to refuse it.</summary>
    private static async Task<Results<NoContent, ValidationProblem, NotFound>> ChangeAsync(
        Guid id, ClaimsPrincipal admin, UserManager<HotlineUser> users, HotlineDbContext db, AuditLog audit, HubSessions hubs,
        string entityType, AuditAction action, bool revoke, Func<HotlineUser, Task<string?>> apply, CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(id.ToString());
        if (user is null)
        {
            return TypedResults.NotFound();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await apply(user) is { } error)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["id"] = [error] });
        }

        if (revoke)
        {
            Check(await users.UpdateSecurityStampAsync(user));
        }

        await audit.RecordAsync(action, entityType, user.Id.ToString(), cancellationToken: cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (revoke)
        {
            hubs.Close(user.Id);
        }

        return TypedResults.NoContent();
    }

    private static async Task<List<UserSummary>> SummariesAsync(
        HotlineDbContext db, IReadOnlyList<HotlineUser> users, MfaRequirement mfa, TimeProvider time, CancellationToken cancellationToken)
    {
        var ids = users.Select(u => u.Id).ToList();
        var roles = (await (from userRole in db.UserRoles
                            join role in db.Roles on userRole.RoleId equals role.Id
                            where ids.Contains(userRole.UserId)
                            select new { userRole.UserId, role.Name }).ToListAsync(cancellationToken))
            .ToLookup(r => r.UserId, r => r.Name!);
        var claims = (await db.UserClaims.AsNoTracking()
                .Where(c => ids.Contains(c.UserId) && (c.ClaimType == HotlineClaims.Departement || c.ClaimType == HotlineClaims.Commune))
                .Select(c => new { c.UserId, c.ClaimType, c.ClaimValue })
                .ToListAsync(cancellationToken))
            .ToLookup(c => c.UserId);
        var now = time.GetUtcNow();
        return [.. users.Select(user =>
        {
            var userRoles = roles[user.Id].Order(StringComparer.Ordinal).ToList();
            return new UserSummary(
                user.Id,
                user.UserName ?? "",
                user.DisplayName,
                userRoles,
                [.. claims[user.Id].Where(c => c.ClaimType == HotlineClaims.Departement).Select(c => c.ClaimValue!).Order(StringComparer.Ordinal)],
                [.. claims[user.Id].Where(c => c.ClaimType == HotlineClaims.Commune).Select(c => c.ClaimValue!).Order(StringComparer.Ordinal)],
                user.LockoutEnd > now,
                user.TwoFactorEnabled,
                mfa.AppliesTo(userRoles),
                user.MustChangePassword);
        })];
    }

    private static List<Claim> TerritoryClaims(ValidUser user) =>
    [
        .. user.Departements.Select(code => new Claim(HotlineClaims.Departement, code)),
        .. user.Communes.Select(code => new Claim(HotlineClaims.Commune, code)),
    ];

    private static bool IsTerritory(Claim claim) => claim.Type is HotlineClaims.Departement or HotlineClaims.Commune;

    private static string Key(Claim claim) => claim.Type + "=" + claim.Value;

    private static bool IsSelf(ClaimsPrincipal admin, HotlineUser user) =>
        admin.FindFirstValue(ClaimTypes.NameIdentifier) == user.Id.ToString();

    /// <summary>Identity refusing a step the validation already allowed is a bug: fail (and roll back) loudly.</summary>
    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("Account change refused: " + string.Join(" ", result.Errors.Select(e => e.Code)));
        }
    }
}
