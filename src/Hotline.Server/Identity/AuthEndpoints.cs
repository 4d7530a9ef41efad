using System.Security.Claims;
using Hotline.Server.Audit;
using Hotline.Server.Data;
using Hotline.Server.Hosting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Hotline.Server.Identity;

public sealed record LoginRequest(string? UserName, string? Password);

/// <summary>The second step of a sign-in: a code from the authenticator app, or one recovery code.</summary>
public sealed record TwoFactorLoginRequest(string? Code, string? RecoveryCode);

/// <summary>Who is signed in: enough for the console to choose its screens.</summary>
public sealed record CurrentUser(
    string UserName,
    string DisplayName,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Departements,
    IReadOnlyList<string> Communes)
{
    public static CurrentUser From(ClaimsPrincipal principal) => new(
        principal.Identity?.Name ?? "",
        principal.FindFirstValue(DisplayNameClaim) ?? principal.Identity?.Name ?? "",
        [.. principal.FindAll(ClaimTypes.Role).Select(claim => claim.Value).Order(StringComparer.Ordinal)],
        [.. principal.FindAll(HotlineClaims.Departement).Select(claim => claim.Value).Order(StringComparer.Ordinal)],
        [.. principal.FindAll(HotlineClaims.Commune).Select(claim => claim.Value).Order(StringComparer.Ordinal)]);

    /// <summary>An authenticator app is enrolled: every sign-in asks for its code.</summary>
    public bool MfaEnabled { get; init; }

    /// <summary>This account must enrol an authenticator before anything but its account page works.</summary>
    public bool MfaEnrolmentRequired { get; init; }

    /// <summary>The password was set by an admin: the user must choose a new one before anything else (comes before enrolment).</summary>
    public bool PasswordChangeRequired { get; init; }

    internal const string DisplayNameClaim = "hotline:display_name";
}

/// <summary>Adds the display name to the cookie's claims (roles and territory claims come from Identity).</summary>
internal sealed class HotlineClaimsPrincipalFactory(
    UserManager<HotlineUser> users, RoleManager<HotlineRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<HotlineUser, HotlineRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(HotlineUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(CurrentUser.DisplayNameClaim, user.DisplayName));
        identity.AddClaim(new Claim(SessionIds.ClaimType, Guid.NewGuid().ToString()));
        return identity;
    }
}

internal static class AuthEndpoints
{
    public const string TwoFactorRequiredCode = "two-factor-required";

    public static void Map(RouteGroupBuilder group)
    {
        group.WithTags("Auth").WithApiProblems();
        group.MapPost("/login", Login).AllowAnonymous().RequireRateLimiting(Hosting.RateLimits.Login)
            .WithSummary("Sign in with a user name and password (401 with code two-factor-required: the code step follows).")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        // Anonymous: the password step left only a short-lived two-factor cookie, not a session.
        group.MapPost("/login/two-factor", TwoFactor).AllowAnonymous().RequireRateLimiting(Hosting.RateLimits.Login)
            .WithSummary("Second sign-in step: an authenticator code or a recovery code (401 with code two-factor-expired: start again).")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapPost("/logout", Logout).RequireAuthorization().WithSummary("Sign out this session.");
        group.MapGet("/me", Me).RequireAuthorization().WithSummary("The signed-in user (401 when signed out).");
        group.MapGet("/antiforgery", AntiforgeryProtection.Token).RequireAuthorization()
            .WithSummary("The antiforgery token that unsafe requests of this session send in its header.");
    }

    /// <summary>The entity of a sign-in entry (action SignIn), by step; Allowed when the step passed, Denied otherwise.</summary>
    internal const string SessionEntity = "Session";
    internal const string LockedOutEntity = "Session.LockedOut";
    internal const string TwoFactorEntity = "Session.TwoFactor";
    internal const string TwoFactorRequiredEntity = "Session.TwoFactorRequired";

    /// <summary>No user name in the trail (a mistyped one may be a password): the account's id, or "-" when there is none.</summary>
    private static Task AuditSignInAsync(AuditLog audit, HotlineUser? user, string entity, AuditOutcome outcome) =>
        audit.RecordForAsync(user?.Id, AuditAction.SignIn, entity, user?.Id.ToString() ?? "-", outcome);

