using Hotline.Server.Audit;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Hotline.Server.Data;

/// <summary>
/// Two roles. The owner role owns the schema: migrations run as it, and so does the audit purge (a SECURITY
/// DEFINER function). The application role, the one the server connects with, may read and write rows and
/// nothing more: no DDL (so it cannot disable a trigger), no UPDATE, DELETE or TRUNCATE on the audit trail, no
/// write to the stored audit retention. The grants are applied after every migration, so a new table is
/// covered by the next <c>migrate</c>.
/// </summary>
public static class DatabaseMigrator
{
    public sealed record Outcome(IReadOnlyList<string> Applied, string? ApplicationRole);

    /// <summary>
    /// Migrates as the owner, grants the application role what it needs (when it is another role) and stores
    /// the audit retention the purge function applies.
    /// </summary>
    public static async Task<Outcome> MigrateAsync(string ownerConnectionString, string applicationConnectionString, TimeSpan auditRetention, CancellationToken cancellationToken)
    {
        var options = new DbContextOptionsBuilder<HotlineDbContext>();
        DataExtensions.Configure(options, ownerConnectionString);
        await using var db = new HotlineDbContext(options.Options);
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await db.Database.MigrateAsync(cancellationToken);

        var owner = new NpgsqlConnectionStringBuilder(ownerConnectionString).Username;
        var application = new NpgsqlConnectionStringBuilder(applicationConnectionString).Username;
        var separateRole = application is { Length: > 0 } && !string.Equals(owner, application, StringComparison.Ordinal);
        await using var connection = new NpgsqlConnection(ownerConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var retention = new NpgsqlCommand("UPDATE audit_settings SET retention = @retention", connection))
        {
            retention.Parameters.AddWithValue("retention", auditRetention);
            await retention.ExecuteNonQueryAsync(cancellationToken);
        }

        // The name search's copy of the official geography (Geography.CommuneSearch), refreshed with a new vintage.
        await Geography.CommuneSearch.RefreshAsync(connection, Geography.GeographyCatalog.Shared, cancellationToken);

        if (separateRole)
        {
            await using var grants = new NpgsqlCommand(GrantsTo(Quote(application!)), connection);
            await grants.ExecuteNonQueryAsync(cancellationToken);
        }

        return new Outcome(pending, separateRole ? application : null);
    }

    /// <summary>Idempotent; run as the owner of the tables.</summary>
    private static string GrantsTo(string role) => $"""
        REVOKE CREATE ON SCHEMA public FROM PUBLIC;
        GRANT USAGE ON SCHEMA public TO {role};
        GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role};
        GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {role};
        REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_entries FROM {role};
        REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_settings, ef_migrations_history, commune_search FROM {role};
        GRANT EXECUTE ON FUNCTION audit_purge() TO {role};
        """;

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    internal static async Task<Outcome> MigrateAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var data = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DataOptions>>().Value;
        var audit = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuditOptions>>().Value;
        return await MigrateAsync(data.OwnerConnectionString ?? data.ConnectionString!, data.ConnectionString!, audit.Retention, cancellationToken);
    }
}
