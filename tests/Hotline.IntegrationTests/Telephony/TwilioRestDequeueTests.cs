using System.Diagnostics;
using System.Text;
using Hotline.Server.Telephony.TwilioRest;
using Hotline.Testing;
using Microsoft.AspNetCore.WebUtilities;
using WireMock;

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
