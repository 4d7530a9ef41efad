using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hotline.Server.Hosting;

public static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    public static WebApplication MapHealth(this WebApplication app)
    {
        var health = app.MapGroup("/health").AllowAnonymous();
        // Liveness: the process answers; no dependency is checked.
        health.MapHealthChecks("/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteReport });
        // Readiness: every check tagged "ready" (database reachable, migrations applied).
        health.MapHealthChecks("/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = WriteReport,
        });
        return app;
    }

    private static Task WriteReport(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        // Descriptions only: exception messages stay in the logs, not in an anonymous response.
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new { status = entry.Value.Status.ToString(), description = entry.Value.Description }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body));
    }
}
