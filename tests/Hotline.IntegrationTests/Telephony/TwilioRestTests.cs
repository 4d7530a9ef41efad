// Long file: the REST client's test classes (one per operation) share one WireMock fixture and its helpers.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Hotline.Server.Telephony.TwilioRest;
using Hotline.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;
using WireMock;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace Hotline.IntegrationTests.Telephony;

/// <summary>Taking a caller out of the queue: what is repeated, what is checked first, and how often Twilio is asked.</summary>
public sealed class TwilioRestDequeueTests
{
    private static readonly Uri ConnectUrl = new("https://hotline.test/telephony/twilio/connect?counsellor=c1");

    [Fact]
    public async Task Dequeue_posts_the_connect_url_with_basic_auth_to_the_member_path()
    {
        await using var twilio = await TwilioRestHarness.StartAsync();
        var callSid = Twiml.NewCallSid();
        twilio.On("POST", FakeTwilio.MemberPath(callSid), Reply.Json(200, FakeTwilio.MemberJson(callSid)));

        var result = await twilio.Api.DequeueAsync(FakeTwilio.QueueSid, callSid, ConnectUrl, TestContext.Current.CancellationToken);

        Assert.Equal(new DequeueResult.Dequeued(Confirmed: true), result);
        var request = Assert.Single(await twilio.RequestsAsync(1));
        Assert.Equal("POST", request.Method);
        Assert.Equal($"/2010-04-01/Accounts/{HotlineAppFactory.TwilioAccountSid}/Queues/{FakeTwilio.QueueSid}/Members/{callSid}.json", request.Path);
        var credentials = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{HotlineAppFactory.TwilioAccountSid}:{HotlineAppFactory.TwilioAuthToken}"));
        Assert.Equal($"Basic {credentials}", request.Headers!["Authorization"].Single());
        var form = QueryHelpers.ParseQuery(request.Body);
        Assert.Equal(ConnectUrl.AbsoluteUri, form["Url"].Single());
        Assert.Equal("POST", form["Method"].Single());
    }

