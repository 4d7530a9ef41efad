using System.Net;
using System.Text.Json;
using Hotline.Server.Triage;
using Hotline.Testing;

namespace Hotline.IntegrationTests.Triage;

/// <summary>Two tabs, or a counsellor and a supervisor, saving the same triage: a stale save is refused with what to merge.</summary>
public sealed class ConcurrentEditTests(HotlineAppFactory app) : IClassFixture<HotlineAppFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_save_from_a_stale_revision_is_refused_with_409_the_current_triage_and_the_fields_that_differ_and_nothing_is_saved()
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        var callId = await app.CallHeldByAsync("counsellor1", "13150");
        var first = await (await counsellor.PutTriageAsync(callId, TriageHelpers.Request(summary: "Premier résumé") with { Revision = 0 })).ReadAsync<TriageView>();
        Assert.Equal(1, first.Revision);

        // The other tab saved revision 2 (urgency changed); this one still starts from revision 1 and changes the summary.
        var other = await (await counsellor.PutTriageAsync(callId, TriageHelpers.Request(summary: "Premier résumé", urgency: "serious-concern") with { Revision = 1 }))
            .ReadAsync<TriageView>();
        Assert.Equal(2, other.Revision);
        using var stale = await counsellor.PutTriageAsync(callId, TriageHelpers.Request(summary: "Résumé de cet onglet") with { Revision = 1 });

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        using var problem = JsonDocument.Parse(await stale.Content.ReadAsStringAsync(Cancel));
        var root = problem.RootElement;
        Assert.Equal(TriageRevisions.StaleCode, root.GetProperty("code").GetString());
        Assert.Equal(2, root.GetProperty("revision").GetInt32());
        var current = root.GetProperty("currentTriage").Deserialize<TriageView>(TriageHelpers.Json)!;
        Assert.Equal(2, current.Revision);
        Assert.Equal("serious-concern", current.Urgency);
        Assert.Equal("Premier résumé", current.Summary);
        Assert.Equal(["summary", "urgency"], root.GetProperty("differences").EnumerateArray().Select(d => d.GetString()!).Order());
        var stored = await app.StoredTriageAsync(callId);
        Assert.Equal(2, stored!.Revision);

        // Merged and sent again from revision 2: saved.
        var merged = await (await counsellor.PutTriageAsync(callId, TriageHelpers.Request(summary: "Résumé de cet onglet", urgency: "serious-concern") with { Revision = 2 }))
            .ReadAsync<TriageView>();
        Assert.Equal(3, merged.Revision);
        Assert.Equal("Résumé de cet onglet", merged.Summary);
    }

    [Fact]
    public async Task A_first_save_from_revision_0_when_the_triage_exists_is_stale_and_a_save_without_revision_is_not_checked()
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        var callId = await app.CallHeldByAsync("counsellor1", "13150");
        using (var created = await counsellor.PutTriageAsync(callId, TriageHelpers.Request() with { Revision = 0 }))
        {
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        }

        using (var again = await counsellor.PutTriageAsync(callId, TriageHelpers.Request(summary: "Autre onglet") with { Revision = 0 }))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        }

        var unchecked_ = await (await counsellor.PutTriageAsync(callId, TriageHelpers.Request(summary: "Sans révision"))).ReadAsync<TriageView>();
        Assert.Equal(2, unchecked_.Revision);
    }

    [Fact]
    public async Task Concurrent_saves_from_the_same_revision_one_wins_the_others_are_stale()
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        var callId = await app.CallHeldByAsync("counsellor1", "13150");
        await (await counsellor.PutTriageAsync(callId, TriageHelpers.Request() with { Revision = 0 })).ReadAsync<TriageView>();

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            counsellor.PutTriageAsync(callId, TriageHelpers.Request(summary: $"Onglet {i}") with { Revision = 1 })));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(5, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal(2, (await app.StoredTriageAsync(callId))!.Revision);
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }

    [Fact]
    public async Task Each_save_tells_the_holder_and_supervisors_the_revision_over_the_hub_without_content()
    {
        var callId = await app.CallHeldByAsync("counsellor1", "13150");
        await using var holder = await ConsoleClient.ConnectAsync(app, "counsellor1");
        await using var supervisor = await ConsoleClient.ConnectAsync(app, "supervisor1");
        await using var otherCounsellor = await ConsoleClient.ConnectAsync(app, "counsellor2");
        using var counsellor = await app.SignInAsync("counsellor1");

        var saved = await (await counsellor.PutTriageAsync(callId, TriageHelpers.Request(summary: "Rien de ceci dans le message") with { Revision = 0 }))
            .ReadAsync<TriageView>();

        var timeout = TimeSpan.FromSeconds(2);
        Assert.Equal(saved.Revision, (await holder.WaitForAsync<ConsoleClient.TriageChange>("TriageChanged", c => c.CallId == callId, timeout)).Revision);
        Assert.Equal(saved.Revision, (await supervisor.WaitForAsync<ConsoleClient.TriageChange>("TriageChanged", c => c.CallId == callId, timeout)).Revision);
        await Task.Delay(300, Cancel);
        Assert.DoesNotContain(otherCounsellor.Events, e => e.Name == "TriageChanged" && ((ConsoleClient.TriageChange)e.Payload!).CallId == callId);
    }
}
