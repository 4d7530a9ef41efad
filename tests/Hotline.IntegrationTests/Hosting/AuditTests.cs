using System.Net;
using System.Net.Http.Json;
using Hotline.Server.Audit;
using Hotline.Server.Compliance;
using Hotline.Server.Data;
using Hotline.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.IntegrationTests.Hosting;

public sealed class AuditTests : IAsyncLifetime
{
    private readonly HotlineAppFactory _app = new();

    public ValueTask InitializeAsync() => _app.InitializeAsync();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task<List<AuditEntry>> EntriesAsync()
    {
        await using var scope = _app.Scope();
        return await scope.ServiceProvider.GetRequiredService<HotlineDbContext>().AuditEntries.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
    }

    [Fact]
    public async Task A_forbidden_read_is_audited_as_denied_without_personal_data()
    {
        using var counsellor = await _app.SignInAsync("counsellor1");

        using var response = await counsellor.GetAsync("/api/audit/", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var denied = Assert.Single(await EntriesAsync(), e => e.Outcome == AuditOutcome.Denied);
        Assert.Equal(AuditAction.Read, denied.Action);
        Assert.StartsWith("/api/audit", denied.EntityType, StringComparison.Ordinal);
        Assert.NotNull(denied.UserId);
    }

    [Fact]
    public async Task Repeated_reads_of_one_record_by_one_user_within_a_minute_are_written_once_then_counted()
    {
        using var counsellor = await _app.SignInAsync("counsellor1");
        for (var i = 0; i < 10; i++)
        {
            using (await counsellor.GetAsync("/api/audit/", TestContext.Current.CancellationToken))
            {
            }
        }

        Assert.Single(await EntriesAsync(), e => e.EntityType == "/api/audit/");

        await _app.Services.GetRequiredService<AuditReadFlush>().FlushAsync(all: true, TestContext.Current.CancellationToken);
        var reads = (await EntriesAsync()).Where(e => e.EntityType == "/api/audit/").ToList();
        Assert.Equal(2, reads.Count);
        Assert.Equal([1, 9], reads.Select(e => e.Count));
    }

    [Fact]
    public async Task The_daily_purge_removes_only_entries_past_the_stored_retention()
    {
        using (var counsellor = await _app.SignInAsync("counsellor1"))
        using (await counsellor.GetAsync("/api/audit/", TestContext.Current.CancellationToken))
        {
        }

        await using (var scope = _app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
            db.AuditEntries.Add(new AuditEntry { At = DateTimeOffset.UtcNow.AddDays(-366), Action = AuditAction.Read, EntityType = "Call", EntityId = "old" });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var scopes = _app.Services.GetRequiredService<IServiceScopeFactory>();
        Assert.Equal(1, await AuditPurge.PurgeAsync(scopes, TestContext.Current.CancellationToken));
        Assert.Equal(0, await AuditPurge.PurgeAsync(scopes, TestContext.Current.CancellationToken));
        Assert.DoesNotContain(await EntriesAsync(), e => e.EntityId == "old");
        Assert.Contains(await EntriesAsync(), e => e.Outcome == AuditOutcome.Denied);
    }

    [Fact]
    public async Task An_admin_lists_filters_and_exports_and_the_export_is_audited()
    {
        using (var counsellor = await _app.SignInAsync("counsellor1"))
        using (await counsellor.GetAsync("/api/audit/", TestContext.Current.CancellationToken))
        {
        }

        using var admin = await _app.SignInAsync("admin");
        var json = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };
        var entries = await admin.GetFromJsonAsync<List<AuditEntryDto>>("/api/audit/?entityType=%2Fapi%2Faudit%2F", json, TestContext.Current.CancellationToken);
        var entry = Assert.Single(entries!);
        Assert.Equal("counsellor1", entry.UserName);

        var csv = await admin.GetStringAsync("/api/audit/export.csv", TestContext.Current.CancellationToken);
        Assert.StartsWith("id,at,user_id,user_name,action,outcome,entity_type,entity_id,address,count", csv, StringComparison.Ordinal);
        Assert.Contains("counsellor1,Read,Denied", csv, StringComparison.Ordinal);
        Assert.Contains(await EntriesAsync(), e => e.Action == AuditAction.Export);
    }
}