    [Fact]
    public async Task A_429_is_retried_after_the_Retry_After_delay()
    {
        await using var twilio = await TwilioRestHarness.StartAsync();
        var callSid = Twiml.NewCallSid();
        twilio.On("POST", FakeTwilio.MemberPath(callSid),
            Reply.Error(429, 20429, "Too Many Requests") with { Headers = new() { ["Retry-After"] = "1" } },
            Reply.Json(200, FakeTwilio.MemberJson(callSid)));

        var clock = Stopwatch.StartNew();
        var result = await twilio.Api.DequeueAsync(FakeTwilio.QueueSid, callSid, ConnectUrl, TestContext.Current.CancellationToken);

        Assert.Equal(new DequeueResult.Dequeued(Confirmed: true), result);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(900), $"retried after {clock.Elapsed}, Retry-After said 1 s");
        Assert.Equal(["POST", "POST"], Methods(await twilio.RequestsAsync(2)));
    }

    [Fact]
    public async Task A_429_asking_for_a_longer_wait_than_allowed_fails_at_once()
    {
        await using var twilio = await TwilioRestHarness.StartAsync();
        var callSid = Twiml.NewCallSid();
        twilio.On("POST", FakeTwilio.MemberPath(callSid), Reply.Error(429, 20429, "Too Many Requests") with { Headers = new() { ["Retry-After"] = "30" } });

        var result = await twilio.Api.DequeueAsync(FakeTwilio.QueueSid, callSid, ConnectUrl, TestContext.Current.CancellationToken);

        var failed = Assert.IsType<DequeueResult.Failed>(result);
        Assert.Contains("HTTP 429", failed.Reason, StringComparison.Ordinal);
        Assert.Single(await twilio.RequestsAsync(1));
    }

    [Fact]
    public async Task A_503_is_retried_because_Twilio_did_not_process_the_request()
    {
        await using var twilio = await TwilioRestHarness.StartAsync();
        var callSid = Twiml.NewCallSid();
        twilio.On("POST", FakeTwilio.MemberPath(callSid), Reply.Text(503, "Service Unavailable"), Reply.Json(200, FakeTwilio.MemberJson(callSid)));

        var result = await twilio.Api.DequeueAsync(FakeTwilio.QueueSid, callSid, ConnectUrl, TestContext.Current.CancellationToken);

        Assert.Equal(new DequeueResult.Dequeued(Confirmed: true), result);
        Assert.Equal(["POST", "POST"], Methods(await twilio.RequestsAsync(2)));
    }

    [Fact]
    public async Task A_timed_out_dequeue_is_not_posted_again_blindly_the_member_is_read_and_still_waiting_so_it_is_tried_once_more()
    {
        await using var twilio = await TwilioRestHarness.StartAsync(TwilioRestHarness.ShortAttempts);
        var callSid = Twiml.NewCallSid();
        twilio.On("POST", FakeTwilio.MemberPath(callSid),
            Reply.Json(200, FakeTwilio.MemberJson(callSid)) with { Delay = TwilioRestHarness.PastTheAttemptTimeout },
            Reply.Json(200, FakeTwilio.MemberJson(callSid)));
        twilio.On("GET", FakeTwilio.MemberPath(callSid), Reply.Json(200, FakeTwilio.MemberJson(callSid)));

        var result = await twilio.Api.DequeueAsync(FakeTwilio.QueueSid, callSid, ConnectUrl, TestContext.Current.CancellationToken);

        Assert.Equal(new DequeueResult.Dequeued(Confirmed: true), result);
        Assert.Equal(["POST", "GET", "POST"], Methods(await twilio.RequestsAsync(3)));
    }

    [Fact]
    public async Task A_timed_out_dequeue_whose_member_is_gone_counts_as_dequeued_unconfirmed()
    {
        await using var twilio = await TwilioRestHarness.StartAsync(TwilioRestHarness.ShortAttempts);
        var callSid = Twiml.NewCallSid();
        twilio.On("POST", FakeTwilio.MemberPath(callSid), Reply.Json(200, FakeTwilio.MemberJson(callSid)) with { Delay = TwilioRestHarness.PastTheAttemptTimeout });
        twilio.On("GET", FakeTwilio.MemberPath(callSid), Reply.Error(404, 20404, "The requested resource was not found"));

        var result = await twilio.Api.DequeueAsync(FakeTwilio.QueueSid, callSid, ConnectUrl, TestContext.Current.CancellationToken);

        Assert.Equal(new DequeueResult.Dequeued(Confirmed: false), result);
        Assert.Equal(["POST", "GET"], Methods(await twilio.RequestsAsync(2)));
    }

    [Fact]
    public async Task A_500_on_dequeue_is_not_repeated_before_the_member_is_read()
    {
        await using var twilio = await TwilioRestHarness.StartAsync();
        var callSid = Twiml.NewCallSid();
        twilio.On("POST", FakeTwilio.MemberPath(callSid), Reply.Error(500, 20500, "Internal Server Error"), Reply.Json(200, FakeTwilio.MemberJson(callSid)));
        twilio.On("GET", FakeTwilio.MemberPath(callSid), Reply.Json(200, FakeTwilio.MemberJson(callSid)));

        var result = await twilio.Api.DequeueAsync(FakeTwilio.QueueSid, callSid, ConnectUrl, TestContext.Current.CancellationToken);

        Assert.Equal(new DequeueResult.Dequeued(Confirmed: true), result);
        Assert.Equal(["POST", "GET", "POST"], Methods(await twilio.RequestsAsync(3)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"call_sid\": ")]
    [InlineData("<html>OK</html>")]
    public async Task A_2xx_with_an_empty_or_malformed_body_still_means_dequeued(string body)
    {
        await using var twilio = await TwilioRestHarness.StartAsync();
        var callSid = Twiml.NewCallSid();
        twilio.On("POST", FakeTwilio.MemberPath(callSid), Reply.Json(200, body));

        var result = await twilio.Api.DequeueAsync(FakeTwilio.QueueSid, callSid, ConnectUrl, TestContext.Current.CancellationToken);

        Assert.Equal(new DequeueResult.Dequeued(Confirmed: true), result);
        Assert.Single(await twilio.RequestsAsync(1));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_404_means_the_caller_is_no_longer_in_that_queue(bool twilioErrorBody)
    {
        await using var twilio = await TwilioRestHarness.StartAsync();
        var callSid = Twiml.NewCallSid();
        twilio.On("POST", FakeTwilio.MemberPath(callSid), twilioErrorBody ? Reply.Error(404, 20404, "The requested resource was not found") : Reply.Text(404, ""));

        var result = await twilio.Api.DequeueAsync(FakeTwilio.QueueSid, callSid, ConnectUrl, TestContext.Current.CancellationToken);

        Assert.Equal(new DequeueResult.CallerGone(), result);
        Assert.Single(await twilio.RequestsAsync(1));
    }

    [Fact]
    public async Task A_refusal_is_reported_with_its_Twilio_code_and_not_retried()
    {
        await using var twilio = await TwilioRestHarness.StartAsync();
        var callSid = Twiml.NewCallSid();
        twilio.On("POST", FakeTwilio.MemberPath(callSid), Reply.Error(400, 21220, "Invalid call state for this operation"));

        var result = await twilio.Api.DequeueAsync(FakeTwilio.QueueSid, callSid, ConnectUrl, TestContext.Current.CancellationToken);

        var failed = Assert.IsType<DequeueResult.Failed>(result);
        Assert.Contains("Twilio error 21220", failed.Reason, StringComparison.Ordinal);
        Assert.Single(await twilio.RequestsAsync(1));
    }

    private static string[] Methods(IEnumerable<IRequestMessage> requests) => [.. requests.Select(r => r.Method)];
}

/// <summary>Calling a family back: never two calls for one request, and never the number in a log.</summary>
public sealed class TwilioRestCallbackTests
{
    private const string To = "+33612345678";
    private const string From = "+33180000000";
    private static readonly Uri TwimlUrl = new("https://hotline.test/telephony/twilio/callback-answered?callback=42");
    private static readonly Uri StatusUrl = new("https://hotline.test/telephony/twilio/status");

    [Fact]
    public async Task A_callback_is_created_once_with_its_status_callback()
    {
        await using var twilio = await TwilioRestHarness.StartAsync();
        var callSid = Twiml.NewCallSid();
        twilio.On("POST", FakeTwilio.CallsPath, Reply.Json(201, FakeTwilio.CallJson(callSid, To, From, DateTimeOffset.UtcNow)));

        var result = await twilio.Api.CreateCallAsync(To, From, TwimlUrl, StatusUrl, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(new CreateCallResult.Created(callSid, Confirmed: true), result);
        var request = Assert.Single(await twilio.RequestsAsync(1));
        var form = QueryHelpers.ParseQuery(request.Body);
        Assert.Equal(To, form["To"].Single());
        Assert.Equal(From, form["From"].Single());
        Assert.Equal(TwimlUrl.AbsoluteUri, form["Url"].Single());
        Assert.Equal(StatusUrl.AbsoluteUri, form["StatusCallback"].Single());
        Assert.Equal(["initiated", "ringing", "answered", "completed"], form["StatusCallbackEvent"].ToArray());
        twilio.AssertNoNumberLogged(To);
    }

    [Fact]
    public async Task A_timed_out_callback_found_among_recent_calls_is_not_created_again()
    {
        await using var twilio = await TwilioRestHarness.StartAsync(TwilioRestHarness.ShortAttempts);
        var callSid = Twiml.NewCallSid();
        var created = DateTimeOffset.UtcNow;
        twilio.On("POST", FakeTwilio.CallsPath, Reply.Json(201, FakeTwilio.CallJson(callSid, To, From, created)) with { Delay = TwilioRestHarness.PastTheAttemptTimeout });
        twilio.On("GET", FakeTwilio.CallsPath, Reply.Json(200, FakeTwilio.CallListJson(
            FakeTwilio.CallJson(Twiml.NewCallSid(), To, From, created.AddHours(-3)),
            FakeTwilio.CallJson(callSid, To, From, created))));

        var result = await twilio.Api.CreateCallAsync(To, From, TwimlUrl, StatusUrl, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(new CreateCallResult.Created(callSid, Confirmed: false), result);
        var requests = await twilio.RequestsAsync(2);
        Assert.Equal(["POST", "GET"], requests.Select(r => r.Method));
        Assert.Equal(To, requests[1].Query!["To"].Single());
        Assert.Equal(From, requests[1].Query!["From"].Single());
        twilio.AssertNoNumberLogged(To);
    }

    [Fact]
    public async Task A_timed_out_callback_absent_from_recent_calls_is_created_once_more()
    {
        await using var twilio = await TwilioRestHarness.StartAsync(TwilioRestHarness.ShortAttempts);
        var lost = Twiml.NewCallSid();
        var second = Twiml.NewCallSid();
        twilio.On("POST", FakeTwilio.CallsPath,
            Reply.Json(500, "") with { Delay = TwilioRestHarness.PastTheAttemptTimeout },
            Reply.Json(201, FakeTwilio.CallJson(second, To, From, DateTimeOffset.UtcNow)));
        // An older call to the same number is not ours.
        twilio.On("GET", FakeTwilio.CallsPath, Reply.Json(200, FakeTwilio.CallListJson(FakeTwilio.CallJson(lost, To, From, DateTimeOffset.UtcNow.AddMinutes(-10)))));

        var result = await twilio.Api.CreateCallAsync(To, From, TwimlUrl, StatusUrl, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(new CreateCallResult.Created(second, Confirmed: true), result);
        Assert.Equal(["POST", "GET", "POST"], (await twilio.RequestsAsync(3)).Select(r => r.Method));
        twilio.AssertNoNumberLogged(To);
    }

    [Fact]
    public async Task An_accepted_callback_with_an_unreadable_answer_is_looked_up_not_created_again()
    {
        await using var twilio = await TwilioRestHarness.StartAsync();
        var callSid = Twiml.NewCallSid();
        twilio.On("POST", FakeTwilio.CallsPath, Reply.Json(201, ""));
        twilio.On("GET", FakeTwilio.CallsPath, Reply.Json(200, FakeTwilio.CallListJson(FakeTwilio.CallJson(callSid, To, From, DateTimeOffset.UtcNow))));

        var result = await twilio.Api.CreateCallAsync(To, From, TwimlUrl, StatusUrl, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(new CreateCallResult.Created(callSid, Confirmed: false), result);
        Assert.Equal(["POST", "GET"], (await twilio.RequestsAsync(2)).Select(r => r.Method));
    }

    [Fact]
    public async Task A_refused_callback_fails_without_the_number_in_the_reason_or_the_logs()
    {
        await using var twilio = await TwilioRestHarness.StartAsync();
        twilio.On("POST", FakeTwilio.CallsPath, Reply.Error(400, 21211, $"The 'To' number {To} is not a valid phone number."));

        var result = await twilio.Api.CreateCallAsync(To, From, TwimlUrl, StatusUrl, cancellationToken: TestContext.Current.CancellationToken);

        var failed = Assert.IsType<CreateCallResult.Failed>(result);
        Assert.Contains("Twilio error 21211", failed.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("612345678", failed.Reason, StringComparison.Ordinal);
        Assert.Single(await twilio.RequestsAsync(1));
        twilio.AssertNoNumberLogged(To);
    }
}

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

/// <summary>The app, with its Twilio REST API pointed at a WireMock server of its own.</summary>
internal sealed class TwilioRestHarness : IAsyncDisposable
{
    /// <summary>For tests of the attempt timeout: short attempts, and answers that arrive well after.</summary>
    public static readonly (string, string)[] ShortAttempts = [("Twilio:Rest:AttemptTimeout", "00:00:00.500")];

    public static readonly TimeSpan PastTheAttemptTimeout = TimeSpan.FromMilliseconds(1500);

    private readonly FakeTwilio _twilio;
    private readonly LoggedApp _app;

    private TwilioRestHarness(FakeTwilio twilio, LoggedApp app)
    {
        _twilio = twilio;
        _app = app;
    }

    public TwilioApi Api => _app.Services.GetRequiredService<TwilioApi>();

    public static Task<TwilioRestHarness> StartAsync(params (string Key, string Value)[] settings) => StartAsync("", settings);

    public static async Task<TwilioRestHarness> StartAsync(string prefix, params (string Key, string Value)[] settings)
    {
        var twilio = new FakeTwilio();
        await twilio.WarmUpAsync();
        var app = new LoggedApp();
        await app.InitializeAsync();
        app.Settings["Twilio:ApiBaseUrl"] = twilio.Url + prefix;
        // Fast and deterministic by default: generous attempts (a cold first request must not time
        // out), tiny back-off, no wait before listing calls, and a breaker that stays out of the way.
        app.Settings["Twilio:Rest:AttemptTimeout"] = "00:00:02";
        app.Settings["Twilio:Rest:TotalTimeout"] = "00:00:05";
        app.Settings["Twilio:Rest:RetryDelay"] = "00:00:00.010";
        app.Settings["Twilio:Rest:MaxRetryAfter"] = "00:00:02";
        app.Settings["Twilio:Rest:ReconcileDelay"] = "00:00:00.050";
        app.Settings["Twilio:Rest:BreakerMinimumThroughput"] = "1000";
        foreach (var (key, value) in settings)
        {
            app.Settings[key] = value;
        }

        _ = app.Services;
        return new TwilioRestHarness(twilio, app);
    }

    public void On(string method, string path, params Reply[] script) => _twilio.On(method, path, script);

    /// <summary>Requests that reached WireMock's answer, counted as they arrive (before any delay of the reply).</summary>
    public int Arrived => _twilio.Arrived;

    /// <summary>Waits until <paramref name="expected"/> requests have arrived (10 s at most).</summary>
    public async Task ArrivedAsync(int expected)
    {
        var until = Stopwatch.StartNew();
        while (_twilio.Arrived < expected && until.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(10);
        }

        Assert.True(_twilio.Arrived >= expected, $"{_twilio.Arrived} request(s) arrived, {expected} expected");
    }

    /// <summary>
    /// The requests that reached WireMock, in arrival order, once <paramref name="expected"/> are logged
    /// and no more arrive. A request the client gave up on is logged when WireMock finishes answering it.
    /// </summary>
    public async Task<IReadOnlyList<IRequestMessage>> RequestsAsync(int expected)
    {
        var until = Stopwatch.StartNew();
        while (_twilio.Server.LogEntries.Count < expected && until.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        await Task.Delay(150);
        return [.. _twilio.Server.LogEntries.Select(e => e.RequestMessage).OrderBy(r => r.DateTime)];
    }

    public void AssertNoNumberLogged(string number)
    {
        var digits = number[^9..];
        Assert.NotEmpty(_app.Logs);
        Assert.DoesNotContain(_app.Logs, line => line.Contains(digits, StringComparison.Ordinal));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _twilio.Dispose();
    }

    /// <summary>The app; <see cref="HotlineAppFactory.Logs"/> keeps every log event as text.</summary>
    private sealed class LoggedApp : HotlineAppFactory;
}

/// <summary>One scripted answer: the n-th request gets the n-th reply, the last one repeats.</summary>
internal sealed record Reply(int Status, string Body, string ContentType)
{
    public TimeSpan Delay { get; init; }

    public Dictionary<string, string> Headers { get; init; } = [];

    public static Reply Json(int status, string body) => new(status, body, "application/json");

    public static Reply Text(int status, string body) => new(status, body, "text/plain");

    public static Reply Error(int status, int code, string message) => Json(status,
        $$"""{"code": {{code}}, "message": "{{message}}", "more_info": "https://www.twilio.com/docs/errors/{{code}}", "status": {{status}}}""");

    public ResponseMessage ToMessage()
    {
        var message = new ResponseMessage
        {
            StatusCode = Status,
            BodyData = Body.Length == 0
                ? null
                : new BodyData { BodyAsString = Body, DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 },
        };
        message.AddHeader("Content-Type", ContentType);
        foreach (var (name, value) in Headers)
        {
            message.AddHeader(name, value);
        }

        return message;
    }
}

/// <summary>The Twilio REST API as WireMock plays it, with the shapes of Twilio's JSON.</summary>
internal sealed class FakeTwilio : IDisposable
{
    public const string QueueSid = "QU0123456789abcdef0123456789abcdef";
    private const string Account = HotlineAppFactory.TwilioAccountSid;

    public WireMockServer Server { get; } = WireMockServer.Start();

    public string Url => Server.Url!;

    public static string CallsPath => $"/2010-04-01/Accounts/{Account}/Calls.json";

    public static string QueuesPath => $"/2010-04-01/Accounts/{Account}/Queues.json";

    public static string MemberPath(string callSid) => $"/2010-04-01/Accounts/{Account}/Queues/{QueueSid}/Members/{callSid}.json";

    public static string RecordingPath(string recordingSid) => $"/2010-04-01/Accounts/{Account}/Recordings/{recordingSid}.json";

    public static string MemberJson(string callSid) =>
        $$"""{"call_sid": "{{callSid}}", "queue_sid": "{{QueueSid}}", "date_enqueued": "Tue, 30 Mar 2027 08:00:00 +0000", "position": 1, "wait_time": 143, "uri": "{{MemberPath(callSid)}}"}""";

    public static string CallJson(string callSid, string to, string from, DateTimeOffset created) =>
        $$"""{"sid": "{{callSid}}", "account_sid": "{{Account}}", "to": "{{to}}", "from": "{{from}}", "status": "queued", "direction": "outbound-api", "date_created": "{{Rfc2822(created)}}", "start_time": null, "uri": "/2010-04-01/Accounts/{{Account}}/Calls/{{callSid}}.json"}""";

    public static string CallListJson(params string[] calls) => ListJson("calls", CallsPath, calls);

    public static string QueueListJson(params (string Sid, string Name)[] queues) => ListJson("queues", QueuesPath,
        [.. queues.Select(q => $$"""{"sid": "{{q.Sid}}", "friendly_name": "{{q.Name}}", "current_size": 0, "max_size": 100, "average_wait_time": 0, "account_sid": "{{Account}}"}""")]);

    /// <summary>Each (method, path) answers with its script; requests nothing matches get WireMock's 404.</summary>
    private int _arrived;

    /// <summary>Requests answered by a script of <see cref="On"/>, counted on arrival.</summary>
    public int Arrived => Volatile.Read(ref _arrived);

    public void On(string method, string path, Reply[] script)
    {
        var count = 0;
        Server.Given(Request.Create().WithPath(path).UsingMethod(method))
            .RespondWith(Response.Create().WithCallback(async _ =>
            {
                Interlocked.Increment(ref _arrived);
                var reply = script[Math.Min(Interlocked.Increment(ref count), script.Length) - 1];
                if (reply.Delay > TimeSpan.Zero)
                {
                    await Task.Delay(reply.Delay);
                }

                return (IResponseMessage)reply.ToMessage();
            }));
    }

    /// <summary>Answers one request first, so the first timed request does not pay WireMock's start-up.</summary>
    public async Task WarmUpAsync()
    {
        using var client = new HttpClient();
        using var response = await client.GetAsync(new Uri(Url + "/warm-up"));
        Server.ResetLogEntries();
    }

    public void Dispose() => Server.Stop();

    private static string ListJson(string key, string path, string[] items) =>
        $$"""{"{{key}}": [{{string.Join(", ", items)}}], "first_page_uri": "{{path}}?PageSize=50&Page=0", "next_page_uri": null, "previous_page_uri": null, "page": 0, "page_size": 50, "start": 0, "end": {{items.Length - 1}}, "uri": "{{path}}?PageSize=50&Page=0"}""";

    private static string Rfc2822(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);
}
