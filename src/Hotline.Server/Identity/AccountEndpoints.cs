using System.Security.Claims;
using Hotline.Server.Audit;
using Hotline.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Hotline.Server.Identity;

public sealed record AccountStatus(string UserName, string DisplayName, bool MfaEnabled, bool MfaRequired, int RecoveryCodesLeft);

/// <summary>What an authenticator app needs: the key (to type) and the otpauth URI (the QR code shows it).</summary>
public sealed record MfaSetup(string SharedKey, string AuthenticatorUri, string QrCodeUrl);

public sealed record MfaCodeRequest(string? Code);

public sealed record MfaDisableRequest(string? Code, string? RecoveryCode);

/// <summary>Recovery codes, shown once: each signs in once instead of an authenticator code.</summary>
public sealed record RecoveryCodes(IReadOnlyList<string> Codes);

public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

/// <summary>
/// The signed-in user's own account: two-factor enrolment, recovery codes, password. Reachable by a user
/// who must still enrol (see <see cref="SessionValidation.UseAccountGates"/>). Each change renews
/// the security stamp, which signs the user's other sessions out; this session gets a fresh cookie.
/// </summary>
internal static class AccountEndpoints
{
    public const string QrCodePath = "/api/account/mfa/qr.svg";

    public static void Map(RouteGroupBuilder group)
    {
        group.RequireAuthorization().WithTags("Account").WithApiProblems();
        group.MapGet("/", Status).WithSummary("The signed-in user's account: two-factor state and recovery codes left.");
        group.MapPost("/mfa/setup", Setup).WithSummary("Start (or resume) enrolling an authenticator app.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/mfa/qr.svg", QrCode).WithSummary("The enrolment QR code (SVG), only while enrolling.")
            .Produces<string>(StatusCodes.Status200OK, "image/svg+xml");
        // Endpoints that check a code or a password are limited like the sign-in (per address).
        group.MapPost("/mfa/enable", Enable).RequireRateLimiting(Hosting.RateLimits.Login)
            .WithSummary("Turn two-factor on with a first code from the app; returns the recovery codes (shown once).")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/mfa/disable", Disable).RequireRateLimiting(Hosting.RateLimits.Login)
            .WithSummary("Turn two-factor off with a current code or a recovery code.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/mfa/recovery-codes", RegenerateRecoveryCodes).RequireRateLimiting(Hosting.RateLimits.Login)
            .WithSummary("Replace the recovery codes (a current code is required).")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/password", ChangePassword).RequireRateLimiting(Hosting.RateLimits.Login)
            .WithSummary("Change the signed-in user's password (the current one is required).");
    }

    internal static async Task<Results<Ok<AccountStatus>, UnauthorizedHttpResult>> Status(
        ClaimsPrincipal principal, UserManager<HotlineUser> users, MfaRequirement mfa)
    {
        if (await users.GetUserAsync(principal) is not { } user)
        {
            return TypedResults.Unauthorized();
        }

        return TypedResults.Ok(new AccountStatus(
            user.UserName ?? "",
            user.DisplayName,
            user.TwoFactorEnabled,
            mfa.AppliesTo(principal),
            user.TwoFactorEnabled ? await users.CountRecoveryCodesAsync(user) : 0));
    }

    /// <summary>Starts (or resumes) enrolment: a key of its own for this user, not enabled until a code proves the app has it.</summary>
    internal static async Task<Results<Ok<MfaSetup>, ProblemHttpResult, UnauthorizedHttpResult>> Setup(
        ClaimsPrincipal principal, UserManager<HotlineUser> users, IUserStore<HotlineUser> store, IOptions<SecurityOptions> options, CancellationToken cancellationToken)
    {
        if (await users.GetUserAsync(principal) is not { } user)
        {
            return TypedResults.Unauthorized();
        }

        if (user.TwoFactorEnabled)
        {
            return AlreadyEnabled();
        }

        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            // A pending key changes nothing until a code enables it (which renews the security stamp), so it
            // is set without renewing the stamp as ResetAuthenticatorKeyAsync would: starting an enrolment
            // does not sign the user out elsewhere.
            key = users.GenerateNewAuthenticatorKey();
            await ((IUserAuthenticatorKeyStore<HotlineUser>)store).SetAuthenticatorKeyAsync(user, key, cancellationToken);
            await users.UpdateAsync(user);
        }

