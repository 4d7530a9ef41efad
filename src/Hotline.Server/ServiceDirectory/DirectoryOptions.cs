using System.ComponentModel.DataAnnotations;
using Hotline.Server.Geography;
using Microsoft.Extensions.Options;

namespace Hotline.Server.ServiceDirectory;

/// <summary>Section <c>Directory</c>: names of the reference services (transfers are <see cref="TransferOptions"/>).</summary>
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
}

/// <summary>Checks what data annotations cannot: the collectivities.</summary>
internal sealed class DirectoryOptionsValidator(GeographyCatalog geography) : IValidateOptions<DirectoryOptions>
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

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
