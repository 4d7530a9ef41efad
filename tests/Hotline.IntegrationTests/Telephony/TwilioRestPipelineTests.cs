using System.Diagnostics;
using Hotline.Server.Telephony.TwilioRest;
using Hotline.Testing;

namespace Hotline.IntegrationTests.Telephony;

/// <summary>The shared pipeline: circuit breaker, deletions, queue look-up, API base URL, settings.</summary>
public sealed class TwilioRestPipelineTests
{
    [Fact]
    public async Task The_circuit_opens_after_repeated_failures_and_then_nothing_reaches_Twilio()
    {
        await using var twilio = await TwilioRestHarness.StartAsync(
            ("Twilio:Rest:BreakerMinimumThroughput", "4"),
            ("Twilio:Rest:BreakerFailureRatio", "0.5"),
            ("Twilio:Rest:BreakerBreakDuration", "00:01:00"));
        twilio.On("DELETE", FakeTwilio.RecordingPath("RE0123"), Reply.Error(500, 20500, "Internal Server Error"));
        var callSid = Twiml.NewCallSid();
        twilio.On("POST", FakeTwilio.MemberPath(callSid), Reply.Json(200, FakeTwilio.MemberJson(callSid)));
        var cancel = TestContext.Current.CancellationToken;

        // 3 attempts (1 + 2 retries), all 500: 3 failures, below the minimum throughput of 4.
        Assert.IsType<DeleteRecordingResult.Failed>(await twilio.Api.DeleteRecordingAsync("RE0123", cancel));
        Assert.Equal(3, (await twilio.RequestsAsync(3)).Count);
        // The 4th failure opens the circuit; its retry is refused by the breaker, not sent.
        var opened = Assert.IsType<DeleteRecordingResult.Failed>(await twilio.Api.DeleteRecordingAsync("RE0123", cancel));
        Assert.Contains("circuit open", opened.Reason, StringComparison.Ordinal);
        Assert.Equal(4, (await twilio.RequestsAsync(4)).Count);
        // Now every request fails fast, whatever the endpoint.
        Assert.IsType<DeleteRecordingResult.Failed>(await twilio.Api.DeleteRecordingAsync("RE0123", cancel));
        var dequeue = Assert.IsType<DequeueResult.Failed>(await twilio.Api.DequeueAsync(FakeTwilio.QueueSid, callSid, new Uri("https://hotline.test/connect"), cancel));
        Assert.Contains("circuit open", dequeue.Reason, StringComparison.Ordinal);
        Assert.Equal(4, (await twilio.RequestsAsync(4)).Count);
    }

    [Theory]
    [InlineData(204, false)]
    [InlineData(404, true)]
    public async Task Deleting_a_recording_succeeds_when_it_is_gone(int status, bool alreadyGone)
    {
        await using var twilio = await TwilioRestHarness.StartAsync();
        twilio.On("DELETE", FakeTwilio.RecordingPath("RE0001"), status == 204 ? Reply.Text(204, "") : Reply.Error(404, 20404, "The requested resource was not found"));

        var result = await twilio.Api.DeleteRecordingAsync("RE0001", TestContext.Current.CancellationToken);

        Assert.Equal(new DeleteRecordingResult.Deleted(alreadyGone), result);
        Assert.Single(await twilio.RequestsAsync(1));
    }

    [Fact]
    public async Task A_timed_out_deletion_is_simply_sent_again()
    {
        await using var twilio = await TwilioRestHarness.StartAsync(TwilioRestHarness.ShortAttempts);
        twilio.On("DELETE", FakeTwilio.RecordingPath("RE0002"), Reply.Text(204, "") with { Delay = TwilioRestHarness.PastTheAttemptTimeout }, Reply.Text(204, ""));

        var result = await twilio.Api.DeleteRecordingAsync("RE0002", TestContext.Current.CancellationToken);

        Assert.Equal(new DeleteRecordingResult.Deleted(AlreadyGone: false), result);
        Assert.Equal(["DELETE", "DELETE"], (await twilio.RequestsAsync(2)).Select(r => r.Method));
    }

