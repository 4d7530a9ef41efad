namespace Hotline.Server.Geography;

/// <summary>Where a département sits: mainland and Corsica, overseas départements, overseas collectivities.</summary>
public enum GeographyZone
{
    Metro,

    /// <summary>Overseas départements and regions 971–976.</summary>
    Drom,

    /// <summary>Overseas collectivities (975, 977, 978, 984, 986–989): not part of the 101 départements.</summary>
    Com,
}

/// <summary>
/// A département, or an overseas collectivity which the COG codes the same way (975, 977, …) so that
/// calls from there can be routed too.
/// </summary>
/// <param name="Code">"01"–"95", "2A", "2B", "971"–"976", or a collectivity code; always a string.</param>
/// <param name="PrefectureCode">INSEE code of the chef-lieu; null where the source has no consistent one (TAAF).</param>
public sealed record Departement(
    string Code,
    string Name,
    string RegionCode,
    string RegionName,
    GeographyZone Zone,
    string? PrefectureCode,
    string? PrefectureName)
{
    public bool IsOverseasCollectivity => Zone == GeographyZone.Com;
}
