using System.Net;
using Hotline.IntegrationTests.Triage;
using Hotline.Server.LiveConsole;
using Hotline.Server.Data;
using Hotline.Server.Referrals;
using Hotline.Server.Triage;
using Hotline.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.IntegrationTests.Referrals;

/// <summary>
/// A coordinator of 13 never sees a referral of 84: not in the list, not by id, not in counts, not
/// through the hub. A server of its own, so the counts are exactly this test's referrals.
/// </summary>
public sealed class ReferralScopingTests(ReferralApp app) : IClassFixture<ReferralApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_coordinator_of_13_never_sees_a_referral_of_84_in_the_list_by_id_in_counts_or_through_the_hub()
    {
        await using var hub13 = await ConsoleClient.ConnectAsync(app, "coordinator13");
        await using var hub84 = await ConsoleClient.ConnectAsync(app, "coordinator84");
        await using var hubCell = await ConsoleClient.ConnectAsync(app, "cmer-tarascon");
        await using var hubSupervisor = await ConsoleClient.ConnectAsync(app, "supervisor1");
        foreach (var hub in new[] { hub13, hub84, hubCell, hubSupervisor })
        {
            await hub.WaitForAsync<ConsoleSnapshot>("Snapshot");
        }

        using var counsellor = await app.SignInAsync("counsellor1");
        var in84 = (await app.NewReferralAsync(counsellor, "84007")).Referral;                                     // Avignon → cell of 84
        var in13 = (await app.NewReferralAsync(counsellor, "13004")).Referral;                                     // Arles → cell of 13
        var cell13 = (await app.NewReferralAsync(counsellor, "13108", TriageOutcome.ReferToCommuneCell)).Referral; // Tarascon → CMER
        Assert.Equal("84", in84.DepartementCode);

        using var coordinator13 = await app.SignInAsync("coordinator13");
        using var coordinator84 = await app.SignInAsync("coordinator84");

        // 1. Not in the list (whatever the filters).
        var inbox13 = await coordinator13.InboxAsync();
        Assert.Equal(new[] { cell13.Id, in13.Id }.Order(), inbox13.Items.Select(r => r.Id).Order());
        Assert.DoesNotContain((await coordinator13.InboxAsync("?state=Sent&overdue=false&limit=500")).Items, r => r.Id == in84.Id);
        Assert.Equal([in84.Id], (await coordinator84.InboxAsync()).Items.Select(r => r.Id));

        // 2. Not by id: 404, as for a referral that does not exist (existence does not leak), nor any action on it.
        using (var byId = await coordinator13.GetAsync($"/api/referrals/{in84.Id}", Cancel))
        {
            Assert.Equal(HttpStatusCode.NotFound, byId.StatusCode);
            Assert.Equal("application/problem+json", byId.Content.Headers.ContentType?.MediaType);
        }

        using (var unknown = await coordinator13.GetAsync($"/api/referrals/{Guid.NewGuid()}", Cancel))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        foreach (var action in new[] { "acknowledge", "follow-up", "close", "notes", "redirect" })
        {
            object body = action == "close" ? new CloseRequest(ClosingReason.AccompanimentFinished) : new { text = "x", reason = "x", serviceId = in13.ServiceId };
            using var act = await coordinator13.ActAsync(in84.Id, action, body);
            Assert.True(act.StatusCode == HttpStatusCode.NotFound, $"{action}: {act.StatusCode}");
        }

        Assert.Equal(ReferralState.Sent, (await app.StoredReferralAsync(in84.Id)).State);

        // 3. Not in counts.
        Assert.Equal(2, inbox13.Total);
        Assert.Equal(2, inbox13.ByState[ReferralState.Sent]);
        Assert.Equal(1, (await coordinator84.InboxAsync()).Total);
        using var supervisor = await app.SignInAsync("supervisor1");
        Assert.Equal(3, (await supervisor.InboxAsync()).Total);
        await using (var scope = app.Scope())
        {
            Assert.Equal(3, await scope.ServiceProvider.GetRequiredService<HotlineDbContext>().Referrals.CountAsync(Cancel));
        }

        // 4. Not through the hub: each group hears of its own referrals only (the supervisors of all).
        await hub13.WaitForAsync<ReferralCard>("ReferralCreated", c => c.Id == in13.Id);
        await hub13.WaitForAsync<ReferralCard>("ReferralCreated", c => c.Id == cell13.Id);
        await hub84.WaitForAsync<ReferralCard>("ReferralCreated", c => c.Id == in84.Id);
        await hubCell.WaitForAsync<ReferralCard>("ReferralCreated", c => c.Id == cell13.Id);
        foreach (var referral in new[] { in84, in13, cell13 })
        {
            await hubSupervisor.WaitForAsync<ReferralCard>("ReferralCreated", c => c.Id == referral.Id);
        }

        // A change to the 84 referral is pushed to 84 only.
        using (var acknowledged = await coordinator84.ActAsync(in84.Id, "acknowledge"))
        {
            Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);
        }

        await hub84.WaitForAsync<ReferralCard>("ReferralChanged", c => c.Id == in84.Id && c.State == ReferralState.Acknowledged);
        await hubSupervisor.WaitForAsync<ReferralCard>("ReferralChanged", c => c.Id == in84.Id);
        Assert.DoesNotContain(hub13.Events, e => e.Payload is ReferralCard card && card.Id == in84.Id);
        Assert.DoesNotContain(hubCell.Events, e => e.Payload is ReferralCard card && card.Id != cell13.Id);
        Assert.DoesNotContain(hub84.Events, e => e.Payload is ReferralCard card && card.Id != in84.Id);
    }
}