    internal static async Task<Results<Ok<CurrentUser>, ValidationProblem, ProblemHttpResult>> Login(
        LoginRequest request, SignInManager<HotlineUser> signIn, MfaRequirement mfa, AuditLog audit, DummyPassword dummy)
    {
        if (string.IsNullOrWhiteSpace(request.UserName) || string.IsNullOrEmpty(request.Password))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["credentials"] = ["L’identifiant et le mot de passe sont obligatoires."],
            });
        }

        var user = await signIn.UserManager.FindByNameAsync(request.UserName);
        if (user is null || await signIn.UserManager.IsLockedOutAsync(user))
        {
            // As long as checking a real password (Identity skips the hash for a locked account): the time of
            // the answer must not tell which accounts exist.
            dummy.Verify(signIn.UserManager, request.Password);
            await AuditSignInAsync(audit, user, user is null ? SessionEntity : LockedOutEntity, AuditOutcome.Denied);
            return InvalidCredentials();
        }

        var result = await signIn.PasswordSignInAsync(user, request.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.RequiresTwoFactor)
        {
            await AuditSignInAsync(audit, user, TwoFactorRequiredEntity, AuditOutcome.Allowed);
            // Not signed in: Identity set only its two-factor cookie (5 minutes) for POST /login/two-factor.
            // A 401, so a client that does not know the second step stays signed out.
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Saisissez le code de votre application d’authentification.",
                type: "urn:hotline:" + TwoFactorRequiredCode,
                extensions: new Dictionary<string, object?> { ["code"] = TwoFactorRequiredCode });
        }

        if (!result.Succeeded)
        {
            // Same answer for an unknown account, a wrong password and a lock-out: nothing leaks.
            await AuditSignInAsync(audit, user, result.IsLockedOut ? LockedOutEntity : SessionEntity, AuditOutcome.Denied);
            return InvalidCredentials();
        }

        await AuditSignInAsync(audit, user, SessionEntity, AuditOutcome.Allowed);
        return TypedResults.Ok(await SignedInAsync(signIn, user, mfa));
    }

    /// <summary>
    /// The second step: the authenticator code or a recovery code of the user who passed the password
    /// step in this browser. A wrong code counts towards the lock-out like a wrong password.
    /// </summary>
    internal static async Task<Results<Ok<CurrentUser>, ValidationProblem, ProblemHttpResult>> TwoFactor(
        TwoFactorLoginRequest request, SignInManager<HotlineUser> signIn, MfaRequirement mfa, HttpContext http, TimeProvider time, AuditLog audit)
    {
        if (string.IsNullOrWhiteSpace(request.Code) == string.IsNullOrWhiteSpace(request.RecoveryCode))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["code"] = ["Saisissez soit le code de l’application d’authentification, soit un code de secours."],
            });
        }

        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Saisissez d’abord votre mot de passe (l’étape du code dure 5 minutes).",
                extensions: new Dictionary<string, object?> { ["code"] = "two-factor-expired" });
        }

        var users = signIn.UserManager;
        if (await users.IsLockedOutAsync(user))
        {
            await AuditSignInAsync(audit, user, LockedOutEntity, AuditOutcome.Denied);
            return InvalidCode();
        }

        var valid = request.Code is { Length: > 0 } code
            ? await Authenticator.VerifyAsync(users, user, code, time)
            : await Authenticator.RedeemRecoveryCodeAsync(users, user, request.RecoveryCode);
        if (!valid)
        {
            await users.AccessFailedAsync(user);
            await AuditSignInAsync(audit, user, await users.IsLockedOutAsync(user) ? LockedOutEntity : TwoFactorEntity, AuditOutcome.Denied);
            return InvalidCode();
        }

        await users.ResetAccessFailedCountAsync(user);
        await AuditSignInAsync(audit, user, TwoFactorEntity, AuditOutcome.Allowed);
        await http.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
        await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new Claim("amr", "mfa")]);
        return TypedResults.Ok(await SignedInAsync(signIn, user, mfa));
    }

    /// <summary>
    /// Ends this session on the server too: its id is revoked (a saved copy of the cookie gets 401) and its hub
    /// connections are closed, here at once and on other instances at their next sweep.
    /// </summary>
    internal static async Task<NoContent> Logout(
        SignInManager<HotlineUser> signIn, HttpContext http, HotlineDbContext db, HubSessions hubs, TimeProvider time,
        IOptionsMonitor<CookieAuthenticationOptions> cookies, CancellationToken cancellationToken)
    {
        if (SessionIds.Of(http.User) is { } sessionId && Guid.TryParse(signIn.UserManager.GetUserId(http.User), out var userId))
        {
            var lifetime = cookies.Get(IdentityConstants.ApplicationScheme).ExpireTimeSpan;
            await SessionIds.RevokeAsync(db, userId, sessionId, time.GetUtcNow(), lifetime, cancellationToken);
            http.Response.OnCompleted(() =>
            {
                hubs.CloseSession(sessionId);
                return Task.CompletedTask;
            });
        }

        await signIn.SignOutAsync();
        await http.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
        return TypedResults.NoContent();
    }

    internal static Ok<CurrentUser> Me(ClaimsPrincipal user, HttpContext http, MfaRequirement mfa)
    {
        var session = SessionState.Of(http);
        var enabled = session?.TwoFactorEnabled ?? false;
        return TypedResults.Ok(CurrentUser.From(user) with
        {
            MfaEnabled = enabled,
            MfaEnrolmentRequired = !enabled && mfa.AppliesTo(user),
            PasswordChangeRequired = session?.MustChangePassword ?? false,
        });
    }

    private static async Task<CurrentUser> SignedInAsync(SignInManager<HotlineUser> signIn, HotlineUser user, MfaRequirement mfa)
    {
        var principal = await signIn.CreateUserPrincipalAsync(user);
        return CurrentUser.From(principal) with
        {
            MfaEnabled = user.TwoFactorEnabled,
            MfaEnrolmentRequired = !user.TwoFactorEnabled && mfa.AppliesTo(principal),
            PasswordChangeRequired = user.MustChangePassword,
        };
    }

    private static ProblemHttpResult InvalidCredentials() =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Identifiant ou mot de passe incorrect.");

    private static ProblemHttpResult InvalidCode() =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Code incorrect ou déjà utilisé.");
}
