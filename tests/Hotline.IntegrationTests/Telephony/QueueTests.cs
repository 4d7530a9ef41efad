using Hotline.Server.Calls;
using Hotline.Server.LiveConsole;
using Hotline.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Hotline.IntegrationTests.Telephony;

/// <summary>An app whose clock the test moves.</summary>
public sealed class ClockedApp : HotlineAppFactory
{
    public ClockedApp() => Time = Clock;

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2027, 3, 30, 8, 0, 0, TimeSpan.Zero));
}

/// <summary>Waiting: priority order, announcements at most once a minute, the overflow offer.</summary>
public sealed class QueueWaitTests(ClockedApp app) : IClassFixture<ClockedApp>
{
    [Fact]
    public async Task Position_follows_priority_then_arrival_announced_at_most_once_a_minute_then_overflow_after_the_max_wait()
    {
        var question = Twiml.NewCallSid();
        var urgent = Twiml.NewCallSid();
        await app.CallIntoQueueAsync(question, "1", "13150");
        app.Clock.Advance(TimeSpan.FromSeconds(30));
        await app.CallIntoQueueAsync(urgent, "3", "84000");

        // The urgent call arrived later but goes first.
        var urgentWait = await app.PostAsync("/telephony/twilio/wait", Twiml.Fields(urgent, ("QueuePosition", "2"), ("QueueTime", "1")));
        Assert.Contains("prochain appel", urgentWait.Said(), StringComparison.Ordinal);
        var questionWait = await app.PostAsync("/telephony/twilio/wait", Twiml.Fields(question, ("QueuePosition", "1"), ("QueueTime", "31")));
        Assert.Contains("position 2", questionWait.Said(), StringComparison.Ordinal);
        Assert.Equal("https://hold.test/music.mp3", questionWait.Single("Play").Value);

        // Within the minute: music only.
        app.Clock.Advance(TimeSpan.FromSeconds(40));
        var quiet = await app.PostAsync("/telephony/twilio/wait", Twiml.Fields(question));
        Assert.Empty(quiet.Descendants("Say"));
        quiet.Single("Play");

        app.Clock.Advance(TimeSpan.FromSeconds(21));
        var again = await app.PostAsync("/telephony/twilio/wait", Twiml.Fields(question));
        Assert.Contains("position 2", again.Said(), StringComparison.Ordinal);
        Assert.Empty(again.Descendants("Gather"));

        // Past the maximum wait (10 min by default): voicemail or callback is offered with one key.
        app.Clock.Advance(TimeSpan.FromMinutes(10));
        var overflow = await app.PostAsync("/telephony/twilio/wait", Twiml.Fields(question));
        var gather = overflow.Single("Gather");
        Assert.Equal("/telephony/twilio/wait-choice", gather.PathOf("action", app));
        Assert.Contains("tapez 1", gather.Value, StringComparison.Ordinal);

        var leave = await app.PostAsync("/telephony/twilio/wait-choice", Twiml.Fields(question, ("Digits", "1")));
        leave.Single("Leave");
        var menu = await app.PostAsync("/telephony/twilio/queue-result", Twiml.Fields(question, ("QueueResult", "leave"), ("QueueTime", "700")));
        Assert.Equal("/telephony/twilio/message-choice?attempt=1", menu.Single("Gather").PathOf("action", app));
        // The line is open: in-hours words, never "after the line reopens".
        Assert.Contains("dès qu'il sera disponible", menu.Said(), StringComparison.Ordinal);
        Assert.DoesNotContain("ouverture", menu.Said(), StringComparison.Ordinal);

        var call = await app.FindCallAsync(question);
        Assert.Equal(CallStatus.MessageMenu, call!.Status);
        Assert.Equal(700, call.WaitSeconds);
        Assert.Equal(3, call.Events.Count(e => e.Kind == CallEventKind.Announced)); // 0 s, 61 s, 661 s
        Assert.Single(call.Events, e => e.Kind == CallEventKind.OverflowOffered);
    }
}

