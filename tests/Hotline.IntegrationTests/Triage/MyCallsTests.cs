using System.Net;
using Hotline.IntegrationTests.Referrals;
using Hotline.Server.Audit;
using Hotline.Server.Data;
using Hotline.Server.Calls;
using Hotline.Server.LiveConsole;
using Hotline.Server.Referrals;
using Hotline.Server.Triage;
using Hotline.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.IntegrationTests.Triage;

/// <summary><c>GET /api/calls/mine</c>: a counsellor finds the calls they handled to complete their triage, and only theirs.</summary>
public sealed class MyCallsTests(ReferralApp app) : IClassFixture<ReferralApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static async Task<MyCallsView> MineAsync(HttpClient client, string query = "") =>
        await (await client.GetAsync("/api/calls/mine" + query, Cancel)).ReadAsync<MyCallsView>();

    [Fact]
    public async Task Each_handled_call_says_where_its_triage_stands_and_pending_leaves_out_the_complete_ones()
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        var notStarted = await app.CallHeldByAsync("counsellor1", "13150", CallStatus.Connected);
        var noOutcome = await app.CallHeldByAsync("counsellor1");
        using (var saved = await counsellor.PutTriageAsync(noOutcome, TriageHelpers.Request(outcome: null)))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        var toRefer = await app.TriagedCallAsync(counsellor, TriageOutcome.ReferToCommuneCell, "13108");
        var referred = await app.TriagedCallAsync(counsellor, TriageOutcome.ReferToDepartementalCell, "13004");
        await counsellor.SendAsync(referred);
        var advised = await app.TriagedCallAsync(counsellor, TriageOutcome.AdviceGiven, "13108");

        var all = await MineAsync(counsellor);
        Assert.Equal(MyCalls.DefaultDays, all.Days);
        var byId = all.Calls.ToDictionary(c => c.CallId);
        Assert.Equal(TriageProgress.NotStarted, byId[notStarted].Progress);
        Assert.Null(byId[notStarted].EndedAt);
        Assert.Equal(TriageProgress.Incomplete, byId[noOutcome].Progress);
        Assert.Equal(TriageProgress.ToRefer, byId[toRefer].Progress);
        Assert.Equal(TriageOutcome.ReferToCommuneCell, byId[toRefer].Outcome);
        Assert.Null(byId[toRefer].ReferralState);
        Assert.Equal(TriageProgress.Complete, byId[referred].Progress);
        Assert.Equal(ReferralState.Sent, byId[referred].ReferralState);
        Assert.Equal(TriageProgress.Complete, byId[advised].Progress);
        Assert.Equal("13", byId[advised].DepartementCode);
        Assert.Equal("Bouches-du-Rhône", byId[advised].DepartementName);
        // Most recent first.
        Assert.Equal(all.Calls.OrderByDescending(c => c.ReceivedAt).Select(c => c.CallId), all.Calls.Select(c => c.CallId));

        var pending = (await MineAsync(counsellor, "?pending=true")).Calls.Select(c => c.CallId).ToList();
        Assert.Contains(notStarted, pending);
        Assert.Contains(noOutcome, pending);
        Assert.Contains(toRefer, pending);
        Assert.DoesNotContain(referred, pending);
        Assert.DoesNotContain(advised, pending);

        // Sending the referral completes it.
        await counsellor.SendAsync(toRefer);
        Assert.DoesNotContain(toRefer, (await MineAsync(counsellor, "?pending=true")).Calls.Select(c => c.CallId));
    }

    [Fact]
    public async Task Another_counsellors_calls_never_appear()
    {
        using var first = await app.SignInAsync("counsellor1");
        using var second = await app.SignInAsync("counsellor2");
        var mine = await app.CallHeldByAsync("counsellor1");
        var theirs = await app.CallHeldByAsync("counsellor2");
        var theirsTriaged = await app.CallHeldByAsync("counsellor2");
        using (var saved = await second.PutTriageAsync(theirsTriaged, TriageHelpers.Request(outcome: TriageOutcome.ReferToCommuneCell)))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        var firstIds = (await MineAsync(first)).Calls.Select(c => c.CallId).ToList();
        var secondIds = (await MineAsync(second)).Calls.Select(c => c.CallId).ToList();

        Assert.Contains(mine, firstIds);
        Assert.DoesNotContain(theirs, firstIds);
        Assert.DoesNotContain(theirsTriaged, firstIds);
        Assert.Contains(theirs, secondIds);
        Assert.Contains(theirsTriaged, secondIds);
        Assert.DoesNotContain(mine, secondIds);
        // Every call either sees is one they hold: checked against the database, not just the ids made here.
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        var holders = await db.Calls.Where(c => firstIds.Contains(c.Id) || secondIds.Contains(c.Id))
            .Join(db.Users, c => c.CounsellorId, u => u.Id, (c, u) => new { c.Id, u.UserName }).ToDictionaryAsync(x => x.Id, x => x.UserName, Cancel);
        Assert.All(firstIds, id => Assert.Equal("counsellor1", holders[id]));
        Assert.All(secondIds, id => Assert.Equal("counsellor2", holders[id]));
    }

    [Fact]
    public async Task Older_calls_unanswered_calls_and_other_roles_are_left_out()
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        var old = await app.CallHeldByAsync("counsellor1");
        var recent = await app.CallHeldByAsync("counsellor1");
        var unanswered = await app.CallHeldByAsync("counsellor1", status: CallStatus.Connecting);
        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
            await db.Calls.Where(c => c.Id == old).ExecuteUpdateAsync(set => set.SetProperty(c => c.ReceivedAt, c => c.ReceivedAt.AddDays(-10)), Cancel);
            // Offered and accepted, but the connection never came: not a call the counsellor handled.
            await db.Calls.Where(c => c.Id == unanswered).ExecuteUpdateAsync(set => set.SetProperty(c => c.AnsweredAt, (DateTimeOffset?)null), Cancel);
        }

        var week = (await MineAsync(counsellor)).Calls.Select(c => c.CallId).ToList();
        Assert.Contains(recent, week);
        Assert.DoesNotContain(old, week);
        Assert.DoesNotContain(unanswered, week);
        var fortnight = await MineAsync(counsellor, "?days=14");
        Assert.Equal(14, fortnight.Days);
        Assert.Contains(old, fortnight.Calls.Select(c => c.CallId));
        Assert.Equal(MyCalls.MaxDays, (await MineAsync(counsellor, "?days=4000")).Days);

        using var coordinator = await app.SignInAsync("coordinator13");
        using var forbidden = await coordinator.GetAsync("/api/calls/mine", Cancel);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        using var anonymous = app.CreateApiClient();
        using var refused = await anonymous.GetAsync("/api/calls/mine", Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task The_list_holds_no_personal_data_and_reading_it_is_audited()
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        const string summary = "Le grand frère fréquente un forum inquiétant";
        var callId = await app.CallHeldByAsync("counsellor1", "13150");
        using (var saved = await counsellor.PutTriageAsync(callId, TriageHelpers.Request(outcome: null, summary: summary)))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        using var response = await counsellor.GetAsync("/api/calls/mine", Cancel);
        var body = await response.Content.ReadAsStringAsync(Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(callId.ToString(), body, StringComparison.Ordinal);
        Assert.DoesNotContain("forum", body, StringComparison.Ordinal);
        Assert.DoesNotContain("13150", body, StringComparison.Ordinal);
        Assert.DoesNotContain("Tarascon", body, StringComparison.Ordinal);
        Assert.DoesNotContain("postalCode", body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("summary", body, StringComparison.OrdinalIgnoreCase);

        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        var userId = await db.Users.Where(u => u.UserName == "counsellor1").Select(u => u.Id).SingleAsync(Cancel);
        Assert.True(await db.AuditEntries.AnyAsync(e => e.EntityType == MyCalls.AuditEntity && e.EntityId == userId.ToString()
            && e.Action == AuditAction.Read && e.UserId == userId, Cancel));
    }
}
