using Hotline.Server.Telephony.TwilioRest;
using Hotline.Testing;
using Microsoft.AspNetCore.WebUtilities;

namespace Hotline.IntegrationTests.Telephony;

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