    [Fact]
    public async Task The_callers_cancellation_reaches_the_request_and_is_not_retried()
    {
        await using var twilio = await TwilioRestHarness.StartAsync();
        twilio.On("DELETE", FakeTwilio.RecordingPath("RE0004"), Reply.Text(204, "") with { Delay = TimeSpan.FromSeconds(3) });
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        var deleting = twilio.Api.DeleteRecordingAsync("RE0004", cancel.Token);
        // Cancelled once the request is at "Twilio", its answer 3 s away, however long a loaded machine took to send it
        // (a fixed 200 ms once cancelled a request that had not left yet).
        await twilio.ArrivedAsync(1);
        var clock = Stopwatch.StartNew();
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => deleting);

        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(1500), $"cancelled after {clock.Elapsed}");
        await Task.Delay(300, TestContext.Current.CancellationToken);
        Assert.Equal(1, twilio.Arrived);
    }

    [Fact]
    public async Task A_queue_sid_is_read_once_then_cached()
    {
        await using var twilio = await TwilioRestHarness.StartAsync();
        twilio.On("GET", FakeTwilio.QueuesPath, Reply.Json(200, FakeTwilio.QueueListJson(("QU00000000000000000000000000000001", "other"), (FakeTwilio.QueueSid, "hotline"))));
        var cancel = TestContext.Current.CancellationToken;

        Assert.Equal(new QueueLookupResult.Found(FakeTwilio.QueueSid), await twilio.Api.FindQueueSidAsync("hotline", cancel));
        Assert.Equal(new QueueLookupResult.Found(FakeTwilio.QueueSid), await twilio.Api.FindQueueSidAsync("hotline", cancel));
        Assert.Single(await twilio.RequestsAsync(1));

        Assert.Equal(new QueueLookupResult.NotFound(), await twilio.Api.FindQueueSidAsync("missing", cancel));
        Assert.Equal(2, (await twilio.RequestsAsync(2)).Count);
    }

    [Fact]
    public async Task A_path_prefix_in_the_api_base_url_is_kept()
    {
        await using var twilio = await TwilioRestHarness.StartAsync(prefix: "/fake-twilio");
        twilio.On("DELETE", "/fake-twilio" + FakeTwilio.RecordingPath("RE0003"), Reply.Text(204, ""));

        var result = await twilio.Api.DeleteRecordingAsync("RE0003", TestContext.Current.CancellationToken);

        Assert.Equal(new DeleteRecordingResult.Deleted(AlreadyGone: false), result);
        Assert.Equal("/fake-twilio" + FakeTwilio.RecordingPath("RE0003"), Assert.Single(await twilio.RequestsAsync(1)).Path);
    }

    [Fact]
    public void Requests_to_the_real_api_are_not_rewritten_and_others_are_moved_once()
    {
        Assert.Null(TwilioApiBaseHandler.TargetFor("https://api.twilio.com"));
        Assert.Null(TwilioApiBaseHandler.TargetFor("https://API.twilio.com/"));

        var target = TwilioApiBaseHandler.TargetFor("http://127.0.0.1:8089/sim")!;
        var original = new Uri("https://api.twilio.com/2010-04-01/Accounts/AC1/Calls.json?To=%2B33612345678&PageSize=20");
        var moved = TwilioApiBaseHandler.Rewrite(original, target);
        Assert.Equal("http://127.0.0.1:8089/sim/2010-04-01/Accounts/AC1/Calls.json?To=%2B33612345678&PageSize=20", moved.AbsoluteUri);
        Assert.Same(moved, TwilioApiBaseHandler.Rewrite(moved, target));
    }

    [Theory]
    [InlineData("Twilio:Rest:AttemptTimeout", "00:00:00.010", "Twilio:Rest:AttemptTimeout")]
    [InlineData("Twilio:Rest:AttemptTimeout", "00:00:20", "Twilio:Rest:TotalTimeout")]
    [InlineData("Twilio:Rest:BreakerMinimumThroughput", "1", "Twilio:Rest:BreakerMinimumThroughput")]
    public async Task A_bad_rest_setting_stops_the_server_with_a_message_naming_it(string key, string value, string named)
    {
        await using var app = new HotlineAppFactory();
        await app.InitializeAsync();
        app.Settings[key] = value;

        var error = Assert.ThrowsAny<Exception>(() => app.Services);

        Assert.Contains(named, error.ToString(), StringComparison.Ordinal);
    }
}
