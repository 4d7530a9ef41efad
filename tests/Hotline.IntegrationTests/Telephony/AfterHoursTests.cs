using Hotline.Server.Data;
using Hotline.Server.Calls;
using Hotline.Server.LiveConsole;
using Hotline.Server.Telephony;
using Hotline.Testing;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Hotline.IntegrationTests.Telephony;

/// <summary>The real opening hours, on Friday 26 March 2027 at 18:30 in Paris.</summary>
public sealed class ClosedLineApp : HotlineAppFactory
{
    public ClosedLineApp()
    {
        Settings["Telephony:AlwaysOpen"] = "false";
        Time = Clock;
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2027, 3, 26, 17, 30, 0, TimeSpan.Zero));
}

public sealed class AfterHoursTests(ClosedLineApp app) : IClassFixture<ClosedLineApp>
{
    [Fact]
    public async Task Out_of_hours_the_caller_hears_when_the_line_reopens_and_is_offered_a_message_or_a_callback()
    {
        var callSid = Twiml.NewCallSid();

        var twiml = await app.PostAsync("/telephony/twilio/voice", Twiml.Fields(callSid));

        // Weekend, DST change and Easter Monday: Tuesday 30 March, 9 o'clock.
        Assert.Contains("rouvrira le mardi 30 mars à 9 heures", twiml.Said(), StringComparison.Ordinal);
        Assert.Contains("17 ou 112", twiml.Said(), StringComparison.Ordinal);
        Assert.Equal("/telephony/twilio/message-choice?attempt=1", twiml.Single("Gather").PathOf("action", app));
        Assert.Empty(twiml.Descendants("Enqueue"));
        Assert.Equal(CallStatus.MessageMenu, (await app.FindCallAsync(callSid))!.Status);
    }

    [Fact]
    public async Task A_voicemail_is_recorded_for_two_minutes_at_most_and_becomes_a_work_item()
    {
        var callSid = Twiml.NewCallSid();
        await app.PostAsync("/telephony/twilio/voice", Twiml.Fields(callSid));

        var record = await app.PostAsync("/telephony/twilio/message-choice?attempt=1", Twiml.Fields(callSid, ("Digits", "1")));

        var verb = record.Single("Record");
        Assert.Equal("120", verb.Attribute("maxLength")?.Value);
        Assert.Equal("/telephony/twilio/voicemail", verb.PathOf("action", app));
        Assert.Equal("/telephony/twilio/recording", verb.PathOf("recordingStatusCallback", app));

        var recording = Twiml.Fields(callSid,
            ("RecordingSid", "RE" + Guid.NewGuid().ToString("N")), ("RecordingUrl", "https://api.twilio.test/recordings/RE1"),
            ("RecordingDuration", "37"), ("RecordingStatus", "completed"));
        var thanks = await app.PostAsync("/telephony/twilio/voicemail", recording);
        Assert.Contains("bien été enregistré", thanks.Said(), StringComparison.Ordinal);
        thanks.Single("Hangup");
        using (var callback = await app.PostTwilioAsync("/telephony/twilio/recording", recording))
        {
            Assert.Equal(System.Net.HttpStatusCode.NoContent, callback.StatusCode);
        }

        using (await app.PostTwilioAsync("/telephony/twilio/status", Twiml.Fields(callSid, ("CallStatus", "completed"))))
        {
        }

        var call = await app.FindCallAsync(callSid);
        Assert.Equal(CallStatus.Voicemail, call!.Status);
        Assert.Equal(37, call.RecordingSeconds);
        Assert.Single(call.Events, e => e.Kind == CallEventKind.Voicemail);
    }

    [Fact]
    public async Task A_recording_that_arrives_after_the_hang_up_still_makes_a_voicemail()
    {
        var callSid = Twiml.NewCallSid();
        await app.PostAsync("/telephony/twilio/voice", Twiml.Fields(callSid));
        await app.PostAsync("/telephony/twilio/message-choice?attempt=1", Twiml.Fields(callSid, ("Digits", "1")));
        using (await app.PostTwilioAsync("/telephony/twilio/status", Twiml.Fields(callSid, ("CallStatus", "completed"))))
        {
        }

        using (await app.PostTwilioAsync("/telephony/twilio/recording", Twiml.Fields(callSid,
            ("RecordingSid", "RE" + Guid.NewGuid().ToString("N")), ("RecordingDuration", "12"), ("RecordingStatus", "completed"))))
        {
        }

        Assert.Equal(CallStatus.Voicemail, (await app.FindCallAsync(callSid))!.Status);
    }

    [Fact]
    public async Task A_callback_request_keeps_the_number_only_encrypted()
    {
        var callSid = Twiml.NewCallSid();
        await app.PostAsync("/telephony/twilio/voice", Twiml.Fields(callSid, ("From", "+33611112222")));

        var question = await app.PostAsync("/telephony/twilio/message-choice?attempt=1", Twiml.Fields(callSid, ("From", "+33611112222"), ("Digits", "2")));

        Assert.Equal("/telephony/twilio/callback-message?attempt=1", question.Single("Gather").PathOf("action", app));
        var call = await app.FindCallAsync(callSid);
        Assert.Equal(CallStatus.CallbackRequested, call!.Status);
        Assert.DoesNotContain("611112222", call.ProtectedCallbackNumber!, StringComparison.Ordinal);
        await using var scope = app.Scope();
        var protector = scope.ServiceProvider.GetRequiredService<IDataProtectionProvider>().CreateProtector(MessageSteps.CallbackNumberPurpose);
        Assert.Equal("+33611112222", protector.Unprotect(call.ProtectedCallbackNumber!));
        Assert.NotEmpty(scope.ServiceProvider.GetRequiredService<HotlineDbContext>().DataProtectionKeys);
    }

    [Fact]
    public async Task A_withheld_number_cannot_be_called_back_so_a_message_is_offered()
    {
        var callSid = Twiml.NewCallSid();
        await app.PostAsync("/telephony/twilio/voice", Twiml.Fields(callSid, ("From", "anonymous")));

        var twiml = await app.PostAsync("/telephony/twilio/message-choice?attempt=1", Twiml.Fields(callSid, ("From", "anonymous"), ("Digits", "2")));

        Assert.Contains("numéro est masqué", twiml.Said(), StringComparison.Ordinal);
        twiml.Single("Record");
    }

    [Fact]
    public async Task Silence_twice_leads_to_the_voicemail_never_to_a_hang_up()
    {
        var callSid = Twiml.NewCallSid();
        await app.PostAsync("/telephony/twilio/voice", Twiml.Fields(callSid));

        var retry = await app.PostAsync("/telephony/twilio/message-choice?attempt=1", Twiml.Fields(callSid));
        Assert.Equal("/telephony/twilio/message-choice?attempt=2", retry.Single("Gather").PathOf("action", app));
        var record = await app.PostAsync("/telephony/twilio/message-choice?attempt=2", Twiml.Fields(callSid));
        record.Single("Record");
    }
}
