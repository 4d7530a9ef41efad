namespace Hotline.Server.LiveConsole;

/// <summary>
/// Serves the counsellor console (src/Hotline.Console, built by Vite into wwwroot/ during dotnet build):
/// its files anonymously (the login page is part of it), and index.html for the console's own paths.
/// </summary>
public static class ConsoleExtensions
{
    /// <summary>The server's own path prefixes: an unknown path under them is an API 404 (or 401), never the console.</summary>
    internal static readonly string[] ServerPrefixes = ["api", "hubs", "telephony", "health"];

    /// <summary>
    /// The console's static files. Call it before <c>UseIdentity()</c>: files are public and must not meet
    /// the deny-by-default fallback policy (the authorization middleware applies it to any request that
    /// reaches it without an endpoint, static files included).
    /// </summary>
    public static WebApplication UseConsoleApp(this WebApplication app)
    {
        app.UseStaticFiles(FileOptions());
        return app;
    }

    /// <summary>
    /// index.html for every other path that is not a file (the console's client-side routes), anonymously;
    /// unknown paths under /api, /hubs, /telephony and /health keep API answers. Call it after the other Map* calls.
    /// </summary>
    public static WebApplication MapConsoleApp(this WebApplication app)
    {
        foreach (var prefix in ServerPrefixes)
        {
            // Signed out, 401 as for any other API path (an unknown path reveals nothing more).
            app.MapFallback($"/{prefix}/{{**path}}", NotFound).RequireAuthorization();
        }

        app.MapFallbackToFile("index.html", FileOptions()).AllowAnonymous();
        return app;
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult NotFound() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found.");

    private static StaticFileOptions FileOptions() => new()
    {
        OnPrepareResponse = context =>
        {
            var response = context.Context.Response;
            var headers = response.Headers;
            if (context.Context.Request.Path.StartsWithSegments("/assets", StringComparison.Ordinal))
            {
                // Vite puts a content hash in every asset name: a changed file is a new name.
                headers.CacheControl = "public, max-age=31536000, immutable";
                return;
            }

            // The page itself (index.html, also as the fallback) is always revalidated, so a new build is picked up.
            // Security headers are set on every response by Hosting/SecurityHeaders.
            headers.CacheControl = "no-cache";
        },
    };
}
