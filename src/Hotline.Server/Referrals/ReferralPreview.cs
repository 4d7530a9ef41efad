using Hotline.Server.Hosting;
using Hotline.Server.ServiceDirectory;
using Hotline.Server.Triage;

namespace Hotline.Server.Referrals;

/// <summary>
/// What the recipient would receive if the counsellor sent now: the same referral and snapshot the send stores
/// (one code path), shown before the one confirmation. Nothing is stored.
/// </summary>
/// <param name="Situation">The family's account as the recipient will read it; null when the minimum-data rule withholds it.</param>
public sealed record ReferralPreview(
    Guid ServiceId,
    string ServiceName,
    ServiceKind ServiceKind,
    string? DepartementCode,
    string? DepartementName,
    string? CommuneCode,
    string? CommuneName,
    string? Urgency,
    bool Urgent,
    DateTimeOffset AcknowledgeBy,
    string RoutingReason,
    TransferChoiceView? Purpose,
    TransferChoiceView? LegalBasis,
    SharedDetails Shared,
    bool DetailsShared,
    ReferralSituation? Situation);

/// <summary>
/// The least a referral must say: who called, how urgent, and what worries the family (a summary or at least one
/// sign). Without it a service receives a name of commune and nothing to act on.
/// </summary>
public static class TriageCompleteness
{
    public const string IncompleteCode = "triage-incomplete";

    /// <summary>The missing items, as triage fields (the summary stands for "summary or a sign").</summary>
    public static IReadOnlyList<string> Missing(CallTriage triage, string? summary)
    {
        var missing = new List<string>();
        if (triage.CallerRelation is null)
        {
            missing.Add("callerRelation");
        }

        if (triage.Urgency is null)
        {
            missing.Add("urgency");
        }

        if (string.IsNullOrWhiteSpace(summary) && triage.WarningSigns.Count == 0)
        {
            missing.Add("summary");
        }

        return missing;
    }

    public static ServiceProblem Problem(IReadOnlyList<string> missing) => new(
        ProblemKind.Invalid,
        "La fiche est incomplète : rien n’a été envoyé. Complétez " + string.Join(", ", missing.Select(Name)) + ".",
        missing.ToDictionary(field => field, field => new[] { Message(field) }),
        new Dictionary<string, object?> { ["code"] = IncompleteCode, ["missing"] = missing });

    private static string Name(string field) => field switch
    {
        "callerRelation" => "le lien de l’appelant·e",
        "urgency" => "le niveau d’urgence",
        _ => "le résumé ou au moins un signe d’alerte",
    };

    private static string Message(string field) => field switch
    {
        "callerRelation" => "Indiquez qui appelle avant d’envoyer.",
        "urgency" => "Choisissez un niveau d’urgence avant d’envoyer.",
        _ => "Écrivez un résumé ou cochez au moins un signe d’alerte avant d’envoyer.",
    };
}
