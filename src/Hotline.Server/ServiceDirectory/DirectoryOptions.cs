using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Hotline.Server.Geography;
using Microsoft.Extensions.Options;

namespace Hotline.Server.ServiceDirectory;

/// <summary>Section <c>Directory</c>: names of the reference services, and what may justify sending a family to a commune cell.</summary>
public sealed class DirectoryOptions
{
    public const string Section = "Directory";

    /// <summary>The national team's service, seeded once: it chooses when routing cannot.</summary>
    [Required(ErrorMessage = "Directory:NationalTeamName is required.")]
    [MaxLength(DirectoryLimits.Name, ErrorMessage = "Directory:NationalTeamName is too long.")]
    public string NationalTeamName { get; set; } = "Équipe nationale du numéro vert";

    /// <summary>The organization the national team belongs to.</summary>
    [Required(ErrorMessage = "Directory:NationalOrganizationName is required.")]
    [MaxLength(DirectoryLimits.Name, ErrorMessage = "Directory:NationalOrganizationName is too long.")]
    public string NationalOrganizationName { get; set; } = "Numéro vert national de prévention de la radicalisation";

    /// <summary>
    /// Collectivity code → name of the State representative's service seeded for it (overseas
    /// collectivities have no departmental cell). Every collectivity of the geography needs one.
    /// Keys replace defaults one by one (<c>Directory__StateRepresentatives__988=…</c>).
    /// </summary>
    public Dictionary<string, string> StateRepresentatives { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["975"] = "Préfecture de Saint-Pierre-et-Miquelon",
        ["977"] = "Préfecture de Saint-Barthélemy et de Saint-Martin (Saint-Barthélemy)",
        ["978"] = "Préfecture de Saint-Barthélemy et de Saint-Martin (Saint-Martin)",
        ["984"] = "Administrateur supérieur des Terres australes et antarctiques françaises",
        ["986"] = "Administrateur supérieur des îles Wallis et Futuna",
        ["987"] = "Haut-commissariat de la République en Polynésie française",
        ["988"] = "Haut-commissariat de la République en Nouvelle-Calédonie",
        ["989"] = "Haut-commissariat de la République en Polynésie française (Clipperton)",
    };

    /// <summary>
    /// The purposes and legal bases a counsellor chooses from when referring a family to a commune cell
    /// (a CMER includes intelligence services: every transfer records why and on what basis).
    /// </summary>
    public CommuneCellTransferOptions CommuneCellTransfer { get; set; } = new();

    /// <summary>The purpose codes a commune cell's charter may allow.</summary>
    public IReadOnlyCollection<string> CommuneCellPurposeCodes => [.. CommuneCellTransfer.Purposes.Select(p => p.Code)];
}

/// <summary>
/// Section <c>Directory:CommuneCellTransfer</c>. A list given in configuration replaces its default as a
/// whole (the defaults are applied only to an empty list: binding over a pre-filled list would append).
/// The defaults are a starting point for the data protection officer to review, not legal advice.
/// </summary>
public sealed class CommuneCellTransferOptions
{
    public List<TransferChoice> Purposes { get; set; } = [];

    public List<TransferChoice> LegalBases { get; set; } = [];

    public static IReadOnlyList<TransferChoice> DefaultPurposes { get; } =
    [
        new("examen-situation-cmer", "Examen de la situation en cellule municipale (CMER) pour prévenir un passage à l'acte ou une rupture"),
        new("accompagnement-local", "Accompagnement de la famille par un dispositif de la commune (prévention, soutien à la parentalité)"),
        new("protection-mineur", "Protection d'un mineur avec les services compétents de la commune"),
    ];

    public static IReadOnlyList<TransferChoice> DefaultLegalBases { get; } =
    [
        new("consentement-famille", "Consentement de la famille, recueilli et enregistré dans le triage (RGPD art. 6-1-a et 9-2-a)"),
        new("prevention-delinquance",
            "Mission d'intérêt public de prévention de la délinquance du maire (RGPD art. 6-1-e ; code de la sécurité intérieure, art. L132-1 et L132-5)"),
        new("protection-enfance",
            "Protection de l'enfance : partage d'informations à caractère secret (code de l'action sociale et des familles, art. L226-2-2)"),
    ];

    /// <summary>Fills an empty list with its defaults (after binding, before validation).</summary>
    internal void ApplyDefaults()
    {
        if (Purposes.Count == 0)
        {
            Purposes = [.. DefaultPurposes.Select(c => new TransferChoice(c.Code, c.Label))];
        }

        if (LegalBases.Count == 0)
        {
            LegalBases = [.. DefaultLegalBases.Select(c => new TransferChoice(c.Code, c.Label))];
        }
    }
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

/// <summary>Checks what data annotations cannot: the collectivities and the transfer choices.</summary>
internal sealed partial class DirectoryOptionsValidator(GeographyCatalog geography) : IValidateOptions<DirectoryOptions>
{
    public ValidateOptionsResult Validate(string? name, DirectoryOptions options)
    {
        var errors = new List<string>();
        foreach (var collectivity in geography.Departements.Where(d => d.IsOverseasCollectivity))
        {
            if (!options.StateRepresentatives.TryGetValue(collectivity.Code, out var serviceName) || string.IsNullOrWhiteSpace(serviceName))
            {
                errors.Add($"Directory:StateRepresentatives:{collectivity.Code} is required: the name of the State representative's service for {collectivity.Name}.");
            }
            else if (serviceName.Length > DirectoryLimits.Name)
            {
                errors.Add($"Directory:StateRepresentatives:{collectivity.Code} is longer than {DirectoryLimits.Name} characters.");
            }
        }

        foreach (var code in options.StateRepresentatives.Keys)
        {
            if (geography.FindDepartement(code) is not { IsOverseasCollectivity: true })
            {
                errors.Add($"Directory:StateRepresentatives:{code} is not an overseas collectivity code (975, 977, 978, 984, 986–989).");
            }
        }

        CheckChoices("Purposes", options.CommuneCellTransfer.Purposes, errors);
        CheckChoices("LegalBases", options.CommuneCellTransfer.LegalBases, errors);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void CheckChoices(string list, List<TransferChoice> choices, List<string> errors)
    {
        var key = "Directory:CommuneCellTransfer:" + list;
        if (choices.Count == 0)
        {
            errors.Add($"{key} needs at least one entry (Code and Label): a transfer to a commune cell must record it.");
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
}
