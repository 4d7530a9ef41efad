using Hotline.IntegrationTests.Telephony;
using Hotline.Server.Calls;
using Hotline.Server.LiveConsole;
using Hotline.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.WebUtilities;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Hotline.IntegrationTests.LiveConsole;

/// <summary>"Raccrocher": the counsellor ends the current call through Twilio's REST API (WireMock plays Twilio).</summary>
public sealed class HangUpTests : IAsyncLifetime
{
    private readonly TwilioConsoleApp _app = new();

    public ValueTask InitializeAsync() => _app.InitializeAsync();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private Task<bool> HangUpAsync(ConsoleClient console) => console.Connection.InvokeAsync<bool>("HangUp", TestContext.Current.CancellationToken);

    [Fact]
    public async Task Raccrocher_completes_the_caller_s_call_at_Twilio_and_the_status_callback_starts_the_wrap_up()
    {
        await using var console = await ConsoleClient.ConnectAsync(_app, "counsellor1");
        var callSid = Twiml.NewCallSid();
        _app.Twilio.Given(Request.Create().WithPath($"/2010-04-01/Accounts/*/Calls/{callSid}.json").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody($$"""{"sid":"{{callSid}}","status":"completed"}"""));

        // Nothing to hang up before a call.
        Assert.False(await HangUpAsync(console));

        await _app.CallIntoQueueAsync(callSid, "2", "13150");
        var callId = (await _app.FindCallAsync(callSid))!.Id;
        var offer = await console.WaitForAsync<OfferCard>("OfferReceived", o => o.Call.CallId == callId);
        Assert.True((await console.AcceptAsync(offer.OfferId)).Accepted);

        Assert.True(await HangUpAsync(console));
        var request = Assert.Single(_app.Twilio.LogEntries, e => e.RequestMessage.Method == "POST"
            && e.RequestMessage.Path.EndsWith($"/Calls/{callSid}.json", StringComparison.Ordinal));
        Assert.Equal("completed", QueryHelpers.ParseQuery(request.RequestMessage.Body)["Status"].Single());

        // Twilio then reports the call completed: wrap-up, as when the caller hangs up.
        using (await _app.PostTwilioAsync("/telephony/twilio/status", Twiml.Fields(callSid, ("CallStatus", "completed"))))
        {
        }

        await console.WaitForAsync<CounsellorState>("PresenceChanged", s => s.Presence == Presence.WrapUp);
        Assert.Equal(CallStatus.Completed, (await _app.FindCallAsync(callSid))!.Status);
        Assert.False(await HangUpAsync(console));
    }

    [Fact]
    public async Task Raccrocher_on_a_call_Twilio_already_ended_closes_it_and_starts_the_wrap_up_without_its_lost_status_callback()
    {
        // The chaos run: the caller's hang-up callback was lost in a database outage (Twilio does not repeat it).
        await using var console = await ConsoleClient.ConnectAsync(_app, "counsellor1");
        var callSid = Twiml.NewCallSid();
        GivenTwilioRefusesTheHangUp(callSid);
        GivenTwilioReportsTheCall(callSid, "completed");
        await _app.CallIntoQueueAsync(callSid, "2", "13150");
        var callId = (await _app.FindCallAsync(callSid))!.Id;
        var offer = await console.WaitForAsync<OfferCard>("OfferReceived", o => o.Call.CallId == callId);
        Assert.True((await console.AcceptAsync(offer.OfferId)).Accepted);

        Assert.True(await HangUpAsync(console));

        await console.WaitForAsync<CounsellorState>("PresenceChanged", s => s.Presence == Presence.WrapUp);
        var call = (await _app.FindCallAsync(callSid))!;
        Assert.Equal(CallStatus.Completed, call.Status);
        Assert.NotNull(call.EndedAt);
        // Closed once: the status callback arriving late after all changes nothing.
        using (await _app.PostTwilioAsync("/telephony/twilio/status", Twiml.Fields(callSid, ("CallStatus", "completed"))))
        {
        }

        Assert.Equal(call.EndedAt, (await _app.FindCallAsync(callSid))!.EndedAt);
        Assert.False(await HangUpAsync(console));
    }

    [Fact]
    public async Task A_refused_hang_up_of_a_call_still_in_progress_says_so()
    {
        await using var console = await ConsoleClient.ConnectAsync(_app, "counsellor1");
        var callSid = Twiml.NewCallSid();
        GivenTwilioRefusesTheHangUp(callSid);
        GivenTwilioReportsTheCall(callSid, "in-progress");
        await _app.CallIntoQueueAsync(callSid, "2", "13150");
        var callId = (await _app.FindCallAsync(callSid))!.Id;
        var offer = await console.WaitForAsync<OfferCard>("OfferReceived", o => o.Call.CallId == callId);
        Assert.True((await console.AcceptAsync(offer.OfferId)).Accepted);

        Assert.False(await HangUpAsync(console));
        Assert.Equal(CallStatus.Connected, (await _app.FindCallAsync(callSid))!.Status);
    }

    /// <summary>Twilio's answer to Status=completed on a call it no longer considers in progress.</summary>
    private void GivenTwilioRefusesTheHangUp(string callSid) =>
        _app.Twilio.Given(Request.Create().WithPath($"/2010-04-01/Accounts/*/Calls/{callSid}.json").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(400).WithHeader("Content-Type", "application/json")
                .WithBody("""{"code":21220,"message":"Call is not in-progress. Cannot redirect.","status":400}"""));

    private void GivenTwilioReportsTheCall(string callSid, string status) =>
        _app.Twilio.Given(Request.Create().WithPath($"/2010-04-01/Accounts/*/Calls/{callSid}.json").UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody($$"""{"sid":"{{callSid}}","status":"{{status}}"}"""));
}
