using Hotline.IntegrationTests.Telephony;
using Hotline.Server.Calls;
using Hotline.Server.LiveConsole;
using Hotline.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Hotline.IntegrationTests.LiveConsole;

/// <summary>A family who said "call me in the afternoon" is not called back in the morning (Paris time).</summary>
public sealed class CallbackWindowTests : IAsyncLifetime
{
    // Wednesday 3 March 2027, 11:59:50 in Paris (UTC+1): ten seconds of morning left.
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2027, 3, 3, 10, 59, 50, TimeSpan.Zero));
    private readonly TwilioConsoleApp _app;

    public CallbackWindowTests() => _app = new TwilioConsoleApp { Time = _clock };

    public ValueTask InitializeAsync() => _app.InitializeAsync();

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task An_afternoon_callback_is_offered_only_once_the_afternoon_has_come()
    {
        const string from = "+33644445555";
        var callSid = Twiml.NewCallSid();
        await _app.CallIntoQueueAsync(callSid, "1", "", from);
        await _app.PostAsync("/telephony/twilio/wait-choice", Twiml.Fields(callSid, ("From", from), ("Digits", "1")));
        await _app.PostAsync("/telephony/twilio/queue-result", Twiml.Fields(callSid, ("From", from), ("QueueResult", "leave")));
        await _app.PostAsync("/telephony/twilio/message-choice?attempt=1", Twiml.Fields(callSid, ("From", from), ("Digits", "2")));
        await _app.PostAsync("/telephony/twilio/callback-message?attempt=1", Twiml.Fields(callSid, ("Digits", "1")));
        await _app.PostAsync("/telephony/twilio/callback-time?attempt=1", Twiml.Fields(callSid, ("Digits", "3")));
        var item = (await _app.FindCallAsync(callSid))!;
        Assert.Equal(CallbackWindow.Afternoon, item.CallbackWindow);

        await using var counsellor = await ConsoleClient.ConnectAsync(_app, "counsellor1");
        // Morning: the counsellor is available and the item waits, but it is not theirs to call yet.
        await Assert.ThrowsAsync<TimeoutException>(() =>
            counsellor.WaitForAsync<OfferCard>("OfferReceived", o => o.Call.CallId == item.Id, TimeSpan.FromSeconds(3)));
        Assert.Null((await _app.FindCallAsync(callSid))!.CounsellorId);

        // 12:00:05 in Paris (a small step: a longer one would also outlast the console's presence grace).
        _clock.Advance(TimeSpan.FromSeconds(15));
        var offer = await counsellor.WaitForAsync<OfferCard>("OfferReceived", o => o.Call.CallId == item.Id);
        Assert.Equal(CallbackWindow.Afternoon, offer.Call.CallbackWindow);
    }
}
