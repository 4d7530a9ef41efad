using System.Globalization;

namespace Hotline.Server.Telephony;

/// <summary>English prompts, to test the mechanism of the catalogue (the product speaks French).</summary>
internal static class EnglishPrompts
{
    private static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("en-GB");

    public static readonly Prompts Instance = new()
    {
        Voice = "Polly.Joanna",
        Language = "en-GB",
        Culture = Culture,
        Greeting = "Hello, this is the national free-phone line for assistance and guidance. The call is free, anonymous and confidential. "
            + "Your data is used only to help you: details on cipdr dot gouv dot fr.",
        EmergencyAdvice = "If someone is in immediate danger, dial 17 or 112; if you cannot speak or hear, text 114.",
        Menu = "For a question or advice about someone close to you, press 1. To report a worrying situation, press 2. If someone is about to leave or to act, press 3.",
        MenuRetry = "Sorry, I did not understand your choice.",
        DepartureOpposition = "If a minor may be about to leave France, a parent can go at once to the police or gendarmerie to oppose the departure.",
        UrgentAcknowledged = "Your call has priority. Please hold, a counsellor will answer you.",
        PostalCodeRequest = "If you wish, enter the postal code where the person concerned lives, in five digits. Otherwise, press hash.",
        PostalCodeRetry = "That postal code does not have five digits. Enter it again, or press hash to continue.",
        PleaseHold = "Thank you. A counsellor will answer you. Please hold.",
        QueuePosition = position => position == 1
            ? "You are next in line."
            : $"You are number {position} in the queue.",
        EstimatedWait = minutes => minutes <= 1
            ? "The estimated wait is about one minute."
            : $"The estimated wait is about {minutes} minutes.",
        OverflowOffer = "All our counsellors are busy. To leave a message or ask to be called back, press 1. Otherwise, please hold.",
        ClosedUntil = (reopening, _) => string.Create(Culture,
            $"The line is closed. It reopens on {reopening:dddd d MMMM} at {reopening:HH:mm}, Paris time."),
        ClosedNoReopening = "The line is closed.",
        AfterHoursMenu = "To leave a message, press 1. To be called back after we reopen, press 2.",
        InHoursMessageMenu = "To leave a message, press 1. To be called back as soon as a counsellor is free, press 2.",
        VoicemailInstructions = "Leave your message after the tone, two minutes at most. You may say how to reach you. Press hash when you have finished.",
        VoicemailThanks = "Thank you, your message has been recorded. A counsellor will listen to it and contact you. Goodbye.",
        VoicemailThanksWithheld = "Thank you, your message has been recorded. Your number is withheld: we can answer only if your message says how to reach you. You may also call again during opening hours. Goodbye.",
        NoMessageRecorded = "No message was recorded. You may call again during opening hours, Monday to Friday, or write through the line's contact form. Goodbye.",
        CallbackMessageQuestion = "If we may leave a message on this number when you do not answer, press 1. If nobody else must know we call, press 2.",
        CallbackTimeQuestion = "When is it safe to call you? Any time of day, press 1. Rather in the morning, press 2. Rather in the afternoon, press 3.",
        CallbackConfirmed = "Noted: a counsellor will call you back on this number as soon as possible, as you asked. Goodbye.",
        CallbackNeedsNumber = "Your number is withheld, so we cannot call you back. You can leave a message.",
        TechnicalProblem = "We have a technical problem. Please hold, a counsellor will answer you.",
        Speech = new SpeechVocabulary(
            urgent: ["urgent", "emergency", "danger", "dangerous", "immediately", "right now", "about to", "leave the country", "weapon"],
            signal: ["report", "worried", "worrying", "radicalised", "radicalized"],
            question: ["question", "advice", "information", "how to"],
            keyWords: new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["one"] = "1", ["1"] = "1", ["two"] = "2", ["2"] = "2", ["three"] = "3", ["3"] = "3",
            },
            fillers: ["the", "number", "option", "key", "press", "i", "um", "er"]),
    };
}
