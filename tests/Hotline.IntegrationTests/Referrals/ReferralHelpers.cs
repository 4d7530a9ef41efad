using System.Net;
using System.Net.Http.Json;
using Hotline.IntegrationTests.Triage;
using Hotline.Server.Data;
using Hotline.Server.Referrals;
using Hotline.Server.Triage;
using Hotline.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.IntegrationTests.Referrals;

public static class ReferralHelpers
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>A call held by counsellor1, triaged with that outcome and commune (consent as given), not yet referred.</summary>
    public static async Task<Guid> TriagedCallAsync(
        this HotlineAppFactory app, HttpClient counsellor, TriageOutcome outcome, string communeCode, string postalCode = "13150",
        string summary = "Situation décrite au téléphone", bool consent = false, string urgency = "concern")
    {
        var callId = await app.CallHeldByAsync("counsellor1", postalCode);
        using var saved = await counsellor.PutTriageAsync(callId, TriageHelpers.Request(
            outcome, urgency: urgency, communeCode: communeCode, summary: summary, consent: consent,
            emergency: urgency == "immediate-danger" ? EmergencyServicesConfirmation.CallerAdvised : null));
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        return callId;
    }

    public static async Task<RoutingView> RoutingAsync(this HttpClient counsellor, Guid callId) =>
        await (await counsellor.GetAsync($"/api/calls/{callId}/routing", Cancel)).ReadAsync<RoutingView>();

    /// <summary>The legal basis of a transfer to a commune cell in the default configuration: its charter.</summary>
    public const string CharterBasis = "charte-cmer";

    /// <summary>A purpose and the legal basis of a transfer to a departmental cell in the default configuration.</summary>
    public const string FamilySupport = "accompagnement-famille";
    public const string PrefectMission = "mission-prevention-prefet";

    /// <summary>Shows the routing, then sends to the service it named, with the first purpose and legal basis offered for its kind.</summary>
    public static async Task<ReferralReceipt> SendAsync(this HttpClient counsellor, Guid callId)
    {
        var routing = await counsellor.RoutingAsync(callId);
        using var response = await counsellor.PostAsJsonAsync($"/api/calls/{callId}/referral", new SendReferralRequest(
            routing.Decision.Service!.Id, routing.Purposes[0].Code, routing.LegalBases[0].Code), TriageHelpers.Json, Cancel);
        return await response.ReadAsync<ReferralReceipt>();
    }

    /// <summary>A referral sent from a fresh call: to the departmental cell of the commune, or to its commune cell.</summary>
    public static async Task<ReferralReceipt> NewReferralAsync(
        this HotlineAppFactory app, HttpClient counsellor, string communeCode, TriageOutcome outcome = TriageOutcome.ReferToDepartementalCell,
        string summary = "Situation décrite au téléphone", bool consent = false, string urgency = "concern")
    {
        var callId = await app.TriagedCallAsync(counsellor, outcome, communeCode, summary: summary, consent: consent, urgency: urgency);
        return await counsellor.SendAsync(callId);
    }

    /// <summary>An action on the referral; closing states a reason (support ended) unless the body says otherwise.</summary>
    public static Task<HttpResponseMessage> ActAsync(this HttpClient client, Guid referralId, string action, object? body = null) =>
        client.PostAsJsonAsync($"/api/referrals/{referralId}/{action}",
            body ?? (action == "close" ? new CloseRequest(ClosingReason.AccompanimentFinished) : new { }), TriageHelpers.Json, Cancel);

    public static async Task<ReferralDetail> DetailAsync(this HttpClient client, Guid referralId) =>
        await (await client.GetAsync($"/api/referrals/{referralId}", Cancel)).ReadAsync<ReferralDetail>();

    public static async Task<ReferralList> InboxAsync(this HttpClient client, string query = "") =>
        await (await client.GetAsync($"/api/referrals{query}", Cancel)).ReadAsync<ReferralList>();

    public static async Task<Referral> StoredReferralAsync(this HotlineAppFactory app, Guid referralId)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<HotlineDbContext>().Referrals.AsNoTracking()
            .Include(r => r.Events).Include(r => r.Notes).SingleAsync(r => r.Id == referralId);
    }
}
