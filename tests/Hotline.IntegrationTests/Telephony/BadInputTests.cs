using System.Net;
using Hotline.Testing;

namespace Hotline.IntegrationTests.Telephony;

/// <summary>Garbage gets a clear answer, never a 500, and stores nothing half-done.</summary>
public sealed class BadInputTests(HotlineAppFactory app) : IClassFixture<HotlineAppFactory>
{
    [Fact]
    public async Task An_oversized_form_is_refused_without_a_500()
    {
        var fields = Twiml.Fields(Twiml.NewCallSid(), ("Padding", new string('x', 200_000)));

        using var response = await app.PostTwilioAsync("/telephony/twilio/voice", fields);

        Assert.True(response.StatusCode is HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.BadRequest, response.StatusCode.ToString());
    }

    [Fact]
    public async Task A_form_with_control_characters_gets_a_clear_400_and_stores_nothing()
    {
        var callSid = Twiml.NewCallSid();

        using var response = await app.PostTwilioAsync("/telephony/twilio/voice", Twiml.Fields(callSid, ("Digits", "13\u000015")));

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.OK, response.StatusCode.ToString());
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Null(await app.FindCallAsync(callSid));
        }
    }

    [Fact]
    public async Task A_signed_request_without_a_call_sid_gets_a_problem()
    {
        var fields = Twiml.Fields("not-a-call-sid");

        using var response = await app.PostTwilioAsync("/telephony/twilio/voice", fields);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    public static TheoryData<string, string, string> Garbage => new()
    {
        { "/telephony/twilio/menu?attempt=abc", "Digits", "١" },
        { "/telephony/twilio/menu?attempt=99999999999", "Digits", new string('9', 5000) },
        { "/telephony/twilio/menu?attempt=1", "SpeechResult", "'; DROP TABLE calls; -- 🙂 ‮" },
        { "/telephony/twilio/postal-code?attempt=1", "Digits", "13 15 0" },
        { "/telephony/twilio/postal-code?attempt=-5", "Digits", "１３１５０" },
        { "/telephony/twilio/wait", "QueueTime", "-12abc" },
        { "/telephony/twilio/queue-result", "QueueResult", "<script>" },
        { "/telephony/twilio/queue-result", "QueueTime", "99999999999999999999" },
        { "/telephony/twilio/message-choice?attempt=2", "Digits", "*#*#" },
        { "/telephony/twilio/voicemail", "RecordingDuration", "NaN" },
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    public async Task Garbage_fields_still_get_twiml(string pathAndQuery, string field, string value)
    {
        var callSid = Twiml.NewCallSid();
        await app.PostAsync("/telephony/twilio/voice", Twiml.Fields(callSid));

        var twiml = await app.PostAsync(pathAndQuery, Twiml.Fields(callSid, (field, value)));

        Assert.NotNull(twiml);
        Assert.NotNull(await app.FindCallAsync(callSid));
    }

    [Theory]
    [InlineData("/telephony/twilio/status", "CallStatus", "COMPLETED ")]
    [InlineData("/telephony/twilio/recording", "RecordingDuration", "-1")]
    public async Task Garbage_callbacks_are_acknowledged(string path, string field, string value)
    {
        var callSid = Twiml.NewCallSid();
        await app.PostAsync("/telephony/twilio/voice", Twiml.Fields(callSid));

        using var response = await app.PostTwilioAsync(path, Twiml.Fields(callSid, (field, value)));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }
}
