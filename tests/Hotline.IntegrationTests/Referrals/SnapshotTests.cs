using System.Net;
using System.Net.Http.Json;
using Hotline.IntegrationTests.Triage;
using Hotline.Server.Referrals;
using Hotline.Server.ServiceDirectory;
using Hotline.Server.Triage;
using Hotline.Testing;

namespace Hotline.IntegrationTests.Referrals;

/// <summary>
/// A referral is a snapshot: what the recipient sees is what was sent, frozen and encrypted; later triage edits or a
/// later agreement never change it, and a redirection never widens it.
/// </summary>
public sealed class SnapshotTests(ReferralApp app) : IClassFixture<ReferralApp>
{
    [Fact]
    public async Task Editing_the_triage_after_sending_leaves_the_recipients_view_as_it_was_sent()
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        const string sentSummary = "Le fils Martin s'isole depuis trois mois";
        var callId = await app.TriagedCallAsync(counsellor, TriageOutcome.ReferToCommuneCell, "13108", summary: sentSummary, consent: true);
        var receipt = await counsellor.SendAsync(callId);
        using var cell = await app.SignInAsync("cmer-tarascon");
        var before = await cell.DetailAsync(receipt.Referral.Id);

        // The triage changes afterwards: another summary, agreement withdrawn, other signs.
        using (var edited = await counsellor.PutTriageAsync(callId, TriageHelpers.Request(
            TriageOutcome.ReferToCommuneCell, communeCode: "13108", summary: "Résumé réécrit après l'envoi", consent: false)))
        {
            Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        }

        var after = await cell.DetailAsync(receipt.Referral.Id);
        Assert.True(after.DetailsShared);
        Assert.Equal(sentSummary, after.Situation!.Summary);
        Assert.Equal(before.Situation!.WarningSigns, after.Situation.WarningSigns);
        Assert.Equal(before.Situation.CallerRelation, after.Situation.CallerRelation);
        Assert.Equal(before.SnapshotAt, after.SnapshotAt);
        Assert.Equal(before.Referral.SentAt, after.SnapshotAt);

        // Stored encrypted: the summary is nowhere in clear.
        var stored = await app.StoredReferralAsync(receipt.Referral.Id);
        Assert.NotNull(stored.ProtectedSnapshot);
        Assert.DoesNotContain("Martin", stored.ProtectedSnapshot, StringComparison.Ordinal);
        Assert.Equal(MinimumData.Account, stored.Shared);
    }

    [Fact]
    public async Task A_later_agreement_does_not_reveal_what_was_withheld()
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        var callId = await app.TriagedCallAsync(counsellor, TriageOutcome.ReferToCommuneCell, "13108", summary: "Récit de la famille Durand", consent: false);
        var receipt = await counsellor.SendAsync(callId);
        using (var agreed = await counsellor.PutTriageAsync(callId, TriageHelpers.Request(
            TriageOutcome.ReferToCommuneCell, communeCode: "13108", summary: "Récit de la famille Durand", consent: true)))
        {
            Assert.Equal(HttpStatusCode.OK, agreed.StatusCode);
        }

        using var cell = await app.SignInAsync("cmer-tarascon");
        var view = await cell.DetailAsync(receipt.Referral.Id);

        Assert.False(view.DetailsShared);
        Assert.Null(view.Situation);
        Assert.Equal(MinimumData.Essentials, view.Shared);
    }

    [Fact]
    public async Task A_coordinator_who_redirects_a_withheld_referral_to_their_own_cell_does_not_thereby_read_it()
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        const string summary = "Récit de la famille Bernard";
        var receipt = await app.NewReferralAsync(counsellor, "13108", TriageOutcome.ReferToCommuneCell, summary: summary, consent: false);
        using var coordinator = await app.SignInAsync("coordinator13");
        using var supervisor = await app.SignInAsync("supervisor1");
        var departemental = (await supervisor.PostAsJsonAsync("/api/directory/routing",
            new RoutingQuery(RoutingIntent.ReferToDepartementalCell, null, "13", null), TriageHelpers.Json, TestContext.Current.CancellationToken));
        var cell13 = (await departemental.ReadAsync<RoutingDecision>()).Service!.Id;

        using var redirected = await coordinator.ActAsync(receipt.Referral.Id, "redirect",
            new RedirectRequest(cell13, "Relève de la cellule départementale", ReferralHelpers.FamilySupport, ReferralHelpers.PrefectMission));
        Assert.Equal(HttpStatusCode.OK, redirected.StatusCode);
        var followOnId = (await redirected.ReadAsync<ReferralDetail>()).Referral.RedirectedToId!.Value;

        var followOn = await coordinator.DetailAsync(followOnId);
        Assert.Equal(ServiceKind.DepartementalCell, followOn.Referral.ServiceKind);
        Assert.False(followOn.DetailsShared);
        Assert.Null(followOn.Situation);
        Assert.Equal(MinimumData.Essentials, followOn.Shared);
        using var raw = await coordinator.GetAsync($"/api/referrals/{followOnId}", TestContext.Current.CancellationToken);
        Assert.DoesNotContain("Bernard", await raw.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}
