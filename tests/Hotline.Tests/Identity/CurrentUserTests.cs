using System.Security.Claims;
using Hotline.Server.Identity;

namespace Hotline.Tests.Identity;

public sealed class CurrentUserTests
{
    [Fact]
    public void Roles_and_territories_are_read_from_claims_and_sorted()
    {
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.Name, "coordinator"),
            new Claim(ClaimTypes.Role, Roles.Supervisor),
            new Claim(ClaimTypes.Role, Roles.Coordinator),
            new Claim(HotlineClaims.Departement, "2B"),
            new Claim(HotlineClaims.Departement, "13"),
            new Claim(HotlineClaims.Commune, "13108"),
        ], "test"));

        var user = CurrentUser.From(principal);

        Assert.Equal("coordinator", user.UserName);
        Assert.Equal("coordinator", user.DisplayName);
        Assert.Equal([Roles.Coordinator, Roles.Supervisor], user.Roles);
        Assert.Equal(["13", "2B"], user.Departements);
        Assert.Equal(["13108"], user.Communes);
    }

    [Fact]
    public void Demo_accounts_cover_every_role_with_the_expected_territories()
    {
        Assert.Equal(Roles.All.Order(), DemoAccounts.All.Select(account => account.Role).Distinct().Order());
        Assert.Equal("13", DemoAccounts.All.Single(a => a.UserName == "coordinator13").Departement);
        Assert.Equal("84", DemoAccounts.All.Single(a => a.UserName == "coordinator84").Departement);
        Assert.Equal("13108", DemoAccounts.All.Single(a => a.UserName == "cmer-tarascon").Commune);
    }
}
