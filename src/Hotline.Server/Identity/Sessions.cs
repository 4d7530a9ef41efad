using System.Security.Claims;
using Hotline.Server.Data;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hotline.Server.Identity;

/// <summary>What the per-request check read about the signed-in user (kept in <see cref="HttpContext.Items"/>).</summary>
public sealed record SessionState(bool TwoFactorEnabled)
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
    private sealed record Row(string? SecurityStamp, bool TwoFactorEnabled);

    // Cost: one primary-key lookup of two columns per authenticated API request (a compiled query,
    // ~0.1–0.3 ms on a pooled connection). Identity's own validator would instead rebuild the principal
    // (roles, claims: four queries) and re-issue the cookie on every request at ValidationInterval=0, or
    // leave a revoked cookie working for 30 minutes by default. Static files are served before
    // authentication and the console's traffic is one long-lived hub connection, so API requests are
    // user-paced and few.
    private static readonly Func<HotlineDbContext, Guid, CancellationToken, Task<Row?>> Query =
        EF.CompileAsyncQuery((HotlineDbContext db, Guid id, CancellationToken _) =>
            db.Users.AsNoTracking().Where(u => u.Id == id).Select(u => new Row(u.SecurityStamp, u.TwoFactorEnabled)).FirstOrDefault());

    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var http = context.HttpContext;
        var claims = http.RequestServices.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity;
        var principal = context.Principal;
        var stamp = principal?.FindFirstValue(claims.SecurityStampClaimType);
        Row? row = null;
        if (Guid.TryParse(principal?.FindFirstValue(claims.UserIdClaimType), out var userId) && stamp is not null)
        {
            row = await Query(http.RequestServices.GetRequiredService<HotlineDbContext>(), userId, http.RequestAborted);
        }

        if (row is null || !string.Equals(row.SecurityStamp, stamp, StringComparison.Ordinal))
        {
            // Refused, but the cookie is not deleted: this request may be racing the response that gave
            // the same browser its renewed cookie (after its own password or MFA change), and deleting it
            // would sign that browser out too. A stale cookie only ever gets 401.
            context.RejectPrincipal();
            return;
        }

        http.Items[typeof(SessionState)] = new SessionState(row.TwoFactorEnabled);
    }

    public const string MfaRequiredCode = "mfa-required";

    /// <summary>
    /// After authentication: a user who must use a second factor and has not enrolled one reaches only
    /// sign-in (<c>/api/auth</c>) and their account (<c>/api/account</c>), where they enrol. Every other API
    /// answers 403 <c>mfa-required</c> and the hub refuses to connect.
    /// </summary>
    public static WebApplication UseMfaEnrolmentGate(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (context.User.Identity?.IsAuthenticated == true
                && (path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs"))
                && !path.StartsWithSegments("/api/auth")
                && !path.StartsWithSegments("/api/account")
                && SessionState.Of(context)?.TwoFactorEnabled != true
                && context.RequestServices.GetRequiredService<MfaRequirement>().AppliesTo(context.User))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails =
                    {
                        Type = "urn:hotline:" + MfaRequiredCode,
                        Status = StatusCodes.Status403Forbidden,
                        Title = "Two-factor authentication is required for this account.",
                        Detail = "Enrol an authenticator app (POST /api/account/mfa/setup, then /api/account/mfa/enable) before anything else.",
                        Extensions = { ["code"] = MfaRequiredCode },
                    },
                });
                return;
            }

            await next(context);
        });
        return app;
    }
}
