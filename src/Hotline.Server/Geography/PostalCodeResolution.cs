namespace Hotline.Server.Geography;

public enum PostalCodeResolutionKind
{
    /// <summary>Not five digits, or not a code in the data (CEDEX codes, typos): ask the caller instead.</summary>
    Unknown,

    /// <summary>Every commune served by the code is in one département.</summary>
    SingleDepartement,

    /// <summary>The code serves communes in two or more départements (e.g. 13780: 13 and 83).</summary>
    Ambiguous,
}

/// <summary>What a postal code tells about a caller's location.</summary>
/// <param name="PostalCode">The code as looked up (trimmed).</param>
/// <param name="Communes">Communes served by the code, most populous first; Paris, Lyon and Marseille codes give the arrondissement, not the city.</param>
/// <param name="Departements">The distinct départements of those communes, ordered by code.</param>
public sealed record PostalCodeResolution(
    string PostalCode,
    PostalCodeResolutionKind Kind,
    IReadOnlyList<Commune> Communes,
    IReadOnlyList<Departement> Departements)
{
    /// <summary>The département when it is certain; null when the code is unknown or ambiguous.</summary>
    public Departement? Departement => Kind == PostalCodeResolutionKind.SingleDepartement ? Departements[0] : null;

    internal static PostalCodeResolution Unknown(string postalCode) =>
        new(postalCode, PostalCodeResolutionKind.Unknown, [], []);
}
