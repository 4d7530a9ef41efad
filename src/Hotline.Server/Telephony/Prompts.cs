using System.Globalization;

namespace Hotline.Server.Telephony;

/// <summary>
/// Everything the line says, in one reviewable place. French is the product; English exists to test
/// the mechanism (<c>Telephony:Language=en</c>). Short sentences: callers are often in distress.
/// </summary>
public sealed record Prompts
{
    public required string Voice { get; init; }
    public required string Language { get; init; }
    public required CultureInfo Culture { get; init; }

    public required string Greeting { get; init; }
    public required string EmergencyAdvice { get; init; }
    public required string Menu { get; init; }
    public required string MenuRetry { get; init; }
    public required string UrgentAcknowledged { get; init; }
    public required string PostalCodeRequest { get; init; }
    public required string PostalCodeRetry { get; init; }
    public required string PleaseHold { get; init; }
    public required Func<int, string> QueuePosition { get; init; }
    public required Func<int, string> EstimatedWait { get; init; }
    public required string OverflowOffer { get; init; }
    public required Func<DateTime, string> ClosedUntil { get; init; }
    public required string ClosedNoReopening { get; init; }
    public required string AfterHoursMenu { get; init; }
    public required string VoicemailInstructions { get; init; }
    public required string VoicemailThanks { get; init; }
    public required string CallbackConfirmed { get; init; }
    public required string CallbackNeedsNumber { get; init; }
    public required string TechnicalProblem { get; init; }

    /// <summary>Spoken words that mean a menu key, for speech input.</summary>
    public required IReadOnlyDictionary<string, string> SpokenKeys { get; init; }

    public static Prompts For(string language) => language == "en" ? English : French;

    public static readonly Prompts French = new()
    {
        Voice = "Polly.Lea",
        Language = "fr-FR",
        Culture = CultureInfo.GetCultureInfo("fr-FR"),
        Greeting = "Bonjour, vous êtes sur le numéro national d'assistance et d'écoute aux familles. L'appel est gratuit, anonyme et confidentiel.",
        EmergencyAdvice = "En cas de danger immédiat, raccrochez et composez le 17 ou le 112.",
        Menu = "Pour une question ou un conseil au sujet d'un proche, tapez 1. Pour signaler une situation inquiétante, tapez 2. Si une personne est sur le point de partir ou de passer à l'acte, tapez 3.",
        MenuRetry = "Je n'ai pas compris votre choix.",
        UrgentAcknowledged = "Votre appel est prioritaire.",
        PostalCodeRequest = "Si vous le souhaitez, tapez le code postal de la commune où vit la personne concernée, en cinq chiffres. Sinon, tapez dièse.",
        PostalCodeRetry = "Ce code postal n'a pas cinq chiffres. Tapez-le à nouveau, ou tapez dièse pour continuer.",
        PleaseHold = "Merci. Un écoutant va vous répondre. Restez en ligne.",
        QueuePosition = position => position == 1
            ? "Vous êtes le prochain appel."
            : $"Vous êtes en position {position} dans la file d'attente.",
        EstimatedWait = minutes => minutes <= 1
            ? "Le temps d'attente estimé est d'environ une minute."
            : $"Le temps d'attente estimé est d'environ {minutes} minutes.",
        OverflowOffer = "Nos écoutants sont tous occupés. Pour laisser un message ou demander à être rappelé, tapez 1. Sinon, restez en ligne.",
        ClosedUntil = reopening => string.Create(CultureInfo.GetCultureInfo("fr-FR"),
            $"La ligne est actuellement fermée. Elle rouvrira le {reopening:dddd d MMMM} à {reopening:%H} heures{(reopening.Minute > 0 ? $" {reopening.Minute}" : "")}."),
        ClosedNoReopening = "La ligne est actuellement fermée.",
        AfterHoursMenu = "Pour laisser un message, tapez 1. Pour être rappelé dès l'ouverture, tapez 2.",
        VoicemailInstructions = "Laissez votre message après le bip, en deux minutes au plus. Vous pouvez indiquer comment vous recontacter. Tapez dièse quand vous avez terminé.",
        VoicemailThanks = "Merci, votre message a bien été enregistré. Un écoutant vous recontactera. Au revoir.",
        CallbackConfirmed = "C'est noté : un écoutant vous rappellera à ce numéro dès que possible. Au revoir.",
        CallbackNeedsNumber = "Votre numéro est masqué : nous ne pouvons pas vous rappeler. Vous pouvez laisser un message.",
        TechnicalProblem = "Nous rencontrons un problème technique. Restez en ligne, un écoutant va vous répondre.",
        SpokenKeys = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["un"] = "1", ["question"] = "1", ["conseil"] = "1",
            ["deux"] = "2", ["signaler"] = "2", ["signalement"] = "2",
            ["trois"] = "3", ["urgent"] = "3", ["urgence"] = "3", ["danger"] = "3",
        },
    };

    public static readonly Prompts English = new()
    {
        Voice = "Polly.Joanna",
        Language = "en-GB",
        Culture = CultureInfo.GetCultureInfo("en-GB"),
        Greeting = "Hello, this is the national family support line. The call is free, anonymous and confidential.",
        EmergencyAdvice = "If someone is in immediate danger, hang up and dial 17 or 112.",
        Menu = "For a question or advice about someone close to you, press 1. To report a worrying situation, press 2. If someone is about to leave or to act, press 3.",
        MenuRetry = "Sorry, I did not understand your choice.",
        UrgentAcknowledged = "Your call has priority.",
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
        ClosedUntil = reopening => string.Create(CultureInfo.GetCultureInfo("en-GB"),
            $"The line is closed. It reopens on {reopening:dddd d MMMM} at {reopening:HH:mm}, Paris time."),
        ClosedNoReopening = "The line is closed.",
        AfterHoursMenu = "To leave a message, press 1. To be called back when we open, press 2.",
        VoicemailInstructions = "Leave your message after the tone, two minutes at most. You may say how to reach you. Press hash when you have finished.",
        VoicemailThanks = "Thank you, your message has been recorded. A counsellor will contact you. Goodbye.",
        CallbackConfirmed = "Noted: a counsellor will call you back on this number as soon as possible. Goodbye.",
        CallbackNeedsNumber = "Your number is withheld, so we cannot call you back. You can leave a message.",
        TechnicalProblem = "We have a technical problem. Please hold, a counsellor will answer you.",
        SpokenKeys = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["one"] = "1", ["question"] = "1", ["advice"] = "1",
            ["two"] = "2", ["report"] = "2",
            ["three"] = "3", ["urgent"] = "3", ["emergency"] = "3", ["danger"] = "3",
        },
    };
}
