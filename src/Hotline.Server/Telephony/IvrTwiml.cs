using Microsoft.Extensions.Options;
using Twilio.TwiML;
using Twilio.TwiML.Voice;

namespace Hotline.Server.Telephony;

/// <summary>The TwiML of each step of the voice menu, in the configured language; every URL absolute on the public base.</summary>
public sealed class IvrTwiml(IOptions<TwilioOptions> twilio, IOptions<TelephonyOptions> telephony, OpeningHours hours, Prompts prompts)
{
    private const string Base = "/telephony/twilio";

    private TelephonyOptions Settings => telephony.Value;

    public Uri Url(string path) => twilio.Value.Url(Base + path);

    public void Say(VoiceResponse response, string text) =>
        response.Say(text, voice: prompts.Voice, language: prompts.Language);

    public void SayIn(Gather gather, string text) =>
        gather.Say(text, voice: prompts.Voice, language: prompts.Language);

    public VoiceResponse Menu(VoiceResponse response, int attempt)
    {
        var gather = new Gather(
            input: [Gather.InputEnum.Dtmf, Gather.InputEnum.Speech],
            numDigits: 1, timeout: 6, speechTimeout: "auto",
            language: prompts.Language, hints: prompts.Speech.Hints,
            action: Url($"/menu?attempt={attempt}"), method: Twilio.Http.HttpMethod.Post,
            actionOnEmptyResult: true);
        SayIn(gather, prompts.Menu);
        response.Append(gather);
        // Reached only if Twilio skipped the action: the menu handler treats it as no input.
        response.Redirect(Url($"/menu?attempt={attempt}"), Twilio.Http.HttpMethod.Post);
        return response;
    }

    public VoiceResponse PostalCode(VoiceResponse response, int attempt)
    {
        var gather = new Gather(
            input: [Gather.InputEnum.Dtmf], numDigits: 5, finishOnKey: "#", timeout: 8,
            action: Url($"/postal-code?attempt={attempt}"), method: Twilio.Http.HttpMethod.Post,
            actionOnEmptyResult: true);
        SayIn(gather, prompts.PostalCodeRequest);
        response.Append(gather);
        response.Redirect(Url($"/postal-code?attempt={attempt}"), Twilio.Http.HttpMethod.Post);
        return response;
    }

    public VoiceResponse Closed(VoiceResponse response, DateTimeOffset now)
    {
        var reopening = hours.NextOpening(now);
        Say(response, reopening is null ? prompts.ClosedNoReopening : prompts.ClosedUntil(hours.ToLocal(reopening.Value), hours.ToLocal(now)));
        return MessageMenu(response, attempt: 1, now);
    }

    /// <summary>Voicemail or callback: out of hours, or after a long wait while the line is open (then said with in-hours words).</summary>
    public VoiceResponse MessageMenu(VoiceResponse response, int attempt, DateTimeOffset now)
    {
        var gather = new Gather(
            input: [Gather.InputEnum.Dtmf], numDigits: 1, timeout: 6,
            action: Url($"/message-choice?attempt={attempt}"), method: Twilio.Http.HttpMethod.Post,
            actionOnEmptyResult: true);
        SayIn(gather, IsOpen(now) ? prompts.InHoursMessageMenu : prompts.AfterHoursMenu);
        response.Append(gather);
        response.Redirect(Url($"/message-choice?attempt={attempt}"), Twilio.Http.HttpMethod.Post);
        return response;
    }

    public VoiceResponse Record(VoiceResponse response)
    {
        Say(response, prompts.VoicemailInstructions);
        response.Record(
            action: Url("/voicemail"), method: Twilio.Http.HttpMethod.Post,
            timeout: 10, finishOnKey: "#", maxLength: 120, playBeep: true,
            recordingStatusCallback: Url("/recording"), recordingStatusCallbackMethod: Twilio.Http.HttpMethod.Post);
        // Reached when nothing was recorded (Twilio skips the action then): say how to reach the line instead.
        Say(response, prompts.NoMessageRecorded);
        response.Hangup();
        return response;
    }

    public bool IsOpen(DateTimeOffset now) => Settings.AlwaysOpen || hours.IsOpen(now);

    /// <summary>Discreet callback, first question: may a message be left on this number.</summary>
    public VoiceResponse CallbackMessage(VoiceResponse response, int attempt) =>
        KeyQuestion(response, prompts.CallbackMessageQuestion, $"/callback-message?attempt={attempt}");

    /// <summary>Discreet callback, second question: when calling is safe.</summary>
    public VoiceResponse CallbackTime(VoiceResponse response, int attempt) =>
        KeyQuestion(response, prompts.CallbackTimeQuestion, $"/callback-time?attempt={attempt}");

    private VoiceResponse KeyQuestion(VoiceResponse response, string question, string path)
    {
        var gather = new Gather(
            input: [Gather.InputEnum.Dtmf], numDigits: 1, timeout: 6,
            action: Url(path), method: Twilio.Http.HttpMethod.Post, actionOnEmptyResult: true);
        SayIn(gather, question);
        response.Append(gather);
        response.Redirect(Url(path), Twilio.Http.HttpMethod.Post);
        return response;
    }

    public VoiceResponse Enqueue(VoiceResponse response)
    {
        response.Enqueue(
            Settings.QueueName,
            action: Url("/queue-result"), method: Twilio.Http.HttpMethod.Post,
            waitUrl: Url("/wait"), waitUrlMethod: Twilio.Http.HttpMethod.Post);
        return response;
    }

    public VoiceResponse Hold(VoiceResponse response)
    {
        if (string.IsNullOrWhiteSpace(Settings.HoldMusicUrl))
        {
            response.Pause(length: 20);
        }
        else
        {
            response.Play(new Uri(Settings.HoldMusicUrl));
        }

        return response;
    }

    /// <summary>What a step answers when it failed unexpectedly: waiting callers keep the music, others are enqueued.</summary>
    public VoiceResponse SafetyNet(bool waiting)
    {
        var response = new VoiceResponse();
        if (waiting)
        {
            return Hold(response);
        }

        Say(response, prompts.TechnicalProblem);
        return Enqueue(response);
    }
}
