namespace Hotline.Server.Hosting;

/// <summary>Security headers on every response, API and console alike.</summary>
public static class SecurityHeaders
{
    /// <summary>
    /// Everything from this server, no inline script; the Twilio Voice SDK talks to Twilio (signalling over
    /// WebSocket, call insights over HTTPS); its sounds are bundled.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
        + "media-src 'self' data: blob:; connect-src 'self' data: https://*.twilio.com wss://*.twilio.com; "
        + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static WebApplication UseSecurityHeaders(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                // The microphone is for in-browser answering on this origin only.
                headers["Permissions-Policy"] = "microphone=(self), camera=(), geolocation=()";
                headers["Cross-Origin-Opener-Policy"] = "same-origin";
                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }
}
