using System.Globalization;

namespace Hotline.Server.Telephony;

/// <summary>
/// Everything the line says, in one reviewable place (the French text is in docs/ivr.md). French is the product;
/// English exists to test the mechanism (<c>Telephony:Language=en</c>). Short sentences: callers are often in distress.
/// </summary>
public sealed record Prompts
{
    public required string Voice { get; init; }
    public required string Language { get; init; }
    public required CultureInfo Culture { get; init; }

    /// <summary>The line's official name, that the call is free and anonymous, and the first layer of the GDPR art. 13 notice.</summary>
    public required string Greeting { get; init; }
    /// <summary>17 and 112, and the 114 by SMS for people who cannot speak or hear.</summary>
    public required string EmergencyAdvice { get; init; }
    public required string Menu { get; init; }
    public required string MenuRetry { get; init; }
    /// <summary>Key 3: what a parent can do at once when a minor may leave the country.</summary>
    public required string DepartureOpposition { get; init; }
    public required string UrgentAcknowledged { get; init; }
    public required string PostalCodeRequest { get; init; }
    public required string PostalCodeRetry { get; init; }
    public required string PleaseHold { get; init; }
    public required Func<int, string> QueuePosition { get; init; }
    public required Func<int, string> EstimatedWait { get; init; }
    public required string OverflowOffer { get; init; }
    /// <summary>The reopening (local line time), relative to now (local line time).</summary>
    public required Func<DateTime, DateTime, string> ClosedUntil { get; init; }
    public required string ClosedNoReopening { get; init; }
    public required string AfterHoursMenu { get; init; }
    /// <summary>The same choice while the line is open (after a long wait).</summary>
    public required string InHoursMessageMenu { get; init; }
    public required string VoicemailInstructions { get; init; }
    /// <summary>A message was recorded and the number is visible.</summary>
    public required string VoicemailThanks { get; init; }
    /// <summary>A message was recorded from a withheld number: only what the message says lets us answer.</summary>
    public required string VoicemailThanksWithheld { get; init; }
    /// <summary>Nothing was recorded: how to reach the line instead.</summary>
    public required string NoMessageRecorded { get; init; }
    public required string CallbackMessageQuestion { get; init; }
    public required string CallbackTimeQuestion { get; init; }
    public required string CallbackConfirmed { get; init; }
    public required string CallbackNeedsNumber { get; init; }
    public required string TechnicalProblem { get; init; }

    /// <summary>Spoken answers to the menu, for speech input.</summary>
    public required SpeechVocabulary Speech { get; init; }

    public static Prompts For(string language) => language == "en" ? EnglishPrompts.Instance : FrenchPrompts.Instance;

    public static Prompts French => FrenchPrompts.Instance;
}
