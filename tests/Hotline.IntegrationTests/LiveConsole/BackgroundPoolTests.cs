using Hotline.IntegrationTests.Telephony;
using Hotline.Server.Calls;
using Hotline.Server.Data;
using Hotline.Server.LiveConsole;
using Hotline.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Hotline.IntegrationTests.LiveConsole;

/// <summary>
/// The live console's background work has connections of its own: when requests hold every pooled connection (a
/// webhook burst), cards are still published instead of waiting for one of them.
/// </summary>
public sealed class BackgroundPoolTests : IAsyncLifetime
{
    private readonly TwilioConsoleApp _app = new();

    public ValueTask InitializeAsync() => _app.InitializeAsync();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task A_card_is_published_while_requests_hold_every_pooled_connection()
    {
        await using var supervisor = await ConsoleClient.ConnectAsync(_app, "supervisor1");
        var sid = Twiml.NewCallSid();
        await _app.CallIntoQueueAsync(sid, "2", "13150");
        var callId = (await _app.FindCallAsync(sid))!.Id;
        await supervisor.WaitForCardAsync(callId);
        var before = supervisor.Events.Count;

        string pooled;
        await using (var scope = _app.Scope())
        {
            pooled = scope.ServiceProvider.GetRequiredService<HotlineDbContext>().Database.GetConnectionString()!;
        }

        // Npgsql pools by connection string: these are the connections the requests would use, all of them taken.
        var held = new List<NpgsqlConnection>();
        try
        {
            for (var i = 0; i < new NpgsqlConnectionStringBuilder(pooled).MaxPoolSize; i++)
            {
                var connection = new NpgsqlConnection(pooled);
                await connection.OpenAsync(TestContext.Current.CancellationToken);
                held.Add(connection);
            }

            _app.Service<QueueSignals>().CallChanged(callId);

            // Npgsql would wait 15 s for a pooled connection; the card comes in well under that.
            var republished = false;
            for (var wait = 0; wait < 50 && !republished; wait++)
            {
                await Task.Delay(100, TestContext.Current.CancellationToken);
                republished = supervisor.Events.Skip(before)
                    .Any(e => e.Name is "CallQueued" or "CallUpdated" && e.Payload is CallCard card && card.CallId == callId);
            }

            Assert.True(republished, "the card was not published within 5 s while the pool was taken");
        }
        finally
        {
            foreach (var connection in held)
            {
                await connection.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_context_goes_back_to_the_application_pool_after_background_work_even_when_it_failed()
    {
        await using var scope = _app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        var ct = TestContext.Current.CancellationToken;

        string during;
        using (db.UseBackgroundPool())
        {
            during = await ApplicationNameAsync(db, ct);
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlRawAsync("SELECT 1/0", ct));
        }

        var after = await ApplicationNameAsync(db, ct);

        Assert.EndsWith("(console)", during, StringComparison.Ordinal);
        Assert.DoesNotContain("(console)", after, StringComparison.Ordinal);
        Assert.Equal(DataExtensions.BackgroundPoolSize, new NpgsqlConnectionStringBuilder(DataExtensions.BackgroundConnectionString(db.Database.GetConnectionString()!)).MaxPoolSize);
    }

    private static async Task<string> ApplicationNameAsync(HotlineDbContext db, CancellationToken ct) =>
        (await db.Database.SqlQueryRaw<string>("SELECT current_setting('application_name') AS \"Value\"").ToListAsync(ct)).Single();
}
