using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace Hotline.Server.Geography;

/// <summary>
/// The official geography (INSEE COG via @etalab/decoupage-administratif), read once from the
/// embedded geography.json and immutable afterwards, so one instance is shared by the whole process.
/// </summary>
/// <remarks>
/// Postal codes and INSEE codes live in separate dictionaries on purpose: "13007" is Marseille 7e as
/// a postal code and Auriol as an INSEE code. The département is never derived from the digits of a
/// postal code (94390 is in Essonne, 13780 spans 13 and 83); it always comes from the communes.
/// </remarks>
public sealed class GeographyCatalog
{
    internal const string ResourceName = "Hotline.Server.Geography.geography.json";
    private const int SupportedFormat = 1;

    private static readonly Lazy<GeographyCatalog> _shared = new(LoadEmbedded);

    private readonly FrozenDictionary<string, Commune> _communesByInseeCode;
    private readonly FrozenDictionary<string, Departement> _departementsByCode;
    private readonly FrozenDictionary<string, PostalCodeResolution> _postalCodes;

    private GeographyCatalog(
        string source,
        int cogYear,
        ImmutableArray<Departement> departements,
        ImmutableArray<Commune> communes,
        FrozenDictionary<string, PostalCodeResolution> postalCodes)
    {
        Source = source;
        CogYear = cogYear;
        Departements = departements;
        Communes = communes;
        _postalCodes = postalCodes;
        // Case-insensitive so "2a004" finds Ajaccio; codes are otherwise compared exactly (no padding of "1" to "01").
        _communesByInseeCode = communes.ToFrozenDictionary(c => c.Code, StringComparer.OrdinalIgnoreCase);
        _departementsByCode = departements.ToFrozenDictionary(d => d.Code, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>The process-wide instance, loaded on first use (0.1–0.2 s, about 11 MB retained; see README.md).</summary>
    public static GeographyCatalog Shared => _shared.Value;

    /// <summary>Where the data comes from, e.g. "@etalab/decoupage-administratif 6.0.0".</summary>
    public string Source { get; }

    /// <summary>The COG vintage (1 January of that year). Store it next to any INSEE code kept in the database.</summary>
    public int CogYear { get; }

    /// <summary>The 101 départements and the overseas collectivities, ordered by code.</summary>
    public ImmutableArray<Departement> Departements { get; }

    /// <summary>Current communes and municipal arrondissements, ordered by INSEE code.</summary>
    public ImmutableArray<Commune> Communes { get; }

    /// <summary>The number of distinct postal codes known.</summary>
    public int PostalCodeCount => _postalCodes.Count;

    /// <summary>
    /// What a caller's postal code says about where they are. Anything that is not five ASCII digits
    /// or not in the data resolves as <see cref="PostalCodeResolutionKind.Unknown"/>, never as an error:
    /// location is optional and a counsellor can ask.
    /// </summary>
    public PostalCodeResolution ResolvePostalCode(string? postalCode)
    {
        var code = postalCode?.Trim() ?? "";
        return IsFiveDigits(code) && _postalCodes.TryGetValue(code, out var resolution)
            ? resolution
            : PostalCodeResolution.Unknown(code);
    }

    /// <summary>A commune or municipal arrondissement by INSEE code (not postal code); null if unknown.</summary>
    public Commune? FindCommune(string? inseeCode) =>
        inseeCode is not null && _communesByInseeCode.TryGetValue(inseeCode.Trim(), out var commune) ? commune : null;

    /// <summary>A département or overseas collectivity by code ("13", "2B", "974", "987"); null if unknown.</summary>
    public Departement? FindDepartement(string? code) =>
        code is not null && _departementsByCode.TryGetValue(code.Trim(), out var departement) ? departement : null;

    private static bool IsFiveDigits(string code) =>
        code.Length == 5 && !code.AsSpan().ContainsAnyExceptInRange('0', '9');

    private static GeographyCatalog LoadEmbedded()
    {
        using var stream = typeof(GeographyCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing from the assembly.");
        return Load(stream);
    }

    /// <summary>Reads a geography.json stream (the format refresh/generate.mjs writes) and checks its consistency.</summary>
    internal static GeographyCatalog Load(Stream stream)
    {
        var file = JsonSerializer.Deserialize(stream, GeographyJsonContext.Default.GeographyFile)
            ?? throw new InvalidDataException("geography.json is empty.");
        if (file.Format != SupportedFormat)
        {
            throw new InvalidDataException($"geography.json has format {file.Format}; this code reads format {SupportedFormat}.");
        }

        var regionNames = file.Regions.ToDictionary(r => r.Code, r => r.Name, StringComparer.Ordinal);
        var communeRows = file.Communes.ToDictionary(c => c.Code, StringComparer.Ordinal);

        var departements = file.Departements
            .Select(row => new Departement(
                row.Code,
                row.Name,
                row.Region,
                regionNames.TryGetValue(row.Region, out var regionName)
                    ? regionName
                    : throw new InvalidDataException($"Département {row.Code} has unknown region {row.Region}."),
                ParseZone(row.Zone, row.Code),
                row.Prefecture,
                row.Prefecture is null ? null : Row(communeRows, row.Prefecture, $"préfecture of {row.Code}").Name))
            .OrderBy(d => d.Code, StringComparer.Ordinal)
            .ToImmutableArray();
        var departementsByCode = departements.ToDictionary(d => d.Code, StringComparer.Ordinal);

        // Most postal codes serve several communes: share one string instance per code.
        var postalStrings = new Dictionary<string, string>(StringComparer.Ordinal);
        var communes = new Commune[file.Communes.Count];
        for (var i = 0; i < communes.Length; i++)
        {
            var row = file.Communes[i];
            if (!departementsByCode.TryGetValue(row.Departement, out var departement))
            {
                throw new InvalidDataException($"Commune {row.Code} has unknown département {row.Departement}.");
            }

            var postalCodes = row.PostalCodes ?? [];
            for (var j = 0; j < postalCodes.Length; j++)
            {
                var postalCode = postalCodes[j];
                if (!IsFiveDigits(postalCode))
                {
                    throw new InvalidDataException($"Commune {row.Code} has malformed postal code \"{postalCode}\".");
                }

                postalCodes[j] = postalStrings.TryAdd(postalCode, postalCode) ? postalCode : postalStrings[postalCode];
            }

            communes[i] = new Commune(
                row.Code,
                row.Name,
                row.Parent is null ? CommuneKind.Commune : CommuneKind.MunicipalArrondissement,
                departement.Code,
                departement.Name,
                row.Parent,
                row.Parent is null ? null : Row(communeRows, row.Parent, $"parent of {row.Code}").Name,
                // The deserialized array is owned by this commune alone from here on: wrap it, no copy.
                ImmutableCollectionsMarshal.AsImmutableArray(postalCodes),
                row.Population,
                departement.Zone);
        }

        Array.Sort(communes, (a, b) => string.CompareOrdinal(a.Code, b.Code));
        return new GeographyCatalog(
            file.Source,
            file.Cog,
            departements,
            ImmutableCollectionsMarshal.AsImmutableArray(communes),
            IndexPostalCodes(communes, departementsByCode));
    }

    private static FrozenDictionary<string, PostalCodeResolution> IndexPostalCodes(
        Commune[] communes, Dictionary<string, Departement> departementsByCode)
    {
        var byPostalCode = new Dictionary<string, List<Commune>>(StringComparer.Ordinal);
        foreach (var commune in communes)
        {
            foreach (var postalCode in commune.PostalCodes)
            {
                if (!byPostalCode.TryGetValue(postalCode, out var list))
                {
                    byPostalCode.Add(postalCode, list = []);
                }

                list.Add(commune);
            }
        }

        var resolutions = new Dictionary<string, PostalCodeResolution>(byPostalCode.Count, StringComparer.Ordinal);
        foreach (var (postalCode, list) in byPostalCode)
        {
            // Paris, Lyon and Marseille list every postal code of their arrondissements too: the
            // arrondissement is the precise answer, so the city gives way to it.
            list.RemoveAll(c => c.Kind == CommuneKind.Commune && list.Exists(a => a.ParentCode == c.Code));
            // Most populous first: the likeliest answer heads a list of up to 46 communes.
            list.Sort(static (a, b) =>
            {
                var byPopulation = (b.Population ?? 0).CompareTo(a.Population ?? 0);
                return byPopulation != 0 ? byPopulation : string.CompareOrdinal(a.Code, b.Code);
            });

            var departementCodes = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var commune in list)
            {
                departementCodes.Add(commune.DepartementCode);
            }

            Departement[] departements = [.. departementCodes.Select(code => departementsByCode[code])];
            var kind = departements.Length == 1
                ? PostalCodeResolutionKind.SingleDepartement
                : PostalCodeResolutionKind.Ambiguous;
            resolutions.Add(postalCode, new PostalCodeResolution(postalCode, kind, list.ToArray().AsReadOnly(), departements.AsReadOnly()));
        }

        return resolutions.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static CommuneRow Row(Dictionary<string, CommuneRow> rows, string code, string role) =>
        rows.TryGetValue(code, out var row)
            ? row
            : throw new InvalidDataException($"Commune {code} ({role}) is not in geography.json.");

    private static GeographyZone ParseZone(string zone, string departementCode) => zone switch
    {
        "metro" => GeographyZone.Metro,
        "drom" => GeographyZone.Drom,
        "com" => GeographyZone.Com,
        _ => throw new InvalidDataException($"Département {departementCode} has unknown zone \"{zone}\"."),
    };
}
