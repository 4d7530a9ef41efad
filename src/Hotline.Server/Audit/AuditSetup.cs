using Hotline.Server.Data;
using Hotline.Server.Hosting;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Server.Audit;

public static class AuditSetup
{
    public static WebApplicationBuilder AddAudit(this WebApplicationBuilder builder)
    {
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddValidatedOptions<AuditOptions>("Audit");
        builder.Services.AddScoped<AuditLog>();
        builder.Services.AddSingleton<AuditReadWindows>();
        builder.Services.AddSingleton<AuditReadFlush>();
        builder.Services.AddHostedService(services => services.GetRequiredService<AuditReadFlush>());
        builder.Services.AddHostedService<AuditPurge>();
        builder.Services.AddSingleton<Microsoft.AspNetCore.Authorization.Policy.AuthorizationMiddlewareResultHandler>();
        builder.Services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, DeniedAccessAudit>();
        return builder;
    }
}

/// <summary>
/// Daily: removes audit entries past the retention, through the one function allowed to delete them. The
/// function computes its own cutoff from the retention the <c>migrate</c> command stored (Audit:Retention).
/// </summary>
internal sealed class AuditPurge(IServiceScopeFactory scopes, TimeProvider time, ILogger<AuditPurge> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var timer = new ClockTicker(TimeSpan.FromDays(1), time);
        do
        {
            try
            {
                await PurgeAsync(scopes, stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning(exception, "Audit purge failed; retrying tomorrow");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public static async Task<int> PurgeAsync(IServiceScopeFactory scopes, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        // Idempotent anyway (a cutoff the function computes); the lock keeps two instances from purging and logging twice.
        await using var jobLock = await JobLocks.TryTakeAsync(db, Job.AuditPurge, cancellationToken);
        if (jobLock is null)
        {
            return 0;
        }

        var purged = (await db.Database.SqlQuery<int>($"SELECT audit_purge() AS \"Value\"").ToListAsync(cancellationToken)).Single();
        scope.ServiceProvider.GetRequiredService<ILogger<AuditPurge>>().LogInformation("Purged {Count} audit entries past the retention", purged);
        return purged;
    }
}
