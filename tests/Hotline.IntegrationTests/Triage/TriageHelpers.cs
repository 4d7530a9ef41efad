using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hotline.IntegrationTests.Telephony;
using Hotline.Server.Data;
using Hotline.Server.Calls;
using Hotline.Server.LiveConsole;
using Hotline.Server.Triage;
using Hotline.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.IntegrationTests.Triage;

public static class TriageHelpers
{
    /// <summary>The server's JSON: web defaults with enums as strings.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>
    /// A call that came through the voice menu with that postal code and was answered by that counsellor.
    /// The answering itself is covered by the console tests; here the call is simply marked as theirs.
    /// </summary>
    public static async Task<Guid> CallHeldByAsync(
        this HotlineAppFactory app, string userName, string postalCode = "13150", CallStatus status = CallStatus.Completed)
    {
        var callSid = Twiml.NewCallSid();
        await app.CallIntoQueueAsync(callSid, "2", postalCode);
        for (var attempt = 1; ; attempt++)
        {
            await using var scope = app.Scope();
            var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
            var counsellorId = await db.Users.Where(u => u.UserName == userName).Select(u => u.Id).SingleAsync();
            var call = await db.Calls.SingleAsync(c => c.CallSid == callSid);
            // Arranged directly: the status is the Calls feature's to change, this test only needs the outcome.
            db.Entry(call).Property(c => c.Status).CurrentValue = status;
            call.CounsellorId = counsellorId;
            call.AnsweredAt = call.ReceivedAt;
            call.EndedAt = status == CallStatus.Completed ? call.ReceivedAt.AddMinutes(50) : null;
            try
            {
                await db.SaveChangesAsync();
                return call.Id;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 5)
            {
                // A counsellor's console is connected and the dispatcher offered the queued call meanwhile: read it again.
            }
        }
    }

    public static TriageRequest Request(
        TriageOutcome? outcome = null,
        string? urgency = "concern",
        string? communeCode = "13108",
        IReadOnlyList<string>? signs = null,
        string? summary = null,
        bool consent = false,
        EmergencyServicesConfirmation? emergency = null,
        int? age = 16) =>
        new(CallerRelation.Mother,
            new ConcernedPersonRequest(age, null, null, communeCode, null),
            signs ?? ["family-break", "withdrawal"],
            urgency,
            summary,
            consent,
            outcome,
            emergency);

    public static Task<HttpResponseMessage> PutTriageAsync(this HttpClient client, Guid callId, TriageRequest request) =>
        client.PutAsJsonAsync($"/api/calls/{callId}/triage", request, Json, TestContext.Current.CancellationToken);

    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{(int)response.StatusCode}: {body}");
        }

        return JsonSerializer.Deserialize<T>(body, Json)!;
    }

    public static async Task<CallTriage?> StoredTriageAsync(this HotlineAppFactory app, Guid callId)
    {
        await using var scope = app.Scope();
        return await scope.ServiceProvider.GetRequiredService<HotlineDbContext>().Triages.AsNoTracking().SingleOrDefaultAsync(t => t.CallId == callId);
    }
}
