using System.Globalization;

namespace Hotline.Server.Telephony;

/// <summary>
/// The line's words, checked against its public wording (cipdr.gouv.fr "numéro vert", stop-djihadisme.gouv.fr). The
/// greeting and the emergency advice stay under 20 s at Polly.Lea's pace (a test estimates it).
/// </summary>
internal static class FrenchPrompts
{
    private static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("fr-FR");

    public static readonly Prompts Instance = new()
    {
        Voice = "Polly.Lea",
        Language = "fr-FR",
        Culture = Culture,
        Greeting = "Bonjour, numéro vert national d'assistance et d'orientation : appel gratuit, anonyme et confidentiel. "
            + "Vos données servent à vous aider ; détails sur cipdr point gouv point fr.",
        EmergencyAdvice = "En danger immédiat : 17 ou 112, ou SMS au 114 si vous ne pouvez pas parler.",
        Menu = "Pour une question ou un conseil au sujet d'un proche, tapez 1. Pour signaler une situation inquiétante, tapez 2. Si une personne est sur le point de partir ou de passer à l'acte, tapez 3.",
        MenuRetry = "Je n'ai pas compris votre choix.",
        DepartureOpposition = "Si un mineur risque de quitter la France, un parent peut aller tout de suite au commissariat ou à la gendarmerie pour faire opposition à sa sortie du territoire.",
        UrgentAcknowledged = "Votre appel passe en priorité. Restez en ligne, un écoutant va vous répondre.",
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
        ClosedUntil = (reopening, now) => $"La ligne est actuellement fermée. Elle rouvrira {Day(reopening, now)} à {Hour(reopening)}, heure de Paris.",
        ClosedNoReopening = "La ligne est actuellement fermée.",
        AfterHoursMenu = "Pour laisser un message, tapez 1. Pour être rappelé après la réouverture, tapez 2.",
        InHoursMessageMenu = "Pour laisser un message, tapez 1. Pour qu'un écoutant vous rappelle dès qu'il sera disponible, tapez 2.",
        VoicemailInstructions = "Laissez votre message après le bip, en deux minutes au plus. Vous pouvez indiquer comment vous recontacter. Tapez dièse quand vous avez terminé.",
        VoicemailThanks = "Merci, votre message a bien été enregistré. Un écoutant va l'écouter et vous recontactera. Au revoir.",
        VoicemailThanksWithheld = "Merci, votre message a bien été enregistré. Votre numéro est masqué : nous ne pourrons vous répondre que si votre message dit comment vous joindre. Vous pouvez aussi rappeler aux heures d'ouverture. Au revoir.",
        NoMessageRecorded = "Aucun message n'a été enregistré. Vous pouvez rappeler ce numéro aux heures d'ouverture, du lundi au vendredi, ou nous écrire par le formulaire de contact du numéro vert. Au revoir.",
        CallbackMessageQuestion = "Si nous pouvons laisser un message sur ce numéro quand vous ne répondez pas, tapez 1. Si personne d'autre ne doit savoir que nous appelons, tapez 2.",
        CallbackTimeQuestion = "Quand pouvons-nous vous appeler sans risque ? À tout moment de la journée, tapez 1. Plutôt le matin, tapez 2. Plutôt l'après-midi, tapez 3.",
        CallbackConfirmed = "C'est noté : un écoutant vous rappellera à ce numéro dès que possible, en respectant vos choix. Au revoir.",
        CallbackNeedsNumber = "Votre numéro est masqué : nous ne pouvons pas vous rappeler. Vous pouvez laisser un message.",
        TechnicalProblem = "Nous rencontrons un problème technique. Restez en ligne, un écoutant va vous répondre.",
        Speech = new SpeechVocabulary(
            urgent:
            [
                "urgent", "urgente", "urgence", "en urgence", "danger", "dangereux", "dangereuse", "immediat", "immediatement",
                "tout de suite", "sur le point", "passer a l acte", "passe a l acte", "attentat", "arme", "armes", "bombe", "tuer",
                "veut partir", "va partir", "vont partir", "part demain", "part ce soir", "partir en syrie", "billet d avion",
                "quitter la france", "quitter le pays", "sortie du territoire", "aeroport",
            ],
            signal:
            [
                "signaler", "signalement", "signale", "inquiet", "inquiete", "inquietante", "inquietude", "inquietudes", "m inquiete",
                "radicalise", "radicalisee", "radicalisation", "embrigade", "embrigadee", "change", "a change",
            ],
            question:
            [
                "question", "questions", "conseil", "conseils", "renseignement", "renseignements", "information", "informations",
                "savoir comment", "comment faire", "comment aider", "besoin d aide", "parler", "ecoute",
            ],
            keyWords: new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["un"] = "1", ["1"] = "1", ["deux"] = "2", ["2"] = "2", ["trois"] = "3", ["3"] = "3",
            },
            fillers: ["le", "la", "l", "touche", "choix", "option", "numero", "je", "tape", "j", "appuie", "c", "est", "euh", "alors", "bon"]),
    };

    /// <summary>"aujourd'hui, lundi 1er mars", "demain, mardi 2 mars" or "le mercredi 3 mars": the day always named.</summary>
    private static string Day(DateTime reopening, DateTime now)
    {
        var named = $"{reopening.ToString("dddd", Culture)} {(reopening.Day == 1 ? "1er" : reopening.Day.ToString(Culture))} {reopening.ToString("MMMM", Culture)}";
        return (reopening.Date - now.Date).Days switch
        {
            0 => $"aujourd'hui, {named},",
            1 => $"demain, {named},",
            _ => $"le {named}",
        };
    }

    private static string Hour(DateTime at) => at.Minute == 0
        ? $"{at.Hour} heures"
        : $"{at.Hour} heures {at.Minute}";
}
