using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Hotline.Server.Identity;

public sealed record AntiforgeryToken(string Token, string HeaderName);

/// <summary>
/// Cookie-authenticated unsafe requests must carry the antiforgery token in a header, on top of the
/// SameSite=Strict cookie. Webhooks (signature-checked) and sign-in (no session yet) are not concerned.
/// </summary>
public static class AntiforgeryProtection
{
    public const string HeaderName = "X-XSRF-TOKEN";

    /// <summary>The refusal's stable code: the console fetches a fresh token and replays on it (the title is translated).</summary>
    public const string InvalidCode = "antiforgery-invalid";

    public static WebApplicationBuilder AddAntiforgeryProtection(this WebApplicationBuilder builder)
    {
        builder.Services.AddAntiforgery(options =>
        {
            options.HeaderName = HeaderName;
            options.Cookie.Name = "hotline.af";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        });
        return builder;
    }

    /// <summary>After authentication: refuses an unsafe, signed-in request under /api or /hubs without a valid token.</summary>
    public static WebApplication UseAntiforgeryProtection(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            var unsafeMethod = !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method));
            if (unsafeMethod
                && context.User.Identity?.IsAuthenticated == true
                && request.Path.StartsWithSegments("/api")
                && !request.Path.StartsWithSegments("/api/auth/login"))
            {
                var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
                if (!await antiforgery.IsRequestValidAsync(context))
                {
                    context.Response.StatusCode = StatusCodes.Status400BadRequest;
                    await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                    {
                        HttpContext = context,
                        ProblemDetails =
                        {
                            Type = "urn:hotline:" + InvalidCode,
                            Status = StatusCodes.Status400BadRequest,
                            Title = "Jeton anti-falsification absent ou invalide : rechargez la page.",
                            Detail = $"Envoyez le jeton de GET /api/auth/antiforgery dans l’en-tête {HeaderName}.",
                            Extensions = { ["code"] = InvalidCode },
                        },
                    });
                    return;
                }
            }

            await next(context);
        });
        return app;
    }

    /// <summary>The request token for the signed-in user (it is bound to the user: fetch it again after signing in).</summary>
    internal static Ok<AntiforgeryToken> Token(HttpContext context, IAntiforgery antiforgery) =>
        TypedResults.Ok(new AntiforgeryToken(antiforgery.GetAndStoreTokens(context).RequestToken!, HeaderName));
}
