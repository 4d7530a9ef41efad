using System.Collections.Immutable;

namespace Hotline.Server.Geography;

public enum CommuneKind
{
    Commune,

    /// <summary>One of the 45 arrondissements of Paris, Lyon or Marseille; <see cref="Commune.ParentCode"/> is the city.</summary>
    MunicipalArrondissement,
}

/// <summary>
/// A current commune or a municipal arrondissement from the INSEE Code officiel géographique.
/// The département name is copied in because a commune name alone is ambiguous (Saint-Denis is in
/// 11, 30, 93 and 974): always show both.
/// </summary>
/// <param name="Code">INSEE code (not a postal code): five characters, may hold 2A/2B.</param>
/// <param name="ParentCode">For an arrondissement, the INSEE code of its city (75056, 69123, 13055).</param>
/// <param name="PostalCodes">La Poste codes serving the commune, sorted; empty for the uninhabited TAAF districts.</param>
/// <param name="Population">Legal population; null where the source has none.</param>
public sealed record Commune(
    string Code,
    string Name,
    CommuneKind Kind,
    string DepartementCode,
    string DepartementName,
    string? ParentCode,
    string? ParentName,
    ImmutableArray<string> PostalCodes,
    int? Population,
    GeographyZone Zone);
