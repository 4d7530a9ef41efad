using System.Net;
using System.Net.Http.Json;
using Hotline.IntegrationTests.Triage;
using Hotline.Server.Audit;
using Hotline.Server.Data;
using Hotline.Server.LiveConsole;
using Hotline.Server.Referrals;
using Hotline.Server.Triage;
using Hotline.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.IntegrationTests.Referrals;

/// <summary>A referral sent by mistake is recalled by its sender or a supervisor, until acknowledged and within the window.</summary>
public sealed class RecallTests(ClockedReferralApp app) : IClassFixture<ClockedReferralApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static Task<HttpResponseMessage> RecallAsync(HttpClient client, Guid id, string? reason = "Envoyée à la mauvaise cellule") =>
        client.PostAsJsonAsync($"/api/referrals/{id}/recall", new RecallRequest(reason), TriageHelpers.Json, Cancel);

    [Fact]
    public async Task Within_the_window_the_sender_recalls_it_and_the_recipient_sees_it_withdrawn_live_without_content()
    {
        await using var coordinatorHub = await ConsoleClient.ConnectAsync(app, "coordinator13");
        await coordinatorHub.WaitForAsync<ConsoleSnapshot>("Snapshot");
        using var counsellor = await app.SignInAsync("counsellor1");
        var sent = (await app.NewReferralAsync(counsellor, "13004", summary: "La famille Morel s'inquiète")).Referral;
        app.Clock.Advance(TimeSpan.FromMinutes(29));

        using (var noReason = await RecallAsync(counsellor, sent.Id, reason: " "))
        {
            Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        }

        using (var otherCounsellor = await app.SignInAsync("counsellor2"))
        using (var notTheirs = await RecallAsync(otherCounsellor, sent.Id))
        {
            Assert.Equal(HttpStatusCode.NotFound, notTheirs.StatusCode);
        }

        using var recalled = await RecallAsync(counsellor, sent.Id);
        Assert.Equal(ReferralState.Recalled, (await recalled.ReadAsync<ReferralReceipt>()).Referral.State);

        // Live in the coordinator's inbox, then on reading: withdrawn, nothing of the family's account left.
        await coordinatorHub.WaitForAsync<ReferralCard>("ReferralChanged", c => c.Id == sent.Id && c.State == ReferralState.Recalled);
        using var coordinator = await app.SignInAsync("coordinator13");
        var detail = await coordinator.DetailAsync(sent.Id);
        Assert.Equal(ReferralState.Recalled, detail.Referral.State);
        Assert.False(detail.DetailsShared);
        Assert.Null(detail.Situation);
        Assert.DoesNotContain(detail.AllowedActions, a => a != ReferralAction.AddNote);
        var stored = await app.StoredReferralAsync(sent.Id);
        Assert.Null(stored.ProtectedSnapshot);
        Assert.Contains(stored.Events, e => e.From == ReferralState.Sent && e.To == ReferralState.Recalled);

        await using var scope = app.Scope();
        var audits = await scope.ServiceProvider.GetRequiredService<HotlineDbContext>().AuditEntries.AsNoTracking()
            .Where(a => a.EntityId == sent.Id.ToString() && a.Action == AuditAction.Update && a.Outcome == AuditOutcome.Allowed).CountAsync(Cancel);
        Assert.True(audits >= 1);

        // Recalled is final.
        using var again = await RecallAsync(counsellor, sent.Id);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task After_the_window_or_after_acknowledgement_it_answers_409_saying_why()
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        var late = (await app.NewReferralAsync(counsellor, "13004")).Referral;
        var acknowledged = (await app.NewReferralAsync(counsellor, "13004")).Referral;
        using var coordinator = await app.SignInAsync("coordinator13");
        using (var ack = await coordinator.ActAsync(acknowledged.Id, "acknowledge"))
        {
            Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        }

        using (var afterAck = await RecallAsync(counsellor, acknowledged.Id))
        {
            Assert.Equal(HttpStatusCode.Conflict, afterAck.StatusCode);
            Assert.Contains("prise en compte", await afterAck.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        }

        app.Clock.Advance(TimeSpan.FromMinutes(31));
        using var tooLate = await RecallAsync(counsellor, late.Id);
        Assert.Equal(HttpStatusCode.Conflict, tooLate.StatusCode);
        Assert.Contains("délai de rappel (30 minutes", await tooLate.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Equal(ReferralState.Sent, (await app.StoredReferralAsync(late.Id)).State);
    }

    [Fact]
    public async Task After_a_recall_the_triage_is_sent_again_as_a_new_referral_and_the_recalled_one_stays_withdrawn()
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        var callId = await app.TriagedCallAsync(counsellor, TriageOutcome.ReferToDepartementalCell, "13004");
        var first = (await counsellor.SendAsync(callId)).Referral;
        using (var recalled = await RecallAsync(counsellor, first.Id))
        {
            Assert.Equal(HttpStatusCode.OK, recalled.StatusCode);
        }

        // The routing no longer shows the recalled referral as the one sent: the counsellor may send again.
        Assert.Null((await counsellor.RoutingAsync(callId)).Sent);
        var routing = await counsellor.RoutingAsync(callId);
        using var again = await counsellor.PostAsJsonAsync($"/api/calls/{callId}/referral", new SendReferralRequest(
            routing.Decision.Service!.Id, routing.Purposes[0].Code, routing.LegalBases[0].Code), TriageHelpers.Json, Cancel);

        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        var second = (await again.ReadAsync<ReferralReceipt>()).Referral;
        Assert.NotEqual(first.Id, second.Id);
        Assert.NotEqual(first.Reference, second.Reference);
        Assert.Equal(ReferralState.Sent, second.State);
        Assert.Equal(ReferralState.Recalled, (await app.StoredReferralAsync(first.Id)).State);
        // Sending once more (a double click) returns the new one, not a third.
        using var twice = await counsellor.PostAsJsonAsync($"/api/calls/{callId}/referral", new SendReferralRequest(
            routing.Decision.Service!.Id, routing.Purposes[0].Code, routing.LegalBases[0].Code), TriageHelpers.Json, Cancel);
        Assert.Equal(HttpStatusCode.OK, twice.StatusCode);
        Assert.Equal(second.Id, (await twice.ReadAsync<ReferralReceipt>()).Referral.Id);
        Assert.Equal(second.Id, (await counsellor.RoutingAsync(callId)).Sent!.Referral.Id);
    }

    [Fact]
    public async Task A_supervisor_may_recall_a_counsellors_referral()
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        var sent = (await app.NewReferralAsync(counsellor, "13004")).Referral;
        using var supervisor = await app.SignInAsync("supervisor1");

        using var recalled = await RecallAsync(supervisor, sent.Id);

        Assert.Equal(HttpStatusCode.OK, recalled.StatusCode);
        Assert.Equal(ReferralState.Recalled, (await app.StoredReferralAsync(sent.Id)).State);
    }
}
