using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hotline.Server.Identity;
using Hotline.Testing;

namespace Hotline.IntegrationTests.Identity;

public sealed class AuthenticationTests(HotlineAppFactory app) : IClassFixture<HotlineAppFactory>
{
    [Theory]
    [InlineData("counsellor1", "Counsellor")]
    [InlineData("supervisor1", "Supervisor")]
    [InlineData("admin", "Admin")]
    public async Task A_demo_account_signs_in_and_me_returns_its_role(string userName, string role)
    {
        using var client = app.CreateApiClient();

        using var login = await client.PostAsJsonAsync("/api/auth/login", new { userName, password = HotlineAppFactory.DemoPassword }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains(login.Headers.GetValues("Set-Cookie"), cookie =>
            cookie.StartsWith(IdentityExtensions.CookieName + "=", StringComparison.Ordinal)
            && cookie.Contains("httponly", StringComparison.OrdinalIgnoreCase)
            && cookie.Contains("samesite=strict", StringComparison.OrdinalIgnoreCase));

        var me = await client.GetFromJsonAsync<CurrentUser>("/api/auth/me", TestContext.Current.CancellationToken);
        Assert.NotNull(me);
        Assert.Equal(userName, me.UserName);
        Assert.Equal([role], me.Roles);
    }

    [Fact]
    public async Task Territories_come_back_as_scopes()
    {
        using var coordinator = await app.SignInAsync("coordinator13");
        var me = await coordinator.GetFromJsonAsync<CurrentUser>("/api/auth/me", TestContext.Current.CancellationToken);
        Assert.Equal(["13"], me!.Departements);
        Assert.Empty(me.Communes);

        using var cell = await app.SignInAsync("cmer-tarascon");
        me = await cell.GetFromJsonAsync<CurrentUser>("/api/auth/me", TestContext.Current.CancellationToken);
        Assert.Equal(["CommuneCell"], me!.Roles);
        Assert.Equal(["13108"], me.Communes);
    }

    [Theory]
    [InlineData("counsellor1", "wrong-password-123")]
    [InlineData("nobody", HotlineAppFactory.DemoPassword)]
    public async Task Wrong_credentials_get_401_problem_details_and_no_cookie(string userName, string password)
    {
        using var client = app.CreateApiClient();

        using var response = await client.PostAsJsonAsync("/api/auth/login", new { userName, password }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(401, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/auth/me", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task Missing_fields_get_a_validation_problem()
    {
        using var client = app.CreateApiClient();
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { userName = "counsellor1" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Malformed_json_gets_400_not_500()
    {
        using var client = app.CreateApiClient();
        using var content = new StringContent("{\"userName\": ", System.Text.Encoding.UTF8, "application/json");
        using var response = await client.PostAsync("/api/auth/login", content, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Five_failures_lock_the_account_even_for_the_right_password()
    {
        using var client = app.CreateApiClient();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var failed = await client.PostAsJsonAsync("/api/auth/login", new { userName = "counsellor2", password = "not-the-password-1" }, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);
        }

        using var locked = await client.PostAsJsonAsync("/api/auth/login", new { userName = "counsellor2", password = HotlineAppFactory.DemoPassword }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, locked.StatusCode);
    }

    [Fact]
    public async Task Logout_ends_the_session()
    {
        using var client = await app.SignInAsync("supervisor1");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/auth/me", TestContext.Current.CancellationToken)).StatusCode);

        using var logout = await client.PostAsync("/api/auth/logout", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/auth/me", TestContext.Current.CancellationToken)).StatusCode);
    }
}
