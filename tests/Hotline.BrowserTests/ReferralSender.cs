using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hotline.Server.Data;
using Hotline.Server.Calls;
using Hotline.Server.LiveConsole;
using Hotline.Server.Referrals;
using Hotline.Server.Triage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.BrowserTests;

/// <summary>
/// Sends a referral the way a counsellor's console does, through the HTTP API: a call comes through the
/// voice menu, is recorded as answered by the counsellor (as the integration tests do), its triage is saved,
/// the routing decision read and the referral sent to the service it names.
/// </summary>
public static class ReferralSender
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>A call with that postal code, answered and ended by <paramref name="counsellor"/>.</summary>
    public static async Task<Guid> CallHeldByAsync(this ConsoleServer server, string counsellor, string postalCode)
    {
        var callSid = await server.PlaceCallAsync("2", postalCode);
        await using var scope = server.App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        var counsellorId = await db.Users.Where(u => u.UserName == counsellor).Select(u => u.Id).SingleAsync();
        var call = await db.Calls.SingleAsync(c => c.CallSid == callSid);
        // Arranged directly: the status is the Calls feature's to change, this test only needs the outcome.
        db.Entry(call).Property(c => c.Status).CurrentValue = CallStatus.Completed;
        call.CounsellorId = counsellorId;
        call.AnsweredAt = call.ReceivedAt;
        call.EndedAt = call.ReceivedAt.AddMinutes(50);
        await db.SaveChangesAsync();
        return call.Id;
    }

    /// <summary>
    /// counsellor1 triages a call from <paramref name="postalCode"/> about <paramref name="communeCode"/> with that
    /// outcome and sends the referral where routing says, with the first purpose and legal basis offered for its kind.
    /// </summary>
    public static async Task<ReferralReceipt> SendReferralAsync(
        this ConsoleServer server, TriageOutcome outcome, string postalCode = "13150", string communeCode = "13108",
        string summary = "Situation décrite au téléphone", bool consent = false)
    {
        using var counsellor = await server.App.SignInAsync("counsellor1");
        var callId = await server.CallHeldByAsync("counsellor1", postalCode);
        var triage = new TriageRequest(
            CallerRelation.Mother, new ConcernedPersonRequest(16, null, null, communeCode, null), ["family-break", "withdrawal"],
            "concern", summary, consent, outcome, null);
        using (var saved = await counsellor.PutAsJsonAsync($"/api/calls/{callId}/triage", triage, Json))
        {
            await EnsureAsync(saved);
        }

        var routing = await Read<RoutingView>(await counsellor.GetAsync($"/api/calls/{callId}/routing"));
        using var sent = await counsellor.PostAsJsonAsync($"/api/calls/{callId}/referral", new SendReferralRequest(
            routing.Decision.Service!.Id, routing.Purposes[0].Code, routing.LegalBases[0].Code), Json);
        return await Read<ReferralReceipt>(sent);
    }

    private static async Task<T> Read<T>(HttpResponseMessage response)
    {
        using (response)
        {
            await EnsureAsync(response);
            return (await response.Content.ReadFromJsonAsync<T>(Json))!;
        }
    }

    private static async Task EnsureAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}
