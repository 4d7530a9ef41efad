using Hotline.Server.Data;
using Hotline.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Hotline.IntegrationTests.Data;

/// <summary>
/// The hot webhooks' statements run without EF's query pipeline (<see cref="DirectStatements"/>): they must still take
/// part in the context's transaction and send every value as a parameter, never inside the SQL text.
/// </summary>
public sealed class DirectStatementsTests : IAsyncLifetime
{
    private readonly HotlineAppFactory _app = new();

    public ValueTask InitializeAsync() => _app.InitializeAsync();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task<long> CountOutsideAsync(string key)
    {
        await using var connection = new NpgsqlConnection(_app.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM processed_webhooks WHERE key = $1", connection) { Parameters = { new() { Value = key } } };
        return (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }

    [Fact]
    public async Task A_statement_takes_part_in_the_contexts_transaction_and_leaves_its_connection_open()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var scope = _app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        var key = "direct-" + Guid.NewGuid();

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellation))
        {
            var ids = await db.QueryIdsAsync(
                $"""INSERT INTO processed_webhooks (key, processed_at) VALUES ({key}, {DateTimeOffset.UtcNow}) RETURNING gen_random_uuid() AS "Value" """,
                cancellation);
            Assert.Single(ids);

            // Seen inside the transaction (the same connection, still open), not outside it.
            Assert.Equal(1, await db.Database.SqlQuery<int>($"""SELECT count(*)::int AS "Value" FROM processed_webhooks WHERE key = {key}""").SingleAsync(cancellation));
            Assert.Equal(0, await CountOutsideAsync(key));
            await transaction.RollbackAsync(cancellation);
        }

        Assert.Equal(0, await CountOutsideAsync(key));
    }

    [Fact]
    public async Task Values_are_parameters_whatever_they_contain_and_null_is_null()
    {
        var cancellation = TestContext.Current.CancellationToken;
        await using var scope = _app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        var id = Guid.NewGuid();
        const string hostile = "x'); DROP TABLE calls; --";
        string? nothing = null;

        var ids = await db.QueryIdsAsync(
            $"""SELECT {id} AS "Value" WHERE {hostile} = 'x''); DROP TABLE calls; --' AND COALESCE({nothing}, 'none') = 'none' AND {3} + 1 = 4""",
            cancellation);

        // Had a value been pasted into the text, the quote would have ended the string literal: a syntax error.
        Assert.Equal([id], ids);
    }
}
