using System.Net.Http.Json;
using Hotline.IntegrationTests.Telephony;
using Hotline.Server.Console;
using Hotline.Testing;

namespace Hotline.IntegrationTests.Console;

/// <summary>No phone number ever reaches a log: a whole day's worth of flows with a capturing sink.</summary>
public sealed class PrivacyTests : IAsyncLifetime
{
    private readonly TwilioConsoleApp _app = new();

    public ValueTask InitializeAsync() => _app.InitializeAsync();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Caller_callback_and_counsellor_numbers_never_appear_in_the_logs()
    {
        const string caller = "+33677889900";
        const string callbackCaller = "+33655443322";
        const string counsellorPhone = "+33699887766";
        await using var console = await ConsoleClient.ConnectAsync(_app, "counsellor1");
        using var client = await _app.SignInAsync("counsellor1");
        using (await client.PutAsJsonAsync("/api/console/answering", new { mode = "Phone", phoneNumber = counsellorPhone }, TestContext.Current.CancellationToken))
        {
        }

        // A call taken, then ended; a bad signature; a callback request; garbage.
        var callSid = Twiml.NewCallSid();
        await _app.CallIntoQueueAsync(callSid, "2", "13150", caller);
        await _app.FirstWaitAsync(callSid);
        var callId = (await _app.FindCallAsync(callSid))!.Id;
        var offer = await console.WaitForAsync<OfferCard>("OfferReceived", o => o.Call.CallId == callId);
        Assert.True((await console.AcceptAsync(offer.OfferId)).Accepted);
        await _app.PostAsync($"/telephony/twilio/connect?counsellor={(await console.SnapshotAsync()).Me.UserId:N}", Twiml.Fields(callSid, ("From", caller)));
        using (await _app.PostTwilioAsync("/telephony/twilio/status", Twiml.Fields(callSid, ("From", caller), ("CallStatus", "completed")))) { }
        using (await _app.PostTwilioAsync("/telephony/twilio/voice", Twiml.Fields(Twiml.NewCallSid(), ("From", caller)), signature: "forged")) { }
        var other = Twiml.NewCallSid();
        await _app.PostAsync("/telephony/twilio/voice", Twiml.Fields(other, ("From", callbackCaller)));
        await _app.PostAsync("/telephony/twilio/menu?attempt=1", Twiml.Fields(other, ("From", callbackCaller), ("Digits", "9")));
        await _app.PostAsync("/telephony/twilio/wait-choice", Twiml.Fields(other, ("From", callbackCaller), ("Digits", "1")));
        using (await _app.PostTwilioAsync("/telephony/twilio/voice", Twiml.Fields("bad", ("From", callbackCaller)))) { }

        Assert.NotEmpty(_app.Logs);
        foreach (var number in new[] { caller, callbackCaller, counsellorPhone })
        {
            var national = "0" + number[3..];
            Assert.DoesNotContain(_app.Logs, line => line.Contains(number[1..], StringComparison.Ordinal) || line.Contains(national, StringComparison.Ordinal));
        }
    }
}
