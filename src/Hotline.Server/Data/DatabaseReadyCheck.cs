using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hotline.Server.Data;

/// <summary>Ready means: the database answers and no migration is waiting.</summary>
internal sealed class DatabaseReadyCheck(HotlineDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
            return pending == 0
                ? HealthCheckResult.Healthy("Database reachable, schema up to date.")
                : HealthCheckResult.Unhealthy($"{pending} migration(s) not applied: run 'Hotline.Server migrate'.");
        }
        catch (Exception exception) when (exception is Npgsql.NpgsqlException or InvalidOperationException or TimeoutException)
        {
            // Degraded, not 503: every instance shares this database, so taking them out of the balancer never
            // helps, and each one answers Twilio from its outage journal meanwhile (the "outage-journal" check
            // says whether it can; that one turns readiness Unhealthy).
            return HealthCheckResult.Degraded("Database unreachable: webhooks are journaled until it returns.", exception);
        }
    }
}
