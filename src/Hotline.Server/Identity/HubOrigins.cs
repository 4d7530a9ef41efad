using Microsoft.Extensions.Options;

namespace Hotline.Server.Identity;

/// <summary>
/// Refuses a hub request (negotiate, WebSocket, long polling) whose <c>Origin</c> is neither the server's own nor
/// in <c>Security:AllowedOrigins</c>: cross-site WebSocket hijacking. A request without an Origin (not a browser's)
/// is left to authentication as usual.
/// </summary>
internal static class HubOrigins
{
    public const string HubsPath = "/hubs";

    public static WebApplication UseHubOriginCheck(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(HubsPath)
                && context.Request.Headers.Origin.ToString() is { Length: > 0 } origin
                && !IsAllowed(origin, context))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = { Status = StatusCodes.Status403Forbidden, Title = "Origine non autorisée.", Extensions = { ["code"] = "origin-not-allowed" } },
                });
                return;
            }

            await next(context);
        });
        return app;
    }

    private static bool IsAllowed(string origin, HttpContext context)
    {
        var allowed = context.RequestServices.GetRequiredService<IOptions<SecurityOptions>>().Value.AllowedOrigins;
        var own = $"{context.Request.Scheme}://{context.Request.Host}";
        return string.Equals(origin, own, StringComparison.OrdinalIgnoreCase)
            || allowed.Any(a => string.Equals(origin, a.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));
    }
}