/// <summary>Status callbacks and the Enqueue action: applied once, whatever the order.</summary>
public sealed class CallEndTests(ClockedApp app) : IClassFixture<ClockedApp>
{
    [Fact]
    public async Task Without_a_key_the_caller_stays_in_the_queue()
    {
        var callSid = Twiml.NewCallSid();
        await app.CallIntoQueueAsync(callSid, "2", "");

        var stay = await app.PostAsync("/telephony/twilio/wait-choice", Twiml.Fields(callSid, ("Digits", "")));

        Assert.Empty(stay.Elements());
        Assert.Equal(CallStatus.Queued, (await app.FindCallAsync(callSid))!.Status);
    }

    [Fact]
    public async Task Hanging_up_while_waiting_is_an_abandon_with_its_wait_time()
    {
        var callSid = Twiml.NewCallSid();
        await app.CallIntoQueueAsync(callSid, "2", "13150");
        app.Clock.Advance(TimeSpan.FromSeconds(95));

        await app.PostAsync("/telephony/twilio/queue-result", Twiml.Fields(callSid, ("QueueResult", "hangup"), ("QueueTime", "95")));

        var call = await app.FindCallAsync(callSid);
        Assert.Equal(CallStatus.Abandoned, call!.Status);
        Assert.Equal(95, call.WaitSeconds);
        Assert.Equal(app.Clock.GetUtcNow(), call.EndedAt);
        var abandoned = Assert.Single(call.Events, e => e.Kind == CallEventKind.Abandoned);
        Assert.Equal("wait=95s", abandoned.Detail);
    }

    [Fact]
    public async Task Duplicate_and_out_of_order_callbacks_are_applied_once()
    {
        var callSid = Twiml.NewCallSid();
        await app.CallIntoQueueAsync(callSid, "1", "");
        app.Clock.Advance(TimeSpan.FromSeconds(42));
        var completed = Twiml.Fields(callSid, ("CallStatus", "completed"), ("CallDuration", "50"));
        var token = new Dictionary<string, string> { ["I-Twilio-Idempotency-Token"] = Guid.NewGuid().ToString() };

        // The status callback first, twice (a Twilio retry), then the late Enqueue action.
        using (var first = await app.PostTwilioAsync("/telephony/twilio/status", completed, headers: token))
        {
            Assert.Equal(System.Net.HttpStatusCode.NoContent, first.StatusCode);
        }

        using (var retry = await app.PostTwilioAsync("/telephony/twilio/status", completed, headers: token))
        {
            Assert.Equal(System.Net.HttpStatusCode.NoContent, retry.StatusCode);
        }

        app.Clock.Advance(TimeSpan.FromSeconds(1));
        await app.PostAsync("/telephony/twilio/queue-result", Twiml.Fields(callSid, ("QueueResult", "hangup"), ("QueueTime", "43")));

        var call = await app.FindCallAsync(callSid);
        Assert.Equal(CallStatus.Abandoned, call!.Status);
        Assert.Equal(42, call.WaitSeconds);
        Assert.Single(call.Events, e => e.Kind == CallEventKind.Abandoned);
    }

    [Fact]
    public async Task Concurrent_copies_of_one_callback_are_applied_once()
    {
        var callSid = Twiml.NewCallSid();
        await app.CallIntoQueueAsync(callSid, "2", "");
        var completed = Twiml.Fields(callSid, ("CallStatus", "completed"));

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => app.PostTwilioAsync("/telephony/twilio/status", completed)));

        Assert.All(responses, response => Assert.Equal(System.Net.HttpStatusCode.NoContent, response.StatusCode));
        var call = await app.FindCallAsync(callSid);
        Assert.Single(call!.Events, e => e.Kind == CallEventKind.Abandoned);
    }

    [Fact]
    public async Task Progress_statuses_change_nothing()
    {
        var callSid = Twiml.NewCallSid();
        await app.CallIntoQueueAsync(callSid, "2", "");

        foreach (var status in new[] { "initiated", "ringing", "answered", "in-progress" })
        {
            using var response = await app.PostTwilioAsync("/telephony/twilio/status", Twiml.Fields(callSid, ("CallStatus", status)));
            Assert.Equal(System.Net.HttpStatusCode.NoContent, response.StatusCode);
        }

        Assert.Equal(CallStatus.Queued, (await app.FindCallAsync(callSid))!.Status);
    }
}
