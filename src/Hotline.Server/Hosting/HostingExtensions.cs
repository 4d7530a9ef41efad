using Serilog;

namespace Hotline.Server.Hosting;

public static class HostingExtensions
{
    /// <summary>Far above any form, triage or webhook of ours; the directory's CSV import raises it for itself.</summary>
    public const long MaxRequestBodyBytes = 256 * 1024;

    /// <summary>Logging, error responses, the clock and health checks: what every feature relies on.</summary>
    public static WebApplicationBuilder AddHosting(this WebApplicationBuilder builder)
    {
        builder.AddHotlineLogging();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        builder.AddRateLimits();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddProblemDetails(options =>
            options.CustomizeProblemDetails = context =>
            {
                context.ProblemDetails.Extensions.TryAdd("traceId", context.HttpContext.TraceIdentifier);
                // A malformed request is the client's error: say what was wrong (never echoes the body).
                if (context.Exception is BadHttpRequestException badRequest)
                {
                    context.ProblemDetails.Detail = badRequest.Message;
                }
            });
        builder.Services.AddHealthChecks();
        builder.Services.ConfigureHttpJsonOptions(options =>
            options.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        return builder;
    }

    public static WebApplication UseHosting(this WebApplication app)
    {
        // First: everything after it (logs, rate limits, audit) sees the client behind the balancer.
        app.UseKnownProxies();
        // Outermost, so the request log records the status the client finally got.
        app.UseSerilogRequestLogging(options =>
            // The path only: query strings and bodies can carry personal data.
            options.MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms");
        app.UseSecurityHeaders();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = exception => exception is BadHttpRequestException badRequest
                ? badRequest.StatusCode
                : StatusCodes.Status500InternalServerError,
            // A malformed request is the client's error, answered with a 400: not an error of ours to log.
            SuppressDiagnosticsCallback = context => context.Exception is BadHttpRequestException,
        });
        app.UseStatusCodePages();
        return app;
    }
}
