using Hotline.Server.Data;
using Hotline.Server.Identity;
using Hotline.Testing;
using Microsoft.EntityFrameworkCore;

namespace Hotline.IntegrationTests.Identity;

/// <summary>Production has no demo accounts: its first admin comes from the create-admin command, once.</summary>
public sealed class FirstAdminTests
{
    [Fact]
    public async Task The_create_admin_command_makes_one_first_admin_who_must_change_the_password_and_refuses_a_second()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await TestDatabases.CreateEmptyAsync();
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Hotline"] = database.Application,
            ["ConnectionStrings__HotlineOwner"] = database.Owner,
        };
        var migrated = await ServerProcess.RunAsync(["migrate"], environment, TimeSpan.FromMinutes(3), ct);
        Assert.True(migrated.ExitCode == 0, migrated.Output);

        var invalid = await ServerProcess.RunAsync(["create-admin"], environment, TimeSpan.FromMinutes(2), ct);
        Assert.Equal(2, invalid.ExitCode);
        Assert.Contains("Usage : create-admin", invalid.Output);

        var first = await ServerProcess.RunAsync(["create-admin", "admin.ops", "Équipe exploitation"], environment, TimeSpan.FromMinutes(2), ct);
        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Matches("Mot de passe temporaire \\(affiché une seule fois\\) : \\S{12,}", first.Output);

        var second = await ServerProcess.RunAsync(["create-admin", "admin.bis"], environment, TimeSpan.FromMinutes(2), ct);
        Assert.Equal(3, second.ExitCode);
        Assert.Contains("Un administrateur actif existe déjà", second.Output);

        var options = new DbContextOptionsBuilder<HotlineDbContext>();
        DataExtensions.Configure(options, database.Application);
        await using var db = new HotlineDbContext(options.Options);
        var admin = await db.Users.AsNoTracking().SingleAsync(ct);
        Assert.Equal("admin.ops", admin.UserName);
        Assert.Equal("Équipe exploitation", admin.DisplayName);
        Assert.True(admin.MustChangePassword);
        var roles = await db.UserRoles.Where(r => r.UserId == admin.Id).Join(db.Roles, r => r.RoleId, role => role.Id, (_, role) => role.Name).ToListAsync(ct);
        Assert.Equal([Roles.Admin], roles);
        Assert.True(await db.AuditEntries.AnyAsync(e => e.EntityType == "User" && e.EntityId == admin.Id.ToString(), ct));
    }
}
