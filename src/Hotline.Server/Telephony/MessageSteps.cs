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
        var key = CallerInput.Key(request);
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

            // Discreet callback: the family says whether a message may be left and when calling is safe.
            return twiml.CallbackMessage(response, attempt: 1);
        }

        if (key == "1" || attempt >= 2)
        {
            // No choice twice: a message is the one path that needs no key.
            return twiml.Record(response);
        }

        twiml.Say(response, prompts.MenuRetry);
        return twiml.MessageMenu(response, attempt + 1, now);
    }

    /// <summary>
    /// Whether a message may be left (1 yes, 2 no). Unclear twice counts as no: a message heard by the wrong person
    /// costs more than a missed one.
    /// </summary>
    public async Task<VoiceResponse> CallbackMessageAsync(TwilioRequest request, int attempt)
    {
        var now = time.GetUtcNow();
        var response = new VoiceResponse();
        bool? allowed = CallerInput.Key(request) switch { "1" => true, "2" => false, _ => null };
        if (allowed is null && attempt < 2)
        {
            twiml.Say(response, prompts.MenuRetry);
            return twiml.CallbackMessage(response, attempt + 1);
        }

        await records.UpdateAsync(request, now, call =>
        {
            if (call.Status == CallStatus.CallbackRequested && call.HandledAt is null)
            {
                call.CallbackMessageAllowed = allowed ?? false;
            }
        });
        return twiml.CallbackTime(response, attempt: 1);
    }

    /// <summary>When calling is safe (1 any time, 2 morning, 3 afternoon); unclear twice counts as any time.</summary>
    public async Task<VoiceResponse> CallbackTimeAsync(TwilioRequest request, int attempt)
    {
        var now = time.GetUtcNow();
        var response = new VoiceResponse();
        CallbackWindow? window = CallerInput.Key(request) switch
        {
            "1" => CallbackWindow.AnyTime,
            "2" => CallbackWindow.Morning,
            "3" => CallbackWindow.Afternoon,
            _ => null,
        };
        if (window is null && attempt < 2)
        {
            twiml.Say(response, prompts.MenuRetry);
            return twiml.CallbackTime(response, attempt + 1);
        }

        await records.UpdateAsync(request, now, call =>
        {
            if (call.Status == CallStatus.CallbackRequested && call.HandledAt is null)
            {
                call.CallbackWindow = window ?? CallbackWindow.AnyTime;
                call.Record(CallEventKind.CallbackRequested, now,
                    $"message={(call.CallbackMessageAllowed == true ? "allowed" : "not-allowed")} window={call.CallbackWindow}");
            }
        });
        twiml.Say(response, prompts.CallbackConfirmed);
        response.Hangup();
        return response;
    }

    /// <summary>The Record action: the caller finished the message.</summary>
    public async Task<VoiceResponse> VoicemailDoneAsync(TwilioRequest request)
    {
        var now = time.GetUtcNow();
        var recorded = request.RecordingSid is not null && request.RecordingDuration > 0;
        if (recorded)
        {
            await replay.ApplyOnceAsync(RecordingEntry(request, now), JournalReplay.RecordingKey(request.RecordingSid!));
        }

        // Honest thanks: nobody is promised a call back that we cannot make.
        var response = new VoiceResponse();
        twiml.Say(response, !recorded ? prompts.NoMessageRecorded
            : CallerNumbers.Normalize(request.From) is null ? prompts.VoicemailThanksWithheld
            : prompts.VoicemailThanks);
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