/// <summary>When routing cannot decide, the national team (supervisors) gets the referral and chooses.</summary>
public sealed class NationalTeamTests(ReferralApp app) : IClassFixture<ReferralApp>
{
    [Fact]
    public async Task An_ambiguous_place_goes_to_the_national_team_which_only_supervisors_see_and_redirect()
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        // 13780 serves Cuges-les-Pins (13) and Riboux (83); the counsellor did not learn which.
        var callId = await app.CallHeldByAsync("counsellor1", "13780");
        using (var saved = await counsellor.PutTriageAsync(callId, TriageHelpers.Request(TriageOutcome.ReferToDepartementalCell, communeCode: null)))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        var routing = await counsellor.RoutingAsync(callId);
        Assert.Equal(Hotline.Server.ServiceDirectory.RoutingOutcome.NationalTeamMustChoose, routing.Decision.Outcome);
        Assert.Equal(Hotline.Server.ServiceDirectory.RoutingReasonCode.PostalCodeAmbiguous, routing.Decision.ReasonCode);
        Assert.Contains("13780", routing.Decision.Reason, StringComparison.Ordinal);
        Assert.True(routing.CanSend);
        var sent = (await counsellor.SendAsync(callId)).Referral;
        Assert.Equal(Hotline.Server.ServiceDirectory.ServiceKind.NationalTeam, sent.ServiceKind);

        using var coordinator13 = await app.SignInAsync("coordinator13");
        using var coordinator84 = await app.SignInAsync("coordinator84");
        using var supervisor = await app.SignInAsync("supervisor1");
        Assert.Empty((await coordinator13.InboxAsync()).Items);
        Assert.Contains((await supervisor.InboxAsync()).Items, r => r.Id == sent.Id);

        // The national team finds out the family lives in Vaucluse and passes it on.
        var vaucluse = (await app.NewReferralAsync(counsellor, "84007")).Referral.ServiceId;
        using var redirected = await supervisor.ActAsync(sent.Id, "redirect", new RedirectRequest(vaucluse, "Rappel : la famille habite Avignon", ReferralHelpers.FamilySupport, ReferralHelpers.PrefectMission));
        var followOnId = (await redirected.ReadAsync<ReferralDetail>()).Referral.RedirectedToId!.Value;

        Assert.Contains((await coordinator84.InboxAsync()).Items, r => r.Id == followOnId);
        Assert.Equal("84", (await coordinator84.DetailAsync(followOnId)).Referral.DepartementCode);
        Assert.DoesNotContain((await coordinator13.InboxAsync()).Items, r => r.Id == followOnId);
        Assert.DoesNotContain(app.Logs, line => line.Contains("la famille habite", StringComparison.Ordinal));
    }
}

/// <summary>
/// The list's SQL (<see cref="ReferralScope.VisibleTo"/>) and the resource check by id (<see cref="ReferralScope.Sees"/>,
/// behind the authorization handler) are two writings of one rule: over every kind of referral and every reader they agree.
/// </summary>
public sealed class ReferralScopeAgreementTests(ReferralApp app) : IClassFixture<ReferralApp>
{
    [Fact]
    public async Task The_query_and_the_resource_check_see_exactly_the_same_referrals()
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        List<Guid> referrals =
        [
            (await app.NewReferralAsync(counsellor, "84007")).Referral.Id,                                      // departmental cell of 84
            (await app.NewReferralAsync(counsellor, "13004")).Referral.Id,                                      // departmental cell of 13 (Arles)
            (await app.NewReferralAsync(counsellor, "13108", TriageOutcome.ReferToCommuneCell)).Referral.Id,    // CMER of Tarascon
            (await app.NewReferralAsync(counsellor, "13063", TriageOutcome.ReferToCommuneCell)).Referral.Id,    // Miramas: its charter goes through the préfecture (cell of 13)
            (await app.NewReferralAsync(counsellor, "2A004")).Referral.Id,                                      // Ajaccio: cell of 2A
        ];
        var callId = await app.CallHeldByAsync("counsellor1", "13780"); // ambiguous: the national team
        using (var saved = await counsellor.PutTriageAsync(callId, TriageHelpers.Request(TriageOutcome.ReferToDepartementalCell, communeCode: null)))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        referrals.Add((await counsellor.SendAsync(callId)).Referral.Id);

        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        var signIn = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.SignInManager<Hotline.Server.Identity.HotlineUser>>();
        var stored = await db.Referrals.AsNoTracking().Where(r => referrals.Contains(r.Id)).ToListAsync(TestContext.Current.CancellationToken);
        var seenBySomeone = new HashSet<Guid>();
        foreach (var userName in new[] { "supervisor1", "coordinator13", "coordinator84", "cmer-tarascon", "counsellor1", "admin" })
        {
            var user = await signIn.CreateUserPrincipalAsync((await signIn.UserManager.FindByNameAsync(userName))!);

            var bySql = await db.Referrals.AsNoTracking().VisibleTo(user).Where(r => referrals.Contains(r.Id)).Select(r => r.Id)
                .OrderBy(id => id).ToListAsync(TestContext.Current.CancellationToken);
            var inMemory = stored.Where(r => ReferralScope.Sees(user, r)).Select(r => r.Id).OrderBy(id => id).ToList();

            Assert.Equal(inMemory, bySql);
            seenBySomeone.UnionWith(bySql);
        }

        // Every referral was created and compared (supervisors see them all).
        Assert.Equal(referrals.Order(), seenBySomeone.Order());
    }
}
