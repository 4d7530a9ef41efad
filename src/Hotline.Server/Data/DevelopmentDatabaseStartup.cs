using Hotline.Server.Identity;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Server.Data;

/// <summary>
/// Development only: applies migrations, seeds reference data, the demo accounts and demo data before the
/// server takes requests.
/// Runs after options validation, so a bad setting is reported first.
/// </summary>
internal sealed class DevelopmentDatabaseStartup(IServiceProvider services, ILogger<DevelopmentDatabaseStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0)
        {
            logger.LogInformation("Applying {Count} migration(s)", pending.Count);
            await DatabaseMigrator.MigrateAsync(scope.ServiceProvider, cancellationToken);
        }

        foreach (var upgrade in scope.ServiceProvider.GetServices<IDataUpgrade>())
        {
            await upgrade.UpgradeAsync(cancellationToken);
        }

        foreach (var seed in scope.ServiceProvider.GetServices<IReferenceDataSeed>())
        {
            await seed.SeedReferenceAsync(cancellationToken);
        }

        await scope.ServiceProvider.GetRequiredService<DemoAccounts>().SeedAsync(cancellationToken);
        foreach (var seed in scope.ServiceProvider.GetServices<IDemoDataSeed>())
        {
            await seed.SeedDemoAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
