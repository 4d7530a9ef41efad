using System.Net;
using System.Text.Json;
using Hotline.Testing;

namespace Hotline.IntegrationTests.Hosting;

public sealed class HealthTests
{
    [Fact]
    public async Task Readiness_goes_unhealthy_while_the_database_is_stopped_and_recovers_when_it_returns()
    {
        // A cluster of its own: stopping the shared one would disturb every other test.
        await using var cluster = await PostgresCluster.StartAsync();
        await cluster.CreateDatabaseAsync("hotline");
        await TestDatabases.MigrateAsync(cluster, "hotline");
        await using var app = new HotlineAppFactory();
        app.UseDatabase(cluster.ApplicationConnectionString("hotline"));
        using var client = app.CreateApiClient();
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready", ct)).StatusCode);

        await cluster.StopServerAsync();
        using (var down = await client.GetAsync("/health/ready", ct))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
            using var report = JsonDocument.Parse(await down.Content.ReadAsStringAsync(ct));
            Assert.Equal("Unhealthy", report.RootElement.GetProperty("status").GetString());
            Assert.Equal("Database unreachable.", report.RootElement.GetProperty("checks").GetProperty("database").GetProperty("description").GetString());
        }

        // Liveness does not depend on the database.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live", ct)).StatusCode);

        await cluster.StartServerAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready", ct)).StatusCode);
    }
}
