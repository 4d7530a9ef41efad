using Hotline.Server.Calls;
using Microsoft.AspNetCore.DataProtection;
using Twilio.TwiML;

namespace Hotline.Server.Telephony;

/// <summary>
/// Outside hours, or after a long wait: the caller leaves a message or asks to be called back. Both
/// become work items for the counsellors.
/// </summary>
public sealed class MessageSteps(
    TimeProvider time,
    Prompts prompts,
    CallRecords records,
    JournalReplay replay,
    IDataProtectionProvider dataProtection,
    IvrTwiml twiml)
{
    internal const string CallbackNumberPurpose = "Hotline.Telephony.CallbackNumber";

    public async Task<VoiceResponse> MessageChoiceAsync(TwilioRequest request, int attempt)
    {
        var now = time.GetUtcNow();
        var response = new VoiceResponse();
        var key = CallerInput.Key(request, prompts);
        if (key == "2")
        {
            var number = CallerNumbers.Normalize(request.From);
            if (number is null)
            {
                twiml.Say(response, prompts.CallbackNeedsNumber);
                return twiml.Record(response);
            }

            var protector = dataProtection.CreateProtector(CallbackNumberPurpose);
            var stored = await records.UpdateAsync(request, now, call =>
            {
                if (CallStateMachine.CanMove(call.Status, CallStatus.CallbackRequested))
                {
                    call.ProtectedCallbackNumber = protector.Protect(number);
                    call.MoveTo(CallStatus.CallbackRequested, now);
                }
            });
            if (!stored)
            {
                // Without the database the request cannot be kept safely: take a message instead.
                twiml.Say(response, prompts.TechnicalProblem);
                return twiml.Record(response);
            }

            twiml.Say(response, prompts.CallbackConfirmed);
            response.Hangup();
            return response;
        }

        if (key == "1" || attempt >= 2)
        {
            // No choice twice: a message is the one path that needs no key.
            return twiml.Record(response);
        }

        twiml.Say(response, prompts.MenuRetry);
        return twiml.MessageMenu(response, attempt + 1);
    }

    /// <summary>The Record action: the caller finished the message.</summary>
    public async Task<VoiceResponse> VoicemailDoneAsync(TwilioRequest request)
    {
        var now = time.GetUtcNow();
        if (request.RecordingSid is not null && request.RecordingDuration > 0)
        {
            await replay.ApplyOnceAsync(RecordingEntry(request, now), JournalReplay.RecordingKey(request.RecordingSid));
        }

        var response = new VoiceResponse();
        twiml.Say(response, prompts.VoicemailThanks);
        response.Hangup();
        return response;
    }

    /// <summary>The recording status callback: the recording is stored at Twilio.</summary>
    public Task RecordingAsync(TwilioRequest request)
    {
        var now = time.GetUtcNow();
        if (request.RecordingStatus != "completed" || request.RecordingSid is null || !(request.RecordingDuration > 0))
        {
            return Task.CompletedTask;
        }

        return replay.ApplyOnceAsync(RecordingEntry(request, now), JournalReplay.RecordingKey(request.RecordingSid));
    }

    private static JournalEntry RecordingEntry(TwilioRequest request, DateTimeOffset now) =>
        new(JournalEntryKind.Recording, request.CallSid!, now, RecordingSid: request.RecordingSid,
            RecordingUrl: request.RecordingUrl, RecordingSeconds: request.RecordingDuration);
}
