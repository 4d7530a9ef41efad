using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hotline.IntegrationTests.Telephony;
using Hotline.Server.Audit;
using Hotline.Server.Data;
using Hotline.Server.ServiceDirectory;
using Hotline.Server.Identity;
using Hotline.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Hotline.Server.Compliance;

namespace Hotline.IntegrationTests.Hosting;

/// <summary>What the admin screens need of the audit API: every filter, paging, the filtered export, and reading a legal hold.</summary>
public sealed class AuditAdminApiTests : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly HotlineAppFactory _app = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => _app.InitializeAsync();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static async Task<List<AuditEntryDto>> ListAsync(HttpClient admin, string query)
    {
        using var response = await admin.GetAsync("/api/audit/" + query, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<List<AuditEntryDto>>(Json, Ct))!;
    }

    [Fact]
    public async Task Entries_filter_by_action_outcome_login_entity_and_time_and_page_back_by_id()
    {
        using (var counsellor = await _app.SignInAsync("counsellor1"))
        using (var denied = await counsellor.GetAsync("/api/audit/", Ct))
        {
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        }

        using var admin = await _app.SignInAsync("admin");
        using var created = await admin.PostAsJsonAsync(
            "/api/directory/services", new ServiceRequest("Mairie d'Arles", "CMER d'Arles", ServiceKind.CommuneCell, Communes: ["13004"]), Json, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var service = (await created.Content.ReadFromJsonAsync<ServiceDto>(Json, Ct))!;
        using (var deactivated = await admin.PostAsync($"/api/directory/services/{service.Id}/deactivate", null, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, deactivated.StatusCode);
        }

        var creations = await ListAsync(admin, "?action=Create");
        var creation = Assert.Single(creations);
        Assert.Equal(("DirectoryService", service.Id.ToString(), "admin", AuditOutcome.Allowed), (creation.EntityType, creation.EntityId, creation.UserName, creation.Outcome));

        var ofService = await ListAsync(admin, $"?entityType=DirectoryService&entityId={service.Id}");
        Assert.Equal([AuditAction.Update, AuditAction.Create], ofService.Select(e => e.Action));
        Assert.Empty(await ListAsync(admin, $"?entityType=DirectoryService&entityId={service.Id}&action=Read"));

        var refusals = await ListAsync(admin, "?outcome=Denied");
        Assert.Equal("counsellor1", Assert.Single(refusals).UserName);

        // By login, whatever its case; an unknown login finds nothing (rather than everything).
        var byCounsellor = await ListAsync(admin, "?user=Counsellor1");
        Assert.NotEmpty(byCounsellor);
        Assert.All(byCounsellor, e => Assert.Equal("counsellor1", e.UserName));
        Assert.Empty(await ListAsync(admin, "?user=nobody"));

        // Time range: "to" excludes, "from" includes.
        var all = await ListAsync(admin, "");
        Assert.Empty(await ListAsync(admin, "?to=" + Uri.EscapeDataString(all[^1].At.ToString("O"))));
        Assert.Equal(all.Count, (await ListAsync(admin, "?from=" + Uri.EscapeDataString(all[^1].At.ToString("O")))).Count);

        // Paging: newest first, the next page starts below the last id seen, no entry twice.
        Assert.True(all.Count >= 3, $"{all.Count} entries");
        var first = await ListAsync(admin, "?take=2");
        var second = await ListAsync(admin, $"?take=2&before={first[^1].Id}");
        Assert.Equal(all.Take(4).Select(e => e.Id), first.Concat(second).Select(e => e.Id));

        // The export holds the filtered set only.
        var csv = await admin.GetStringAsync("/api/audit/export.csv?action=Create", Ct);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains($",Create,Allowed,DirectoryService,{service.Id},", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_export_keeps_a_login_that_looks_like_a_formula_as_text()
    {
        Guid userId;
        await using (var scope = _app.Scope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<HotlineUser>>();
            var user = new HotlineUser { UserName = "+mallory", DisplayName = "Mallory" };
            Assert.True((await users.CreateAsync(user)).Succeeded);
            userId = user.Id;
            var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
            db.AuditEntries.Add(new AuditEntry { At = DateTimeOffset.UtcNow, UserId = userId, Action = AuditAction.Read, EntityType = "Referral", EntityId = "-1+2" });
            await db.SaveChangesAsync(Ct);
        }

        using var admin = await _app.SignInAsync("admin");
        var csv = await admin.GetStringAsync("/api/audit/export.csv?user=%2Bmallory", Ct);

        var line = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1];
        Assert.Contains($",{userId},'+mallory,Read,Allowed,Referral,'-1+2,", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_reads_a_calls_legal_hold_before_changing_it_and_the_read_is_audited()
    {
        var callSid = Twiml.NewCallSid();
        await _app.CallIntoQueueAsync(callSid, "1", "13150");
        var id = (await _app.FindCallAsync(callSid))!.Id;
        using var admin = await _app.SignInAsync("admin");

        Assert.Equal(new LegalHoldDto(false, null), await admin.GetFromJsonAsync<LegalHoldDto>($"/api/calls/{id}/legal-hold", Json, Ct));

        using (var tooLong = await admin.PutAsJsonAsync($"/api/calls/{id}/legal-hold", new LegalHoldRequest(true, new string('x', 501)), Json, Ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
            var problem = await tooLong.Content.ReadFromJsonAsync<JsonElement>(Ct);
            Assert.True(problem.GetProperty("errors").TryGetProperty("reason", out _));
        }

        using (var hold = await admin.PutAsJsonAsync($"/api/calls/{id}/legal-hold", new LegalHoldRequest(true, "  Réquisition n° 42  "), Json, Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, hold.StatusCode);
        }

        Assert.Equal(new LegalHoldDto(true, "Réquisition n° 42"), await admin.GetFromJsonAsync<LegalHoldDto>($"/api/calls/{id}/legal-hold", Json, Ct));

        using (var release = await admin.PutAsJsonAsync($"/api/calls/{id}/legal-hold", new LegalHoldRequest(false, null), Json, Ct))
        {
            Assert.Equal(HttpStatusCode.NoContent, release.StatusCode);
        }

        Assert.Equal(new LegalHoldDto(false, null), await admin.GetFromJsonAsync<LegalHoldDto>($"/api/calls/{id}/legal-hold", Json, Ct));
        using (var unknown = await admin.GetAsync($"/api/calls/{Guid.NewGuid()}/legal-hold", Ct))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        var trail = await ListAsync(admin, $"?entityType=Call.LegalHold&entityId={id}");
        Assert.Equal(
            [AuditAction.Read, AuditAction.Update, AuditAction.Read, AuditAction.Update, AuditAction.Read],
            trail.Select(e => e.Action));
    }
}
