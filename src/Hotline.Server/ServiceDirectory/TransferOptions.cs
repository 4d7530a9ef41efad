using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Hotline.Server.ServiceDirectory;

/// <summary>
/// Section <c>Referrals:Transfers</c>: for every kind of service, the purposes and legal bases a transfer to it may
/// state (<c>Referrals:Transfers:&lt;Kind&gt;:Purposes</c> and <c>…:LegalBases</c>, each entry a Code and a Label).
/// Every transfer records one of each: the departmental cell includes police, gendarmerie and the prosecutor too.
/// A list given in configuration replaces its default as a whole. The defaults follow the sources of DOMAIN.md
/// ("Onward transfers"); they are a starting point for the DPO to review, not legal advice. The family's consent
/// is never a legal basis here (the caller is rarely the person concerned; art. 10 data cannot rest on consent):
/// the family's agreement is recorded on the triage and decides which details pass.
/// </summary>
public sealed class TransferOptions
{
    public const string Section = "Referrals:Transfers";

    public TransferKindOptions DepartementalCell { get; set; } = new();

    public TransferKindOptions CommuneCell { get; set; } = new();

    public TransferKindOptions MandatedAssociation { get; set; } = new();

    public TransferKindOptions NationalTeam { get; set; } = new();

    public TransferKindOptions StateRepresentative { get; set; } = new();

    public TransferKindOptions ChildProtection { get; set; } = new();

    public TransferKindOptions For(ServiceKind kind) => kind switch
    {
        ServiceKind.DepartementalCell => DepartementalCell,
        ServiceKind.CommuneCell => CommuneCell,
        ServiceKind.MandatedAssociation => MandatedAssociation,
        ServiceKind.NationalTeam => NationalTeam,
        ServiceKind.StateRepresentative => StateRepresentative,
        ServiceKind.ChildProtection => ChildProtection,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "No transfer settings for this kind."),
    };

    /// <summary>The defaults, per kind, with the texts they rest on.</summary>
    public static IReadOnlyDictionary<ServiceKind, (TransferChoice[] Purposes, TransferChoice[] LegalBases)> Defaults { get; } =
        new Dictionary<ServiceKind, (TransferChoice[], TransferChoice[])>
        {
            [ServiceKind.DepartementalCell] = (
                [
                    new("accompagnement-famille", "Accompagnement social et psychologique de la famille par la cellule départementale (CPRAF)"),
                    new("evaluation-situation", "Évaluation de la situation sous l'autorité du préfet (état-major de sécurité, GED) et orientation de la famille"),
                ],
                [
                    new("mission-prevention-prefet",
                        "Mission d'intérêt public de prévention de la radicalisation confiée au préfet (RGPD art. 6-1-e ; plan du 29 avril 2014 ; circulaire du Premier ministre de mai 2016)"),
                ]),
            [ServiceKind.CommuneCell] = (
                [
                    new("examen-situation-cmer", "Examen de la situation en cellule municipale (CMER) pour prévenir un passage à l'acte ou une rupture"),
                    new("accompagnement-local", "Accompagnement de la famille par un dispositif de la commune (prévention, soutien à la parentalité)"),
                ],
                [
                    new("charte-cmer",
                        "Charte signée par le préfet, le maire et le procureur (instruction du 13 novembre 2018), au sein du groupe de travail du CLSPD (code de la sécurité intérieure, art. L132-5 et D132-7) ; RGPD art. 6-1-e"),
                ]),
            [ServiceKind.MandatedAssociation] = (
                [new("accompagnement-famille", "Accompagnement de la famille par l'association mandatée par la préfecture")],
                [new("mandat-prefecture", "Mission d'intérêt public confiée par la préfecture à l'association, dans le cadre de son mandat (RGPD art. 6-1-e)")]),
            [ServiceKind.NationalTeam] = (
                [new("choix-du-service", "Choix du service compétent par l'équipe nationale de la ligne, l'orientation automatique n'ayant pas pu le faire")],
                [new("mission-ligne-nationale", "Mission d'intérêt public du numéro vert national d'assistance et d'orientation (RGPD art. 6-1-e ; plan du 29 avril 2014)")]),
            [ServiceKind.StateRepresentative] = (
                [new("accompagnement-famille", "Accompagnement de la famille par les services du représentant de l'État")],
                [new("mission-prevention-etat", "Mission d'intérêt public de prévention de la radicalisation du représentant de l'État (RGPD art. 6-1-e)")]),
            [ServiceKind.ChildProtection] = (
                [new("information-preoccupante",
                    "Transmission d'une information préoccupante sur un mineur en danger ou en risque de l'être, pour évaluation par la CRIP (CASF art. L226-3)")],
                [new("casf-l226-3",
                    "Recueil et évaluation des informations préoccupantes par le président du conseil départemental (CASF art. L226-2-1 et L226-3) ; RGPD art. 6-1-e")]),
        };

    /// <summary>Fills each empty list with its default (after binding, before validation).</summary>
    internal void ApplyDefaults()
    {
        foreach (var (kind, (purposes, legalBases)) in Defaults)
        {
            var options = For(kind);
            if (options.Purposes.Count == 0)
            {
                options.Purposes = [.. purposes.Select(c => new TransferChoice(c.Code, c.Label))];
            }

            if (options.LegalBases.Count == 0)
            {
                options.LegalBases = [.. legalBases.Select(c => new TransferChoice(c.Code, c.Label))];
            }
        }
    }
}

