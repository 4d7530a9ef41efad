using Hotline.Server.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Options;

namespace Hotline.Server.Data;

public static class DataExtensions
{
    public const string ConnectionStringName = "Hotline";
    public const string OwnerConnectionStringName = "HotlineOwner";

    public static WebApplicationBuilder AddData(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DataOptions>()
            .Configure<IConfiguration>((options, configuration) =>
            {
                options.ConnectionString = configuration.GetConnectionString(ConnectionStringName);
                options.OwnerConnectionString = configuration.GetConnectionString(OwnerConnectionStringName) is { Length: > 0 } owner ? owner : null;
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // Pooled: a webhook or a hub call reuses a context instead of building one (its services, its state manager).
        builder.Services.AddDbContextPool<HotlineDbContext>((services, options) =>
        {
            Configure(options, services.GetRequiredService<IOptions<DataOptions>>().Value.ConnectionString!);
            // Features observe saves through EF interceptors they register (Calls: the wait-time metric).
            options.AddInterceptors(services.GetServices<IInterceptor>());
        });

        // Keys in the database: every instance reads the same ring (cookies, encrypted fields),
        // encrypted at rest with a certificate outside Development.
        builder.Services.AddDataProtection()
            .SetApplicationName("Hotline")
            .PersistKeysToDbContext<HotlineDbContext>()
            .ProtectKeyRing(builder);

        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseReadyCheck>("database", tags: [HealthEndpoints.ReadyTag], timeout: TimeSpan.FromSeconds(5));

        // Development brings its database up to date at start-up; production runs "migrate" explicitly.
        if (builder.Environment.IsDevelopment())
        {
            builder.Services.AddHostedService<DevelopmentDatabaseStartup>();
        }

        return builder;
    }

    internal static void Configure(DbContextOptionsBuilder options, string connectionString)
    {
        options
            .UseNpgsql(WithoutSessionReset(connectionString), npgsql => npgsql.MigrationsHistoryTable("ef_migrations_history"))
            .UseSnakeCaseNamingConvention();
    }

    /// <summary>
    /// No code of ours leaves session state on a connection (no SET, LISTEN, temporary table or prepared statement
    /// by hand), so a connection going back to the pool is not reset: otherwise every query of a request opens with a
    /// DISCARD ALL that PostgreSQL executes (measured: as many DISCARD ALL as queries under webhook load).
    /// </summary>
    internal static string WithoutSessionReset(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true };
        if (!HasPoolSize(connectionString))
        {
            builder.MaxPoolSize = DefaultMaxPoolSize;
        }

        if (!HasKey(connectionString, "MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        return builder.ConnectionString;
    }

    /// <summary>
    /// Unless the connection string says otherwise ("Maximum Pool Size"), an instance uses at most this many connections.
    /// Npgsql's own default (100) is PostgreSQL's default max_connections: one busy instance would take every connection.
    /// And more connections are not more throughput: each statement holds its connection for a millisecond or less, and
    /// past a few busy backends per database core PostgreSQL spends its CPU contending with itself. Measured with
    /// bench-webhooks on two cores: 10 against 40 cut PostgreSQL's CPU per enqueued call by a third and the webhooks' p99
    /// under 50 ms (docs/performance.md). A database with more cores may take more (about 2-4 per core, all instances).
    /// </summary>
    public const int DefaultMaxPoolSize = 10;

    /// <summary>
    /// The statements run most often (each webhook's, the card, the dispatcher's) are prepared on each connection after
    /// their second use: PostgreSQL then skips parsing and, for most of them, planning (measured with
    /// pg_stat_statements under bench-webhooks: planning was 20-60 % of each statement's own time).
    /// </summary>
    public const int DefaultMaxAutoPrepare = 64;

    /// <summary>Connections of the live console's background work (<see cref="UseBackgroundPool"/>), on top of the pool.</summary>
    public const int BackgroundPoolSize = 2;

    /// <summary>
    /// Moves a scope's context to a small pool of its own until disposed: the live console's background work (publishing
    /// cards, offering waiting calls) then never queues for a connection behind the webhooks. Under a webhook burst every
    /// pooled connection is taken and 20 or more requests wait for one; the card publisher waited with them, for 20 to
    /// 45 ms per round trip (measured under bench-webhooks, docs/performance.md). Npgsql pools by connection string, so
    /// another application name is another pool. The context goes back to its own string before it returns to the pool.
    /// </summary>
    public static IDisposable UseBackgroundPool(this HotlineDbContext db)
    {
        var original = db.Database.GetConnectionString()
            ?? throw new InvalidOperationException("The context has no connection string to derive the background pool's from.");
        db.Database.SetConnectionString(BackgroundConnectionString(original));
        return new ConnectionStringRestore(db, original);
    }

    /// <summary>Derived once per connection string, not parsed again at every dispatcher pass and published batch.</summary>
    internal static string BackgroundConnectionString(string connectionString) =>
        BackgroundConnectionStrings.GetOrAdd(connectionString, static original =>
        {
            var builder = new Npgsql.NpgsqlConnectionStringBuilder(original) { MaxPoolSize = BackgroundPoolSize };
            builder.ApplicationName = $"{builder.ApplicationName ?? "hotline"} (console)";
            return builder.ConnectionString;
        });

    // One entry per database the process serves: one in production, one per test server in a test run.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> BackgroundConnectionStrings = new(StringComparer.Ordinal);

    private sealed class ConnectionStringRestore(HotlineDbContext db, string original) : IDisposable
    {
        public void Dispose()
        {
            // Closed first: a connection string cannot change under an open connection (a transaction left by an exception).
            db.Database.CloseConnection();
            db.Database.SetConnectionString(original);
        }
    }

    private static bool HasKey(string connectionString, string key) =>
        new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Any(k => k.Replace(" ", "", StringComparison.Ordinal).Equals(key, StringComparison.OrdinalIgnoreCase));

    private static bool HasPoolSize(string connectionString) =>
        HasKey(connectionString, "MaximumPoolSize") || HasKey(connectionString, "MaxPoolSize");

    /// <summary>The <c>migrate</c> command: applies pending migrations, seeds reference data and exits.</summary>
    public static async Task<int> MigrateDatabaseAsync(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DataExtensions));
        try
        {
            await using var scope = app.Services.CreateAsyncScope();
            var outcome = await DatabaseMigrator.MigrateAsync(scope.ServiceProvider, CancellationToken.None);
            logger.LogInformation("Applied {Count} migration(s): {Migrations}", outcome.Applied.Count, outcome.Applied);
            if (outcome.ApplicationRole is null)
            {
                logger.LogWarning("ConnectionStrings:HotlineOwner is not set (or names the same role): the server connects as the owner of the schema, "
                    + "so the database cannot keep it from editing the audit trail. See README, Production.");
            }

            foreach (var upgrade in scope.ServiceProvider.GetServices<IDataUpgrade>())
            {
                await upgrade.UpgradeAsync(CancellationToken.None);
            }

            // Reference data belongs with the schema: a new version's data is there before it serves.
            foreach (var seed in scope.ServiceProvider.GetServices<IReferenceDataSeed>())
            {
                await seed.SeedReferenceAsync(CancellationToken.None);
            }

            return 0;
        }
        catch (Exception exception) when (exception is OptionsValidationException or Npgsql.NpgsqlException or InvalidOperationException)
        {
            logger.LogCritical(exception, "Migration failed");
            return 1;
        }
    }
}
