using System.Net;
using System.Net.Http.Json;
using Hotline.IntegrationTests.Triage;
using Hotline.Server.Referrals;
using Hotline.Server.ServiceDirectory;
using Hotline.Server.Triage;
using Hotline.Testing;

namespace Hotline.IntegrationTests.Referrals;

/// <summary>The département's CRIP: seeded per département with its contact to complete, the routing of a minor in danger, its own purpose and basis.</summary>
public sealed class ChildProtectionTests(ReferralApp app) : IClassFixture<ReferralApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_departement_has_a_CRIP_to_complete_and_no_overseas_collectivity_has_one()
    {
        using var admin = await app.SignInAsync("admin");
        var crips = await (await admin.GetAsync("/api/directory/services?kind=ChildProtection", Cancel)).ReadAsync<List<ServiceSummary>>();
        var cells = await (await admin.GetAsync("/api/directory/services?kind=DepartementalCell", Cancel)).ReadAsync<List<ServiceSummary>>();

        // One per département (like the departmental cells: 96 in metropolitan France, 5 overseas), none elsewhere.
        Assert.Equal(cells.Select(c => c.Departements[0]).Order(), crips.Select(c => c.Departements[0]).Order());
        Assert.All(crips, s => Assert.Equal(ServiceKind.ChildProtection, s.Kind));
        Assert.All(crips, s => Assert.True(s.ToComplete));
        Assert.All(crips, s => Assert.Single(s.Departements));
        var bouches = Assert.Single(crips, s => s.Departements[0] == "13");
        Assert.Equal("Cellule de recueil des informations préoccupantes (CRIP) — Conseil départemental des Bouches-du-Rhône", bouches.Name);
        Assert.Equal("Ville de Paris", Assert.Single(crips, s => s.Departements[0] == "75").Organization);
        Assert.DoesNotContain(crips, s => s.Departements[0] is "975" or "988");
    }

    [Fact]
    public async Task A_minor_in_danger_goes_to_the_CRIP_with_its_purpose_and_basis_and_the_whole_account()
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        var callId = await app.CallHeldByAsync("counsellor1", "13200");

        // An adult (age 19) cannot be the subject of an information préoccupante.
        using var adult = await counsellor.PutTriageAsync(callId, TriageHelpers.Request(TriageOutcome.ReferToChildProtection, communeCode: "13004", age: 19));
        // Saved except the outcome (a partial save): the age stays, the CRIP outcome is refused and named.
        Assert.Equal(HttpStatusCode.OK, adult.StatusCode);
        var refused = await adult.ReadAsync<TriageView>();
        Assert.True(refused.Problems.ContainsKey("outcome"));
        Assert.Null(refused.Outcome);
        Assert.Equal(19, refused.Concerned.Age);

        using var minor = await counsellor.PutTriageAsync(callId, TriageHelpers.Request(
            TriageOutcome.ReferToChildProtection, communeCode: "13004", age: 15, summary: "Récit de la mère"));
        Assert.Equal(HttpStatusCode.OK, minor.StatusCode);

        var routing = await counsellor.RoutingAsync(callId);
        Assert.Equal(RoutingOutcome.Routed, routing.Decision.Outcome);
        Assert.Equal(RoutingReasonCode.ChildProtection, routing.Decision.ReasonCode);
        Assert.Equal(ServiceKind.ChildProtection, routing.Decision.Service!.Kind);
        Assert.Contains("information préoccupante", routing.Decision.Reason, StringComparison.Ordinal);
        Assert.EndsWith("→ CRIP des Bouches-du-Rhône", routing.Decision.Reason, StringComparison.Ordinal);
        Assert.Equal(["information-preoccupante"], routing.Purposes.Select(p => p.Code));
        Assert.Equal(["casf-l226-3"], routing.LegalBases.Select(b => b.Code));

        // The departmental cell's basis is not one of the CRIP's: refused, nothing sent.
        using var wrongBasis = await counsellor.PostAsJsonAsync($"/api/calls/{callId}/referral",
            new SendReferralRequest(routing.Decision.Service.Id, "information-preoccupante", ReferralHelpers.PrefectMission), TriageHelpers.Json, Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, wrongBasis.StatusCode);

        var receipt = await counsellor.SendAsync(callId);
        Assert.Equal(ServiceKind.ChildProtection, receipt.Referral.ServiceKind);
        Assert.Equal("casf-l226-3", receipt.LegalBasis!.Code);
        var stored = await app.StoredReferralAsync(receipt.Referral.Id);
        Assert.Equal(MinimumData.Account, stored.Shared);
        Assert.Equal("13", stored.DepartementCode);

        // Not the préfecture's: coordinators of 13 neither list nor read it; the national team does.
        using var coordinator = await app.SignInAsync("coordinator13");
        Assert.DoesNotContain(receipt.Referral.Id, (await coordinator.InboxAsync()).Items.Select(r => r.Id));
        using var read = await coordinator.GetAsync($"/api/referrals/{receipt.Referral.Id}", Cancel);
        Assert.Contains(read.StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.Forbidden });
        using var supervisor = await app.SignInAsync("supervisor1");
        using var readBySupervisor = await supervisor.GetAsync($"/api/referrals/{receipt.Referral.Id}", Cancel);
        Assert.Equal(HttpStatusCode.OK, readBySupervisor.StatusCode);
    }
}