/// <summary>The purposes and legal bases of a transfer to one kind of service.</summary>
public sealed class TransferKindOptions
{
    public List<TransferChoice> Purposes { get; set; } = [];

    public List<TransferChoice> LegalBases { get; set; } = [];
}

/// <summary>One choice: a stable code (stored with the referral) and its French label (shown).</summary>
public sealed class TransferChoice
{
    public TransferChoice()
    {
    }

    public TransferChoice(string code, string label)
    {
        Code = code;
        Label = label;
    }

    public string Code { get; set; } = "";

    public string Label { get; set; } = "";
}

/// <summary>Checks every kind's lists, each message naming its setting.</summary>
internal sealed partial class TransferOptionsValidator : IValidateOptions<TransferOptions>
{
    public ValidateOptionsResult Validate(string? name, TransferOptions options)
    {
        var errors = new List<string>();
        foreach (var kind in TransferOptions.Defaults.Keys)
        {
            var key = $"{TransferOptions.Section}:{kind}";
            CheckChoices($"{key}:Purposes", options.For(kind).Purposes, errors);
            CheckChoices($"{key}:LegalBases", options.For(kind).LegalBases, errors);
            foreach (var basis in options.For(kind).LegalBases.Where(b => ConsentWord().IsMatch(b.Code ?? "")))
            {
                errors.Add($"{key}:LegalBases: \"{basis.Code}\" names consent; the family's agreement is recorded on the triage, it is not the legal basis of a transfer (see DOMAIN.md).");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckChoices(string key, List<TransferChoice> choices, List<string> errors)
    {
        if (choices.Count == 0)
        {
            errors.Add($"{key} needs at least one entry (Code and Label): every transfer records it.");
        }

        for (var i = 0; i < choices.Count; i++)
        {
            if (!ChoiceCode().IsMatch(choices[i].Code ?? ""))
            {
                errors.Add($"{key}:{i}:Code must be 1–64 lower-case letters, digits or hyphens (it is stored with referrals).");
            }

            if (string.IsNullOrWhiteSpace(choices[i].Label) || choices[i].Label.Length > DirectoryLimits.Name)
            {
                errors.Add($"{key}:{i}:Label is required (at most {DirectoryLimits.Name} characters).");
            }
        }

        foreach (var duplicate in choices.GroupBy(c => c.Code, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add($"{key}: the code \"{duplicate.Key}\" is used more than once.");
        }
    }

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$")]
    private static partial Regex ChoiceCode();

    [GeneratedRegex("consent")]
    private static partial Regex ConsentWord();
}
