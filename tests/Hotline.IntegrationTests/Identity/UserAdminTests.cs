using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hotline.Server.Audit;
using Hotline.Server.LiveConsole;
using Hotline.Server.Data;
using Hotline.Server.Identity;
using Hotline.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.IntegrationTests.Identity;

public sealed class UserAdminTests(HotlineAppFactory app) : IClassFixture<HotlineAppFactory>
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Changing_a_coordinators_territory_signs_them_out_everywhere_at_once_and_is_audited()
    {
        using var admin = await app.SignInAsync("admin");
        var adminId = (await admin.GetFromJsonAsync<List<UserSummary>>("/api/admin/users?search=admin", Ct))!.Single(u => u.UserName == "admin").Id;
        var user = await app.CreateReadyUserAsync(admin, Roles.Coordinator, departements: ["84"]);
        using var coordinator = await app.SignInAsync(user.UserName, user.Password);
        var me = (await coordinator.GetFromJsonAsync<CurrentUser>("/api/auth/me", Ct))!;
        Assert.Equal(["Coordinator"], me.Roles);
        Assert.Equal(["84"], me.Departements);
        Assert.Equal(HttpStatusCode.OK, (await coordinator.GetAsync("/api/referrals/", Ct)).StatusCode);
        await using var console = await ConsoleClient.ConnectWithCookieAsync(app, await app.SignInCookieAsync(user.UserName, user.Password));
        await console.WaitForAsync<ConsoleSnapshot>("Snapshot");
        Assert.Equal(1, app.Service<HubSessions>().CountOf(user.Id));

        using var update = await admin.PutAsJsonAsync($"/api/admin/users/{user.Id}", new
        {
            displayName = "Test Coordinator",
            roles = new[] { Roles.Coordinator },
            departements = new List<string> { "13" },
            communes = Array.Empty<string>(),
        }, Ct);
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        Assert.Equal(["13"], (await update.Content.ReadFromJsonAsync<UserSummary>(Ct))!.Departements);

        // The very next request of the old cookie is refused, and the hub connection is closed:
        // no referral event of the old territory reaches it.
        Assert.Equal(HttpStatusCode.Unauthorized, (await coordinator.GetAsync("/api/referrals/", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await coordinator.GetAsync("/api/auth/me", Ct)).StatusCode);
        for (var wait = 0; wait < 100 && !console.Received("Closed"); wait++)
        {
            await Task.Delay(100, Ct);
        }

        Assert.True(console.Received("Closed"));
        Assert.Equal(0, app.Service<HubSessions>().CountOf(user.Id));

        // Signing in again gives the new territory.
        using var again = await app.SignInAsync(user.UserName, user.Password);
        Assert.Equal(["13"], (await again.GetFromJsonAsync<CurrentUser>("/api/auth/me", Ct))!.Departements);

        var entries = await AuditOfAsync(user.Id);
        Assert.Contains(entries, e => e.EntityType == "User" && e.Action == AuditAction.Create && e.UserId == adminId);
        Assert.Single(entries, e => e.EntityType == "User.Territories" && e.Action == AuditAction.Update && e.UserId == adminId);
        Assert.DoesNotContain(entries, e => e.EntityType == "User.Roles");
    }

    [Fact]
    public async Task A_revocation_made_by_another_instance_closes_this_instances_hub_connections_within_the_sweep_interval()
    {
        using var admin = await app.SignInAsync("admin");
        var user = await app.CreateReadyUserAsync(admin, Roles.Coordinator, departements: ["84"]);
        await using var console = await ConsoleClient.ConnectWithCookieAsync(app, await app.SignInCookieAsync(user.UserName, user.Password));
        await console.WaitForAsync<ConsoleSnapshot>("Snapshot");

        // As another instance would: the stamp changes in the database, nothing is said to this instance.
        await using (var scope = app.Scope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<HotlineUser>>();
            await users.UpdateSecurityStampAsync((await users.FindByIdAsync(user.Id.ToString()))!);
        }

        var started = DateTime.UtcNow;
        while (!console.Received("Closed") && DateTime.UtcNow - started < HubSessionSweep.Interval * 3)
        {
            await Task.Delay(100, Ct);
        }

        Assert.True(console.Received("Closed"));
        Assert.Equal(0, app.Service<HubSessions>().CountOf(user.Id));
    }

    [Fact]
    public async Task Admins_create_commune_cell_members_and_list_and_search_users()
    {
        using var admin = await app.SignInAsync("admin");
        using var created = await admin.PostAsJsonAsync("/api/admin/users", new
        {
            userName = "cmer-arles-test",
            displayName = "CMER d’Arles",
            roles = new[] { Roles.CommuneCell },
            communes = new List<string> { "13004" },
            password = "Chosen-Password-2026",
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = (await created.Content.ReadFromJsonAsync<CreatedUser>(Ct))!;
        Assert.Null(body.TemporaryPassword);
        Assert.Equal(["13004"], body.User.Communes);
        Assert.Equal($"/api/admin/users/{body.User.Id}", created.Headers.Location?.OriginalString);

        var found = (await admin.GetFromJsonAsync<List<UserSummary>>("/api/admin/users?search=arles", Ct))!;
        Assert.Equal(["cmer-arles-test"], found.Select(u => u.UserName));
        var cells = (await admin.GetFromJsonAsync<List<UserSummary>>($"/api/admin/users?role={Roles.CommuneCell}", Ct))!;
        Assert.Contains(cells, u => u.UserName == "cmer-tarascon");
        Assert.All(cells, u => Assert.Contains(Roles.CommuneCell, u.Roles));
        Assert.Equal("cmer-arles-test", (await admin.GetFromJsonAsync<UserSummary>($"/api/admin/users/{body.User.Id}", Ct))!.UserName);

        // A password the admin chose is temporary too: the user must replace it first.
        Assert.True(body.User.MustChangePassword);
        using var cell = await app.SignInAsync("cmer-arles-test", "Chosen-Password-2026");
        var me = (await cell.GetFromJsonAsync<CurrentUser>("/api/auth/me", Ct))!;
        Assert.Equal(["13004"], me.Communes);
        Assert.True(me.PasswordChangeRequired);

        using var duplicate = await admin.PostAsJsonAsync("/api/admin/users", new
        {
            userName = "cmer-arles-test",
            displayName = "Again",
            roles = new[] { Roles.Counsellor },
        }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        Assert.True((await ErrorsAsync(duplicate)).ContainsKey("userName"));
    }

    [Theory]
    [InlineData("""{"userName":"coord-x","displayName":"X","roles":["Coordinator"],"departements":["99"]}""", "departements")]
    [InlineData("""{"userName":"coord-x","displayName":"X","roles":["Coordinator"],"departements":[]}""", "departements")]
    [InlineData("""{"userName":"cell-x","displayName":"X","roles":["CommuneCell"],"communes":["13999"]}""", "communes")]
    [InlineData("""{"userName":"cell-x","displayName":"X","roles":["CommuneCell"],"communes":["13004"],"departements":["13"]}""", "departements")]
    [InlineData("""{"userName":"couns-x","displayName":"X","roles":["Counsellor"],"communes":["13004"]}""", "communes")]
    [InlineData("""{"userName":"couns-x","displayName":"X","roles":["Root"]}""", "roles")]
    [InlineData("""{"userName":"couns-x","displayName":"X","roles":[]}""", "roles")]
    [InlineData("""{"userName":"Bad Name!","displayName":"X","roles":["Counsellor"]}""", "userName")]
    [InlineData("""{"userName":"couns-x","displayName":" ","roles":["Counsellor"]}""", "displayName")]
    [InlineData("""{"userName":"couns-x","displayName":"X","roles":["Counsellor"],"password":"short"}""", "password")]
    public async Task Invalid_accounts_get_400_problem_details_naming_the_field(string json, string field)
    {
        using var admin = await app.SignInAsync("admin");
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await admin.PostAsync("/api/admin/users", content, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await ErrorsAsync(response)).ContainsKey(field), await response.Content.ReadAsStringAsync(Ct));
        await using var scope = app.Scope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<HotlineDbContext>().Users.AnyAsync(u => u.UserName == "coord-x" || u.UserName == "cell-x" || u.UserName == "couns-x", Ct));
    }

    [Fact]
    public async Task An_invalid_territory_on_update_changes_nothing()
    {
        using var admin = await app.SignInAsync("admin");
        var user = await app.CreateReadyUserAsync(admin, Roles.Coordinator, departements: ["84"]);
        using var coordinator = await app.SignInAsync(user.UserName, user.Password);

        using var update = await admin.PutAsJsonAsync($"/api/admin/users/{user.Id}", new
        {
            displayName = "X",
            roles = new[] { Roles.Coordinator },
            departements = new List<string> { "84", "100" },
        }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, update.StatusCode);
        Assert.Contains("100", (await ErrorsAsync(update))["departements"][0], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await coordinator.GetAsync("/api/auth/me", Ct)).StatusCode);
        Assert.Equal(["84"], (await admin.GetFromJsonAsync<UserSummary>($"/api/admin/users/{user.Id}", Ct))!.Departements);
    }

    [Theory]
    [InlineData("counsellor1")]
    [InlineData("coordinator13")]
    [InlineData("supervisor1")]
    public async Task Non_admins_get_403_on_user_administration(string userName)
    {
        using var client = await app.SignInAsync(userName);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/admin/users", Ct)).StatusCode);
        using var create = await client.PostAsJsonAsync("/api/admin/users", new { userName = "intruder", displayName = "I", roles = new[] { Roles.Admin } }, Ct);
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        await using var scope = app.Scope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<HotlineDbContext>().Users.AnyAsync(u => u.UserName == "intruder", Ct));
    }

    [Fact]
    public async Task Lock_unlock_password_and_mfa_resets_sign_the_user_out_and_are_audited()
    {
        using var admin = await app.SignInAsync("admin");
        var user = await app.CreateReadyUserAsync(admin, Roles.Supervisor);

        // Lock: the session ends, the password no longer signs in.
        using (var session = await app.SignInAsync(user.UserName, user.Password))
        {
            Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/admin/users/{user.Id}/lock", null, Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await session.GetAsync("/api/auth/me", Ct)).StatusCode);
        }

        Assert.True((await admin.GetFromJsonAsync<UserSummary>($"/api/admin/users/{user.Id}", Ct))!.Locked);
        await Assert.ThrowsAsync<InvalidOperationException>(() => app.SignInAsync(user.UserName, user.Password));
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/admin/users/{user.Id}/unlock", null, Ct)).StatusCode);
        Assert.False((await admin.GetFromJsonAsync<UserSummary>($"/api/admin/users/{user.Id}", Ct))!.Locked);

        // MFA reset: the user lost their phone; they sign in with the password alone and enrol again.
        using (var session = await app.SignInAsync(user.UserName, user.Password))
        {
            await session.EnrolAsync();
            Assert.True((await admin.GetFromJsonAsync<UserSummary>($"/api/admin/users/{user.Id}", Ct))!.MfaEnabled);
            Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/admin/users/{user.Id}/mfa/reset", null, Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await session.GetAsync("/api/auth/me", Ct)).StatusCode);
        }

        Assert.False((await admin.GetFromJsonAsync<UserSummary>($"/api/admin/users/{user.Id}", Ct))!.MfaEnabled);

        // A generated temporary password, shown once; the old one stops working, and so does the session.
        string temporary;
        using (var session = await app.SignInAsync(user.UserName, user.Password))
        {
            using var reset = await admin.PostAsJsonAsync($"/api/admin/users/{user.Id}/password", new { }, Ct);
            Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
            temporary = (await reset.Content.ReadFromJsonAsync<PasswordSet>(Ct))!.TemporaryPassword!;
            Assert.Equal(HttpStatusCode.Unauthorized, (await session.GetAsync("/api/auth/me", Ct)).StatusCode);
        }

        await Assert.ThrowsAsync<InvalidOperationException>(() => app.SignInAsync(user.UserName, user.Password));
        using (await app.SignInAsync(user.UserName, temporary))
        {
        }

        using (var weak = await admin.PostAsJsonAsync($"/api/admin/users/{user.Id}/password", new { password = "weak" }, Ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
            Assert.True((await ErrorsAsync(weak)).ContainsKey("password"));
        }

        var types = (await AuditOfAsync(user.Id)).Select(e => e.EntityType).ToList();
        Assert.Equal(1, types.Count(t => t == "User.Lock"));
        Assert.Equal(1, types.Count(t => t == "User.Unlock"));
        // One by the user (enrolment), one by the admin (reset).
        Assert.Equal(2, types.Count(t => t == "User.Mfa"));
        // One by the user (replacing the temporary password of their creation), one by the admin (reset).
        Assert.Equal(2, types.Count(t => t == "User.Password"));
    }

    [Fact]
    public async Task An_admin_cannot_lock_themselves_or_drop_their_own_admin_role()
    {
        using var admin = await app.SignInAsync("admin");
        var self = (await admin.GetFromJsonAsync<List<UserSummary>>("/api/admin/users?search=admin", Ct))!.Single(u => u.UserName == "admin");

        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync($"/api/admin/users/{self.Id}/lock", null, Ct)).StatusCode);
        using var demote = await admin.PutAsJsonAsync($"/api/admin/users/{self.Id}", new { displayName = "Administration", roles = new[] { Roles.Counsellor } }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, demote.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/admin/users", Ct)).StatusCode);
    }

    [Fact]
    public async Task Unknown_users_get_404()
    {
        using var admin = await app.SignInAsync("admin");
        var id = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/admin/users/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync($"/api/admin/users/{id}/lock", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync($"/api/admin/users/{id}", new { displayName = "X", roles = new[] { Roles.Counsellor } }, Ct)).StatusCode);
    }

    private async Task<List<AuditEntry>> AuditOfAsync(Guid userId)
    {
        await using var scope = app.Scope();
        var id = userId.ToString();
        return await scope.ServiceProvider.GetRequiredService<HotlineDbContext>().AuditEntries.AsNoTracking()
            .Where(e => e.EntityId == id).ToListAsync(Ct);
    }

    private static async Task<Dictionary<string, string[]>> ErrorsAsync(HttpResponseMessage response)
    {
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.GetProperty("errors").Deserialize<Dictionary<string, string[]>>()!;
    }
}
