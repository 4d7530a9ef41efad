using System.Net;
using System.Net.Http.Json;
using Hotline.Testing;

namespace Hotline.IntegrationTests.Data;

/// <summary>Production never migrates or seeds at start-up: the explicit "migrate" command does the schema.</summary>
public sealed class ProductionDatabaseTests
{
    [Fact]
    public async Task Production_reports_pending_migrations_until_the_migrate_command_runs_and_seeds_no_demo_account()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await TestDatabases.CreateEmptyAsync();
        await using var app = new HotlineAppFactory { EnvironmentName = "Production" };
        app.UseDatabase(database.Application);
        using var client = app.CreateApiClient();

        using (var notReady = await client.GetAsync("/health/ready", ct))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
            Assert.Contains("migration(s) not applied", await notReady.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        }

        var migrate = await ServerProcess.RunAsync(
            ["migrate"],
            new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["ConnectionStrings__Hotline"] = database.Application,
                ["ConnectionStrings__HotlineOwner"] = database.Owner,
            },
            TimeSpan.FromMinutes(3),
            ct);

        Assert.True(migrate.ExitCode == 0, migrate.Output);
        Assert.Contains("migration(s)", migrate.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("HotlineOwner is not set", migrate.Output, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready", ct)).StatusCode);
        using var login = await client.PostAsJsonAsync("/api/auth/login", new { userName = "counsellor1", password = HotlineAppFactory.DemoPassword }, ct);
        Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
    }
}
