using Hotline.IntegrationTests.Telephony;
using Hotline.Server.LiveConsole;
using Hotline.Server.Calls;
using Hotline.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.WebUtilities;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Hotline.IntegrationTests.LiveConsole;

/// <summary>Voicemail and callback items are offered like calls; a callback is placed once through Twilio.</summary>
public sealed class WorkItemTests : IAsyncLifetime
{
    private readonly TwilioConsoleApp _app = new();

    public ValueTask InitializeAsync() => _app.InitializeAsync();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    /// <summary>A caller who waited chooses, with one key, to leave the queue for a message or a callback.</summary>
    private async Task<Guid> LeaveQueueForAsync(string callSid, string choice, string from)
    {
        await _app.CallIntoQueueAsync(callSid, "2", "13150", from);
        await _app.PostAsync("/telephony/twilio/wait-choice", Twiml.Fields(callSid, ("From", from), ("Digits", "1")));
        await _app.PostAsync("/telephony/twilio/queue-result", Twiml.Fields(callSid, ("From", from), ("QueueResult", "leave"), ("QueueTime", "30")));
        await _app.PostAsync("/telephony/twilio/message-choice?attempt=1", Twiml.Fields(callSid, ("From", from), ("Digits", choice)));
        return (await _app.FindCallAsync(callSid))!.Id;
    }

    [Fact]
    public async Task A_callback_item_is_offered_and_accepting_it_places_exactly_one_outbound_call()
    {
        _app.Twilio.Given(Request.Create().WithPath("/2010-04-01/Accounts/*/Calls.json").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json")
                .WithBody("""{"sid":"CAffffffffffffffffffffffffffffffff","status":"queued"}"""));
        var callSid = Twiml.NewCallSid();
        var itemId = await LeaveQueueForAsync(callSid, "2", "+33611112222");
        Assert.Equal(CallStatus.CallbackRequested, (await _app.FindCallAsync(callSid))!.Status);

        await using var counsellor = await ConsoleClient.ConnectAsync(_app, "counsellor1");
        var offer = await counsellor.WaitForAsync<OfferCard>("OfferReceived", o => o.Call.CallId == itemId);
        Assert.Equal(CallCardKind.Callback, offer.Call.Kind);

        var accepted = await counsellor.AcceptAsync(offer.OfferId);

        Assert.True(accepted.Accepted, accepted.Reason);
        var create = Assert.Single(_app.Twilio.LogEntries, e => e.RequestMessage.Method == "POST" && e.RequestMessage.Path.EndsWith("/Calls.json", StringComparison.Ordinal));
        var form = QueryHelpers.ParseQuery(create.RequestMessage.Body);
        Assert.Equal("+33611112222", form["To"].Single());
        Assert.Equal("+33800005696", form["From"].Single());
        Assert.Contains("/telephony/twilio/connect?counsellor=", form["Url"].Single(), StringComparison.Ordinal);
        var statusCallback = new Uri(form["StatusCallback"].Single()!);
        Assert.StartsWith("/telephony/twilio/callback-status", statusCallback.AbsolutePath, StringComparison.Ordinal);

        // The family answered and the conversation ended: the item is done and the number forgotten.
        using (var done = await _app.PostTwilioAsync(statusCallback.PathAndQuery, Twiml.Fields("CAffffffffffffffffffffffffffffffff", ("CallStatus", "completed"))))
        {
            Assert.Equal(System.Net.HttpStatusCode.NoContent, done.StatusCode);
        }

        await counsellor.WaitForAsync<CounsellorState>("PresenceChanged", s => s.Presence == Presence.WrapUp);
        var item = await _app.FindCallAsync(callSid);
        Assert.NotNull(item!.HandledAt);
        Assert.Null(item.ProtectedCallbackNumber);
        Assert.DoesNotContain((await counsellor.SnapshotAsync()).Queue, card => card.CallId == itemId);
    }

    [Fact]
    public async Task A_voicemail_item_is_offered_taken_and_finished()
    {
        var callSid = Twiml.NewCallSid();
        var itemId = await LeaveQueueForAsync(callSid, "1", "+33622223333");
        using (await _app.PostTwilioAsync("/telephony/twilio/recording", Twiml.Fields(callSid,
            ("RecordingSid", "RE" + Guid.NewGuid().ToString("N")), ("RecordingDuration", "25"), ("RecordingStatus", "completed"))))
        {
        }

        await using var counsellor = await ConsoleClient.ConnectAsync(_app, "counsellor2");
        var offer = await counsellor.WaitForAsync<OfferCard>("OfferReceived", o => o.Call.CallId == itemId);
        Assert.Equal(CallCardKind.Voicemail, offer.Call.Kind);
        Assert.Equal(25, offer.Call.RecordingSeconds);

        var accepted = await counsellor.AcceptAsync(offer.OfferId);
        Assert.True(accepted.Accepted, accepted.Reason);
        Assert.Equal(itemId, accepted.Call!.CallId);
        Assert.DoesNotContain((await counsellor.SnapshotAsync()).Queue, card => card.CallId == itemId);

        Assert.True(await counsellor.Connection.InvokeAsync<bool>("FinishItem", itemId, TestContext.Current.CancellationToken));
        Assert.NotNull((await _app.FindCallAsync(callSid))!.HandledAt);
        await counsellor.WaitForAsync<CounsellorState>("PresenceChanged", s => s.Presence == Presence.WrapUp);
    }
}