        return TypedResults.Ok(new MfaSetup(
            Authenticator.FormatKey(key),
            Authenticator.Uri(options.Value.AuthenticatorIssuer, user.UserName!, key),
            QrCodePath));
    }

    /// <summary>The enrolment URI as a QR code; only while enrolling (the key is a secret once enrolled).</summary>
    internal static async Task<Results<ContentHttpResult, NotFound>> QrCode(
        ClaimsPrincipal principal, UserManager<HotlineUser> users, IOptions<SecurityOptions> options, HttpContext http)
    {
        if (await users.GetUserAsync(principal) is not { TwoFactorEnabled: false } user
            || await users.GetAuthenticatorKeyAsync(user) is not { Length: > 0 } key)
        {
            return TypedResults.NotFound();
        }

        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Content(Authenticator.QrSvg(Authenticator.Uri(options.Value.AuthenticatorIssuer, user.UserName!, key)), "image/svg+xml");
    }

    internal static async Task<Results<Ok<RecoveryCodes>, ValidationProblem, ProblemHttpResult, UnauthorizedHttpResult>> Enable(
        MfaCodeRequest request, ClaimsPrincipal principal, SignInManager<HotlineUser> signIn, AuditLog audit, HubSessions hubs, TimeProvider time)
    {
        var users = signIn.UserManager;
        if (await users.GetUserAsync(principal) is not { } user)
        {
            return TypedResults.Unauthorized();
        }

        if (user.TwoFactorEnabled)
        {
            return AlreadyEnabled();
        }

        if (Authenticator.NormalizeCode(request.Code) is null)
        {
            return InvalidCode();
        }

        if (string.IsNullOrEmpty(await users.GetAuthenticatorKeyAsync(user)))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Commencez par configurer l’application (POST /api/account/mfa/setup).");
        }

        if (!await Authenticator.VerifyAsync(users, user, request.Code, time))
        {
            return InvalidCode();
        }

        await users.SetTwoFactorEnabledAsync(user, true);
        var codes = await Authenticator.NewRecoveryCodesAsync(users, user);
        await SignedOutElsewhereAsync(signIn, hubs, user);
        await audit.RecordAsync(AuditAction.Update, "User.Mfa", user.Id.ToString());
        return TypedResults.Ok(new RecoveryCodes(codes));
    }

    /// <summary>Turns two-factor off with a current code or a recovery code; the key is replaced, so enrolling again needs the app again.</summary>
    internal static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult, UnauthorizedHttpResult>> Disable(
        MfaDisableRequest request, ClaimsPrincipal principal, SignInManager<HotlineUser> signIn, AuditLog audit, HubSessions hubs, TimeProvider time)
    {
        var users = signIn.UserManager;
        if (await users.GetUserAsync(principal) is not { } user)
        {
            return TypedResults.Unauthorized();
        }

        if (!user.TwoFactorEnabled)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "La vérification en deux étapes n’est pas activée.");
        }

        if (await users.IsLockedOutAsync(user))
        {
            return InvalidCode();
        }

        var valid = request.Code is { Length: > 0 } code
            ? await Authenticator.VerifyAsync(users, user, code, time)
            : await Authenticator.RedeemRecoveryCodeAsync(users, user, request.RecoveryCode);
        if (!valid)
        {
            // A stolen session must not be a way to guess codes without limit.
            await users.AccessFailedAsync(user);
            return InvalidCode();
        }

        await users.ResetAccessFailedCountAsync(user);

        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 0);
        await SignedOutElsewhereAsync(signIn, hubs, user);
        await audit.RecordAsync(AuditAction.Delete, "User.Mfa", user.Id.ToString());
        return TypedResults.NoContent();
    }

    internal static async Task<Results<Ok<RecoveryCodes>, ValidationProblem, ProblemHttpResult, UnauthorizedHttpResult>> RegenerateRecoveryCodes(
        MfaCodeRequest request, ClaimsPrincipal principal, SignInManager<HotlineUser> signIn, AuditLog audit, TimeProvider time)
    {
        var users = signIn.UserManager;
        if (await users.GetUserAsync(principal) is not { } user)
        {
            return TypedResults.Unauthorized();
        }

        if (!user.TwoFactorEnabled)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "La vérification en deux étapes n’est pas activée.");
        }

        if (await users.IsLockedOutAsync(user))
        {
            return InvalidCode();
        }

        if (!await Authenticator.VerifyAsync(users, user, request.Code, time))
        {
            await users.AccessFailedAsync(user);
            return InvalidCode();
        }

        await users.ResetAccessFailedCountAsync(user);
        var codes = await Authenticator.NewRecoveryCodesAsync(users, user);
        await audit.RecordAsync(AuditAction.Update, "User.RecoveryCodes", user.Id.ToString());
        return TypedResults.Ok(new RecoveryCodes(codes));
    }

    internal static async Task<Results<NoContent, ValidationProblem, UnauthorizedHttpResult>> ChangePassword(
        ChangePasswordRequest request, ClaimsPrincipal principal, SignInManager<HotlineUser> signIn, AuditLog audit, HubSessions hubs)
    {
        var users = signIn.UserManager;
        if (await users.GetUserAsync(principal) is not { } user)
        {
            return TypedResults.Unauthorized();
        }

        if (string.IsNullOrEmpty(request.CurrentPassword) || string.IsNullOrEmpty(request.NewPassword))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [string.IsNullOrEmpty(request.CurrentPassword) ? "currentPassword" : "newPassword"] = ["Le mot de passe actuel et le nouveau mot de passe sont obligatoires."],
            });
        }

        if (string.Equals(request.CurrentPassword, request.NewPassword, StringComparison.Ordinal))
        {
            // Above all for a temporary password set by an admin: "changing" it to itself would keep it known.
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["newPassword"] = ["Le nouveau mot de passe doit être différent de l’actuel."],
            });
        }

        if (await users.IsLockedOutAsync(user))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["currentPassword"] = ["Trop d’essais incorrects : le compte est verrouillé pour quelques minutes."],
            });
        }

        // Cleared in the same update as the new password hash (ChangePasswordAsync saves the user once).
        var mustChange = user.MustChangePassword;
        user.MustChangePassword = false;
        var result = await users.ChangePasswordAsync(user, request.CurrentPassword, request.NewPassword);
        if (!result.Succeeded)
        {
            user.MustChangePassword = mustChange;
            if (result.Errors.Any(error => error.Code == nameof(IdentityErrorDescriber.PasswordMismatch)))
            {
                // A wrong current password counts towards the lock-out, as at sign-in.
                await users.AccessFailedAsync(user);
            }

            return TypedResults.ValidationProblem(result.Errors
                .GroupBy(error => error.Code == nameof(IdentityErrorDescriber.PasswordMismatch) ? "currentPassword" : "newPassword")
                .ToDictionary(group => group.Key, group => group.Select(error => error.Description).ToArray()));
        }

        await SignedOutElsewhereAsync(signIn, hubs, user);
        await audit.RecordAsync(AuditAction.Update, "User.Password", user.Id.ToString());
        return TypedResults.NoContent();
    }

    /// <summary>
    /// The stamp changed: other sessions' cookies fail their next check; this one gets a new cookie. The
    /// user's hub connections are closed once this response (with that cookie) is sent, so this browser's
    /// console reconnects with the new cookie while the others are refused.
    /// </summary>
    private static async Task SignedOutElsewhereAsync(SignInManager<HotlineUser> signIn, HubSessions hubs, HotlineUser user)
    {
        await signIn.RefreshSignInAsync(user);
        signIn.Context.Response.OnCompleted(() =>
        {
            hubs.Close(user.Id);
            return Task.CompletedTask;
        });
    }

    private static ProblemHttpResult AlreadyEnabled() =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "La vérification en deux étapes est déjà activée : désactivez-la avant de configurer une autre application.");

    private static ValidationProblem InvalidCode() =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["code"] = ["Code incorrect ou déjà utilisé."] });
}
