using Hotline.IntegrationTests.Telephony;
using Hotline.Server.Calls;
using Hotline.Server.LiveConsole;
using Hotline.Testing;
using Microsoft.AspNetCore.WebUtilities;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Hotline.IntegrationTests.LiveConsole;

/// <summary>A family who said no message may be left: the callback hangs up on an answering machine and stays to do.</summary>
public sealed class DiscreetCallbackTests : IAsyncLifetime
{
    private readonly TwilioConsoleApp _app = new();

    public ValueTask InitializeAsync() => _app.InitializeAsync();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task A_discreet_callback_detects_answering_machines_hangs_up_on_them_and_returns_to_the_board()
    {
        _app.Twilio.Given(Request.Create().WithPath("/2010-04-01/Accounts/*/Calls.json").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(201).WithHeader("Content-Type", "application/json")
                .WithBody("""{"sid":"CAeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee","status":"queued"}"""));
        const string from = "+33633334444";
        var callSid = Twiml.NewCallSid();
        await _app.CallIntoQueueAsync(callSid, "1", "", from);
        await _app.PostAsync("/telephony/twilio/wait-choice", Twiml.Fields(callSid, ("From", from), ("Digits", "1")));
        await _app.PostAsync("/telephony/twilio/queue-result", Twiml.Fields(callSid, ("From", from), ("QueueResult", "leave")));
        await _app.PostAsync("/telephony/twilio/message-choice?attempt=1", Twiml.Fields(callSid, ("From", from), ("Digits", "2")));
        await _app.PostAsync("/telephony/twilio/callback-message?attempt=1", Twiml.Fields(callSid, ("Digits", "2")));
        await _app.PostAsync("/telephony/twilio/callback-time?attempt=1", Twiml.Fields(callSid, ("Digits", "1")));
        var itemId = (await _app.FindCallAsync(callSid))!.Id;

        await using var counsellor = await ConsoleClient.ConnectAsync(_app, "counsellor1");
        var offer = await counsellor.WaitForAsync<OfferCard>("OfferReceived", o => o.Call.CallId == itemId);
        Assert.False(offer.Call.CallbackMessageAllowed);
        Assert.Equal(CallbackWindow.AnyTime, offer.Call.CallbackWindow);
        Assert.True((await counsellor.AcceptAsync(offer.OfferId)).Accepted);

        var create = Assert.Single(_app.Twilio.LogEntries, e => e.RequestMessage.Method == "POST" && e.RequestMessage.Path.EndsWith("/Calls.json", StringComparison.Ordinal));
        var form = QueryHelpers.ParseQuery(create.RequestMessage.Body);
        Assert.Equal("Enable", form["MachineDetection"].Single());
        var connect = new Uri(form["Url"].Single()!);
        Assert.Contains("discreet=1", connect.Query, StringComparison.Ordinal);

        // Twilio's detection says a machine answered: hung up on, never bridged, no message left.
        var twiml = await _app.PostAsync(connect.PathAndQuery, Twiml.Fields("CAeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee", ("AnsweredBy", "machine_start")));
        twiml.Single("Hangup");
        Assert.Empty(twiml.Descendants("Dial"));

        var statusCallback = new Uri(form["StatusCallback"].Single()!);
        using (await _app.PostTwilioAsync(statusCallback.PathAndQuery,
            Twiml.Fields("CAeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee", ("CallStatus", "completed"), ("AnsweredBy", "machine_start"))))
        {
        }

        await counsellor.WaitForAsync<ConsoleNotice>("Notice", n => n.Code == "callback-unanswered");
        var item = await _app.FindCallAsync(callSid);
        Assert.Null(item!.HandledAt);
        Assert.Null(item.CounsellorId);
        Assert.NotNull(item.ProtectedCallbackNumber);
    }
}
