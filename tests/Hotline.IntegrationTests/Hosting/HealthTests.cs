using System.Net;
using System.Text.Json;
using Hotline.Testing;

namespace Hotline.IntegrationTests.Hosting;

public sealed class HealthTests
{
    [Fact]
    public async Task Readiness_stays_up_degraded_while_the_database_is_stopped_because_the_outage_journal_answers_Twilio()
    {
        // Changed deliberately (was: 503 while the database is stopped). Every instance shares the one database, so a
        // 503 took them all out of the balancer, which then refused Twilio's webhooks that the journal would have kept.
        // A cluster of its own: stopping the shared one would disturb every other test.
        await using var cluster = await PostgresCluster.StartAsync();
        await cluster.CreateDatabaseAsync("hotline");
        await TestDatabases.MigrateAsync(cluster, "hotline");
        var journal = Path.Combine(Path.GetTempPath(), $"hotline-journal-{Guid.NewGuid():N}");
        await using var app = new HotlineAppFactory();
        app.UseDatabase(cluster.ApplicationConnectionString("hotline"));
        app.Settings["Telephony:OutageJournalPath"] = journal;
        using var client = app.CreateApiClient();
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready", ct)).StatusCode);

        await cluster.StopServerAsync();
        using (var down = await client.GetAsync("/health/ready", ct))
        {
            Assert.Equal(HttpStatusCode.OK, down.StatusCode);
            using var report = JsonDocument.Parse(await down.Content.ReadAsStringAsync(ct));
            Assert.Equal("Degraded", report.RootElement.GetProperty("status").GetString());
            var checks = report.RootElement.GetProperty("checks");
            Assert.Equal("Degraded", checks.GetProperty("database").GetProperty("status").GetString());
            Assert.Equal("Healthy", checks.GetProperty("outage-journal").GetProperty("status").GetString());
        }

        // Only a journal that cannot be written takes the instance out (a file where its folder was).
        Directory.Delete(journal, recursive: true);
        await File.WriteAllTextAsync(journal, "", ct);
        try
        {
            using var unwritable = await client.GetAsync("/health/ready", ct);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, unwritable.StatusCode);
            using var report = JsonDocument.Parse(await unwritable.Content.ReadAsStringAsync(ct));
            Assert.Equal("Unhealthy", report.RootElement.GetProperty("checks").GetProperty("outage-journal").GetProperty("status").GetString());
        }
        finally
        {
            File.Delete(journal);
            Directory.CreateDirectory(journal);
        }

        // Liveness does not depend on the database.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live", ct)).StatusCode);

        await cluster.StartServerAsync();
        using (var up = await client.GetAsync("/health/ready", ct))
        {
            Assert.Equal(HttpStatusCode.OK, up.StatusCode);
            using var report = JsonDocument.Parse(await up.Content.ReadAsStringAsync(ct));
            Assert.Equal("Healthy", report.RootElement.GetProperty("status").GetString());
        }

        Directory.Delete(journal, recursive: true);
    }
}
