using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hotline.IntegrationTests.Triage;
using Hotline.Server.Referrals;
using Hotline.Server.Triage;
using Hotline.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Hotline.Server.Data;

namespace Hotline.IntegrationTests.Referrals;

/// <summary>Nothing is sent without the least a service can act on, and the counsellor sees beforehand exactly what goes.</summary>
public sealed class SendGuardTests(ReferralApp app) : IClassFixture<ReferralApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_empty_triage_is_not_sent_and_the_missing_fields_are_named()
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        var callId = await app.CallHeldByAsync("counsellor1", "13150");
        // Only the outcome and the commune: no relation, no urgency, no summary, no sign.
        using (var saved = await counsellor.PutTriageAsync(callId, new TriageRequest(
            null, new ConcernedPersonRequest(null, null, null, "13108", null), [], null, null, false, TriageOutcome.ReferToDepartementalCell, null)))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        var routing = await counsellor.RoutingAsync(callId);
        using var response = await counsellor.PostAsJsonAsync($"/api/calls/{callId}/referral", new SendReferralRequest(
            routing.Decision.Service!.Id, routing.Purposes[0].Code, routing.LegalBases[0].Code), TriageHelpers.Json, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
        Assert.Equal(TriageCompleteness.IncompleteCode, problem.RootElement.GetProperty("code").GetString());
        Assert.Equal(["callerRelation", "urgency", "summary"], problem.RootElement.GetProperty("missing").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("niveau d’urgence", problem.RootElement.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await ReferralCountAsync(callId));

        // The preview refuses the same way: the console names the fields before asking to confirm.
        using var preview = await counsellor.GetAsync($"/api/calls/{callId}/referral/preview?serviceId={routing.Decision.Service.Id}", Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, preview.StatusCode);
        Assert.Contains(TriageCompleteness.IncompleteCode, await preview.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sign_without_a_summary_is_enough()
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        var callId = await app.CallHeldByAsync("counsellor1", "13150");
        using (var saved = await counsellor.PutTriageAsync(callId, TriageHelpers.Request(TriageOutcome.ReferToDepartementalCell, summary: null, signs: ["withdrawal"])))
        {
            Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        }

        var receipt = await counsellor.SendAsync(callId);
        Assert.Equal(ReferralState.Sent, receipt.Referral.State);
    }

    [Theory]
    [InlineData(TriageOutcome.ReferToDepartementalCell, false)]
    [InlineData(TriageOutcome.ReferToCommuneCell, true)]
    [InlineData(TriageOutcome.ReferToCommuneCell, false)]
    public async Task The_preview_is_exactly_what_the_send_then_stores(TriageOutcome outcome, bool consent)
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        var callId = await app.TriagedCallAsync(counsellor, outcome, "13108", summary: "Il a quitté le lycée en octobre", consent: consent);
        var routing = await counsellor.RoutingAsync(callId);
        var service = routing.Decision.Service!;

        var preview = await (await counsellor.GetAsync(
            $"/api/calls/{callId}/referral/preview?serviceId={service.Id}&purpose={routing.Purposes[0].Code}&legalBasis={routing.LegalBases[0].Code}",
            Cancel)).ReadAsync<ReferralPreview>();
        Assert.Equal(0, await ReferralCountAsync(callId)); // a preview stores nothing

        var receipt = await counsellor.SendAsync(callId);
        using var supervisor = await app.SignInAsync("supervisor1");
        var sent = await supervisor.DetailAsync(receipt.Referral.Id);

        Assert.Equal(service.Id, preview.ServiceId);
        Assert.Equal(sent.Referral.ServiceName, preview.ServiceName);
        Assert.Equal(sent.Shared, preview.Shared);
        Assert.Equal(sent.DetailsShared, preview.DetailsShared);
        Assert.Equal(consent || outcome == TriageOutcome.ReferToDepartementalCell, preview.DetailsShared);
        Assert.Equal(JsonSerializer.Serialize(sent.Situation), JsonSerializer.Serialize(preview.Situation));
        Assert.Equal(sent.Referral.CommuneName, preview.CommuneName);
        Assert.Equal(sent.Referral.Urgency, preview.Urgency);
        Assert.Equal(sent.RoutingReason, preview.RoutingReason);
        Assert.Equal(sent.Purpose, preview.Purpose);
        Assert.Equal(sent.LegalBasis, preview.LegalBasis);
        if (preview.DetailsShared)
        {
            Assert.Equal("Il a quitté le lycée en octobre", preview.Situation!.Summary);
        }
        else
        {
            Assert.Null(preview.Situation);
        }
    }

    [Fact]
    public async Task A_preview_for_another_service_than_routing_names_is_refused()
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        var callId = await app.TriagedCallAsync(counsellor, TriageOutcome.ReferToDepartementalCell, "13108");

        using var response = await counsellor.GetAsync($"/api/calls/{callId}/referral/preview?serviceId={Guid.NewGuid()}", Cancel);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    private async Task<int> ReferralCountAsync(Guid callId)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<HotlineDbContext>().Referrals.CountAsync(r => r.CallId == callId, Cancel);
    }
}
