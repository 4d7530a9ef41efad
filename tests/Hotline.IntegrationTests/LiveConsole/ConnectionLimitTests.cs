using Hotline.Server.Data;
using Hotline.Server.Identity;
using Hotline.Server.LiveConsole;
using Hotline.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Hotline.IntegrationTests.LiveConsole;

public sealed class TwoConnectionsApp : HotlineAppFactory
{
    public TwoConnectionsApp() => Settings["Console:MaxConnectionsPerUser"] = "2";
}

/// <summary>One user cannot hold hundreds of hub connections, and one instance cannot take every database connection.</summary>
public sealed class ConnectionLimitTests(TwoConnectionsApp app) : IClassFixture<TwoConnectionsApp>
{
    [Fact]
    public async Task A_connection_beyond_the_per_user_cap_closes_the_users_oldest_one()
    {
        var cookie = await app.SignInCookieAsync("counsellor1");
        await using var first = await ConsoleClient.ConnectWithCookieAsync(app, cookie);
        await first.WaitForAsync<ConsoleSnapshot>("Snapshot");
        await using var second = await ConsoleClient.ConnectWithCookieAsync(app, cookie);
        await second.WaitForAsync<ConsoleSnapshot>("Snapshot");
        var userId = (await second.SnapshotAsync()).Me.UserId;
        await using var other = await ConsoleClient.ConnectAsync(app, "counsellor2");

        await using var third = await ConsoleClient.ConnectWithCookieAsync(app, cookie);
        await third.WaitForAsync<ConsoleSnapshot>("Snapshot");

        for (var wait = 0; wait < 100 && !first.Received("Closed"); wait++)
        {
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        Assert.True(first.Received("Closed"));
        Assert.Equal(2, app.Service<HubSessions>().CountOf(userId));
        Assert.False(second.Received("Closed"), string.Join(" | ", second.Events.Select(e => $"{e.Name} {e.Payload}")));
        Assert.False(other.Received("Closed"));
    }

    [Fact]
    public async Task The_database_pool_stays_below_postgresqls_default_max_connections()
    {
        await using var scope = app.Scope();
        var connectionString = scope.ServiceProvider.GetRequiredService<HotlineDbContext>().Database.GetConnectionString()!;

        var pool = new NpgsqlConnectionStringBuilder(connectionString).MaxPoolSize;

        Assert.True(pool <= 100 - 20, $"pool {pool}: no room left for administration under max_connections = 100");
    }
}
