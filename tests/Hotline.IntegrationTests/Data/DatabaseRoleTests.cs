using Hotline.Testing;
using Npgsql;

namespace Hotline.IntegrationTests.Data;

/// <summary>
/// The database itself enforces the audit trail: the server's own role (the connection string it runs with)
/// cannot change, remove or hide entries, whatever SQL it sends.
/// </summary>
public sealed class DatabaseRoleTests : IAsyncLifetime
{
    private readonly HotlineAppFactory _app = new();

    public ValueTask InitializeAsync() => _app.InitializeAsync();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_app.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task SeedEntriesAsync() =>
        await ScalarAsync("""
            INSERT INTO audit_entries (at, action, outcome, entity_type, entity_id) VALUES
                (now(), 'Read', 'Allowed', 'Call', '1'),
                (now() - interval '10 days', 'Read', 'Allowed', 'Call', '2');
            SELECT count(*) FROM audit_entries;
            """);

    [Fact]
    public async Task The_application_role_is_neither_superuser_nor_owner()
    {
        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM pg_roles WHERE rolname = current_user AND (rolsuper OR rolcreaterole OR rolcreatedb OR rolbypassrls)"));
        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner = current_user"));
        var ddl = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync("CREATE TABLE intruder (id int)"));
        Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, ddl.SqlState);
    }

    [Theory]
    [InlineData("UPDATE audit_entries SET entity_id = 'x'")]
    [InlineData("DELETE FROM audit_entries")]
    [InlineData("TRUNCATE audit_entries")]
    [InlineData("BEGIN; SET LOCAL hotline.audit_purge = 'on'; DELETE FROM audit_entries; COMMIT")]
    [InlineData("ALTER TABLE audit_entries DISABLE TRIGGER ALL")]
    [InlineData("ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_append_only")]
    [InlineData("SET session_replication_role = replica")]
    [InlineData("SELECT audit_purge(now() + interval '1 day')")]
    [InlineData("UPDATE audit_settings SET retention = interval '0'")]
    public async Task The_application_role_cannot_change_or_remove_audit_entries(string sql)
    {
        await SeedEntriesAsync();

        var refused = await Assert.ThrowsAsync<PostgresException>(() => ScalarAsync(sql));

        Assert.True(refused.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.UndefinedFunction, refused.SqlState + " " + refused.MessageText);
        Assert.Equal(2, await ScalarAsync("SELECT count(*) FROM audit_entries WHERE entity_id IN ('1', '2')"));
    }

    [Fact]
    public async Task The_purge_removes_only_entries_past_the_retention_it_stores()
    {
        await SeedEntriesAsync();
        await ScalarAsync("INSERT INTO audit_entries (at, action, outcome, entity_type, entity_id) VALUES (now() - interval '400 days', 'Read', 'Allowed', 'Call', '3'); SELECT 0");

        Assert.Equal(1, await ScalarAsync("SELECT audit_purge()"));

        Assert.Equal(2, await ScalarAsync("SELECT count(*) FROM audit_entries"));
        Assert.Equal(0, await ScalarAsync("SELECT audit_purge()"));
    }
}
