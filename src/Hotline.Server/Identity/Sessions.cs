using System.Security.Claims;
using Hotline.Server.Data;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hotline.Server.Identity;

/// <summary>What the per-request check read about the signed-in user (kept in <see cref="HttpContext.Items"/>).</summary>
public sealed record SessionState(bool TwoFactorEnabled, bool MustChangePassword)
{
    public static SessionState? Of(HttpContext context) => context.Items[typeof(SessionState)] as SessionState;
}

/// <summary>
/// Sign-out everywhere. Every change that matters to access (roles, territories, lock, password, MFA)
/// renews the user's security stamp; this check compares the cookie's stamp with the database on every
/// authenticated request, so every other cookie of that user stops working at once.
/// </summary>
internal static class SessionValidation
{
    private sealed record Row(string? SecurityStamp, bool TwoFactorEnabled, bool MustChangePassword, bool Revoked);

    // Cost: one primary-key lookup of three columns per authenticated API request (a compiled query,
    // ~0.1–0.3 ms on a pooled connection). Identity's own validator would instead rebuild the principal
    // (roles, claims: four queries) and re-issue the cookie on every request at ValidationInterval=0, or
    // leave a revoked cookie working for 30 minutes by default. Static files are served before
    // authentication and the console's traffic is one long-lived hub connection, so API requests are
    // user-paced and few.
    // The session's revocation (sign-out) is read in the same round trip, by primary key.
    private static readonly Func<HotlineDbContext, Guid, Guid, CancellationToken, Task<Row?>> Query =
        EF.CompileAsyncQuery((HotlineDbContext db, Guid id, Guid sessionId, CancellationToken _) =>
            db.Users.AsNoTracking().Where(u => u.Id == id)
                .Select(u => new Row(u.SecurityStamp, u.TwoFactorEnabled, u.MustChangePassword, db.RevokedSessions.Any(s => s.SessionId == sessionId)))
                .FirstOrDefault());

    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var http = context.HttpContext;
        var claims = http.RequestServices.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity;
        var principal = context.Principal;
        var stamp = principal?.FindFirstValue(claims.SecurityStampClaimType);
        Row? row = null;
        // A cookie without a session id predates sign-out revocation: it cannot be signed out of, so it is refused.
        if (Guid.TryParse(principal?.FindFirstValue(claims.UserIdClaimType), out var userId) && stamp is not null && SessionIds.Of(principal) is { } sessionId)
        {
            row = await Query(http.RequestServices.GetRequiredService<HotlineDbContext>(), userId, sessionId, http.RequestAborted);
        }

        if (row is null || row.Revoked || !string.Equals(row.SecurityStamp, stamp, StringComparison.Ordinal))
        {
            // Refused, but the cookie is not deleted: this request may be racing the response that gave
            // the same browser its renewed cookie (after its own password or MFA change), and deleting it
            // would sign that browser out too. A stale cookie only ever gets 401.
            context.RejectPrincipal();
            return;
        }

        http.Items[typeof(SessionState)] = new SessionState(row.TwoFactorEnabled, row.MustChangePassword);
    }

    public const string MfaRequiredCode = "mfa-required";
    public const string PasswordChangeRequiredCode = "password-change-required";

    /// <summary>
    /// After authentication, two gates for an account that is not ready yet. Each lets through sign-in
    /// (<c>/api/auth</c>: me, antiforgery, sign-out) and what the user needs to get past it; every other
    /// API answers 403 with the gate's code and the hub refuses to connect.
    /// <list type="number">
    /// <item>A password set by an admin (<see cref="HotlineUser.MustChangePassword"/>): only
    /// <c>POST /api/account/password</c>. It comes first: the temporary password is the credential most
    /// likely to be lost or shared (the admin knows it, it travelled in a message), so it is retired before
    /// anything else, and a second factor is never bound to an account whose password someone else knows.
    /// An enrolment interrupted later then resumes with the user's own password.</item>
    /// <item>A second factor required and not enrolled: <c>/api/account</c>, where the user enrols.</item>
    /// </list>
    /// </summary>
    public static WebApplication UseAccountGates(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (context.User.Identity?.IsAuthenticated == true
                && (path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs"))
                && !path.StartsWithSegments("/api/auth"))
            {
                var session = SessionState.Of(context);
                if (session?.MustChangePassword == true && !path.StartsWithSegments("/api/account/password"))
                {
                    await RefuseAsync(context, PasswordChangeRequiredCode,
                        "Vous devez choisir un nouveau mot de passe.",
                        "Le mot de passe actuel a été défini par un administrateur : remplacez-le (POST /api/account/password) avant toute autre action.");
                    return;
                }

                if (!path.StartsWithSegments("/api/account")
                    && session?.TwoFactorEnabled != true
                    && context.RequestServices.GetRequiredService<MfaRequirement>().AppliesTo(context.User))
                {
                    await RefuseAsync(context, MfaRequiredCode,
                        "La vérification en deux étapes est obligatoire pour ce compte.",
                        "Configurez une application d’authentification (POST /api/account/mfa/setup, puis /api/account/mfa/enable) avant toute autre action.");
                    return;
                }
            }

            await next(context);
        });
        return app;
    }

    private static async Task RefuseAsync(HttpContext context, string code, string title, string detail)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Type = "urn:hotline:" + code,
                Status = StatusCodes.Status403Forbidden,
                Title = title,
                Detail = detail,
                Extensions = { ["code"] = code },
            },
        });
    }
}
