using System.Collections.Frozen;
using Hotline.Server.Geography;

namespace Hotline.Server.ServiceDirectory;

/// <summary>
/// French names of départements after "de": "des Bouches-du-Rhône", "de Vaucluse", "de la Corse-du-Sud".
/// The COG file we embed has no article type (INSEE's TNCC), and guessing it from the name is wrong
/// too often (Vaucluse takes no article, Var does), so the forms are listed once here; a unit test
/// checks that every département and collectivity of the catalog has one.
/// </summary>
public static class DepartementNames
{
    private static readonly FrozenDictionary<string, string> _prepositions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["01"] = "de l'", ["02"] = "de l'", ["03"] = "de l'", ["04"] = "des ", ["05"] = "des ",
        ["06"] = "des ", ["07"] = "de l'", ["08"] = "des ", ["09"] = "de l'", ["10"] = "de l'",
        ["11"] = "de l'", ["12"] = "de l'", ["13"] = "des ", ["14"] = "du ", ["15"] = "du ",
        ["16"] = "de la ", ["17"] = "de la ", ["18"] = "du ", ["19"] = "de la ", ["21"] = "de la ",
        ["22"] = "des ", ["23"] = "de la ", ["24"] = "de la ", ["25"] = "du ", ["26"] = "de la ",
        ["27"] = "de l'", ["28"] = "d'", ["29"] = "du ", ["2A"] = "de la ", ["2B"] = "de la ",
        ["30"] = "du ", ["31"] = "de la ", ["32"] = "du ", ["33"] = "de la ", ["34"] = "de l'",
        ["35"] = "d'", ["36"] = "de l'", ["37"] = "d'", ["38"] = "de l'", ["39"] = "du ",
        ["40"] = "des ", ["41"] = "de ", ["42"] = "de la ", ["43"] = "de la ", ["44"] = "de la ",
        ["45"] = "du ", ["46"] = "du ", ["47"] = "de ", ["48"] = "de la ", ["49"] = "de ",
        ["50"] = "de la ", ["51"] = "de la ", ["52"] = "de la ", ["53"] = "de la ", ["54"] = "de ",
        ["55"] = "de la ", ["56"] = "du ", ["57"] = "de la ", ["58"] = "de la ", ["59"] = "du ",
        ["60"] = "de l'", ["61"] = "de l'", ["62"] = "du ", ["63"] = "du ", ["64"] = "des ",
        ["65"] = "des ", ["66"] = "des ", ["67"] = "du ", ["68"] = "du ", ["69"] = "du ",
        ["70"] = "de la ", ["71"] = "de ", ["72"] = "de la ", ["73"] = "de la ", ["74"] = "de la ",
        ["75"] = "de ", ["76"] = "de la ", ["77"] = "de ", ["78"] = "des ", ["79"] = "des ",
        ["80"] = "de la ", ["81"] = "du ", ["82"] = "de ", ["83"] = "du ", ["84"] = "de ",
        ["85"] = "de la ", ["86"] = "de la ", ["87"] = "de la ", ["88"] = "des ", ["89"] = "de l'",
        ["90"] = "du ", ["91"] = "de l'", ["92"] = "des ", ["93"] = "de la ", ["94"] = "du ",
        ["95"] = "du ",
        ["971"] = "de la ", ["972"] = "de la ", ["973"] = "de la ", ["974"] = "de ", ["976"] = "de ",
        // Overseas collectivities.
        ["975"] = "de ", ["977"] = "de ", ["978"] = "de ", ["984"] = "des ", ["986"] = "de ",
        ["987"] = "de la ", ["988"] = "de la ", ["989"] = "de l'",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>The codes this table knows (the unit test compares them with the catalog).</summary>
    public static IEnumerable<string> Codes => _prepositions.Keys;

    /// <summary>"des Bouches-du-Rhône", "de Vaucluse"; "du département 99" for a code the table does not know.</summary>
    public static string AfterDe(Departement departement) =>
        _prepositions.TryGetValue(departement.Code, out var preposition)
            ? preposition + departement.Name
            : "du département " + departement.Code;

    /// <summary>"Préfecture des Bouches-du-Rhône". Paris is the Préfecture de police's (DOMAIN.md).</summary>
    public static string Prefecture(Departement departement) =>
        departement.Code == "75" ? "Préfecture de police" : "Préfecture " + AfterDe(departement);

    /// <summary>Who runs child protection there: the departmental council, or the collectivity that took its place.</summary>
    public static string ChildProtectionAuthority(Departement departement) => departement.Code switch
    {
        "75" => "Ville de Paris",
        "2A" or "2B" => "Collectivité de Corse",
        "972" => "Collectivité territoriale de Martinique",
        "973" => "Collectivité territoriale de Guyane",
        _ => "Conseil départemental " + AfterDe(departement),
    };

    /// <summary>The short label used in routing reasons: "CRIP des Bouches-du-Rhône".</summary>
    public static string ChildProtectionLabel(Departement departement) => "CRIP " + AfterDe(departement);

    /// <summary>The short label used in routing reasons: "cellule départementale des Bouches-du-Rhône".</summary>
    public static string DepartementalCellLabel(Departement departement) => "cellule départementale " + AfterDe(departement);
}
