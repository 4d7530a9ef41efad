using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hotline.IntegrationTests.Telephony;
using Hotline.Server.Calls;
using Hotline.Server.LiveConsole;
using Hotline.Testing;

namespace Hotline.IntegrationTests.LiveConsole;

/// <summary>"Prendre": a counsellor takes a waiting call from the queue; the database gives it to one person only.</summary>
public sealed class TakeTests : IAsyncLifetime
{
    private readonly TwilioConsoleApp _app = new();

    public ValueTask InitializeAsync() => _app.InitializeAsync();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static Task<HttpResponseMessage> TakeAsync(HttpClient client, Guid callId) =>
        client.PostAsync($"/api/console/calls/{callId}/take", null, TestContext.Current.CancellationToken);

    private static async Task<string?> CodeOfAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("code").GetString();

    [Fact]
    public async Task A_counsellor_takes_a_waiting_call_and_the_next_one_to_try_gets_409_call_taken()
    {
        await using var console1 = await ConsoleClient.ConnectAsync(_app, "counsellor1");
        await using var console2 = await ConsoleClient.ConnectAsync(_app, "counsellor2");
        await console1.SetPresenceAsync(Presence.Break);
        await console2.SetPresenceAsync(Presence.Break);
        using var client1 = await _app.SignInAsync("counsellor1");
        using var client2 = await _app.SignInAsync("counsellor2");
        var callSid = Twiml.NewCallSid();
        await _app.CallIntoQueueAsync(callSid, "2", "13150");
        var callId = (await _app.FindCallAsync(callSid))!.Id;

        using var taken = await TakeAsync(client1, callId);
        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        var current = await taken.Content.ReadFromJsonAsync<CurrentCall>(TriageJson, TestContext.Current.CancellationToken);
        Assert.Equal(callId, current!.CallId);
        await console1.WaitForAsync<CurrentCall>("CallConnected", c => c.CallId == callId);
        var call = await _app.FindCallAsync(callSid);
        Assert.Equal(CallStatus.Connected, call!.Status);
        Assert.Equal((await console1.SnapshotAsync()).Me.UserId, call.CounsellorId);
        Assert.Contains(call.Events, e => e.Kind == CallEventKind.Offered && e.Detail!.EndsWith(" taken", StringComparison.Ordinal));
        Assert.Equal(1, _app.DequeuesOf(callSid));

        using var late = await TakeAsync(client2, callId);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Equal("call-taken", await CodeOfAsync(late));

        // On a call, counsellor1 cannot take another one.
        var next = Twiml.NewCallSid();
        await _app.CallIntoQueueAsync(next, "1", "");
        using var busy = await TakeAsync(client1, (await _app.FindCallAsync(next))!.Id);
        Assert.Equal(HttpStatusCode.Conflict, busy.StatusCode);
        Assert.Equal("not-free", await CodeOfAsync(busy));
    }

    [Fact]
    public async Task Racing_takes_and_an_accept_of_the_same_call_have_exactly_one_winner()
    {
        await using var console1 = await ConsoleClient.ConnectAsync(_app, "counsellor1");
        await using var console2 = await ConsoleClient.ConnectAsync(_app, "counsellor2");
        await console2.SetPresenceAsync(Presence.Break);
        using var client2 = await _app.SignInAsync("counsellor2");
        var callSid = Twiml.NewCallSid();
        await _app.CallIntoQueueAsync(callSid, "3", "");
        var callId = (await _app.FindCallAsync(callSid))!.Id;
        var offer = await console1.WaitForAsync<OfferCard>("OfferReceived", o => o.Call.CallId == callId);

        // counsellor1 accepts the offer while counsellor2 presses "Prendre" five times.
        var accept = console1.AcceptAsync(offer.OfferId);
        var takes = Enumerable.Range(0, 5).Select(async _ =>
        {
            using var response = await TakeAsync(client2, callId);
            return response.StatusCode;
        }).ToList();
        var accepted = (await accept).Accepted;
        var statuses = await Task.WhenAll(takes);

        Assert.Equal(1, (accepted ? 1 : 0) + statuses.Count(s => s == HttpStatusCode.OK));
        Assert.All(statuses.Where(s => s != HttpStatusCode.OK), s => Assert.Equal(HttpStatusCode.Conflict, s));
        Assert.Equal(1, _app.DequeuesOf(callSid));
        var call = await _app.FindCallAsync(callSid);
        Assert.Equal(CallStatus.Connected, call!.Status);
        if (!accepted)
        {
            // The offer counsellor1 had on screen was withdrawn, and they are free again.
            await console1.WaitForAsync<object>("OfferWithdrawn");
            Assert.Equal(Presence.Available, (await console1.SnapshotAsync()).Me.Presence);
        }
    }

    private static readonly JsonSerializerOptions TriageJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };
}
