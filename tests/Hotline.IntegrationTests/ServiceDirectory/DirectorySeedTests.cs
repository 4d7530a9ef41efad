using Hotline.Server.Data;
using Hotline.Server.ServiceDirectory;
using Hotline.Testing;
using Microsoft.EntityFrameworkCore;

namespace Hotline.IntegrationTests.ServiceDirectory;

/// <summary>Production gets the directory's reference data from the migrate command; never demo data.</summary>
public sealed class DirectorySeedTests
{
    [Fact]
    public async Task The_migrate_command_seeds_reference_data_once_and_no_demo_data()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await TestDatabases.CreateEmptyAsync();
        var connectionString = database.Application;
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Hotline"] = database.Application,
            ["ConnectionStrings__HotlineOwner"] = database.Owner,
        };

        var first = await ServerProcess.RunAsync(["migrate"], environment, TimeSpan.FromMinutes(3), ct);
        Assert.True(first.ExitCode == 0, first.Output);
        var seeded = await ServicesAsync(connectionString);
        var second = await ServerProcess.RunAsync(["migrate"], environment, TimeSpan.FromMinutes(3), ct);
        Assert.True(second.ExitCode == 0, second.Output);

        Assert.Equal(101, seeded.Count(s => s.Kind == ServiceKind.DepartementalCell));
        Assert.Equal(8, seeded.Count(s => s.Kind == ServiceKind.StateRepresentative));
        Assert.Single(seeded, s => s.Kind == ServiceKind.NationalTeam);
        Assert.DoesNotContain(seeded, s => s.IsDemo || s.Kind == ServiceKind.CommuneCell);
        Assert.All(seeded, s => Assert.True(s.ToComplete));
        Assert.Equal(seeded.Select(s => s.Id).Order(), (await ServicesAsync(connectionString)).Select(s => s.Id).Order());
    }

    private static async Task<List<Service>> ServicesAsync(string connectionString)
    {
        var options = new DbContextOptionsBuilder<HotlineDbContext>();
        DataExtensions.Configure(options, connectionString);
        await using var db = new HotlineDbContext(options.Options);
        return await db.DirectoryServices.AsNoTracking().Include(s => s.Areas).ToListAsync();
    }
}
