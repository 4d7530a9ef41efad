using System.Text.Json.Serialization;

namespace Hotline.Server.Geography;

// The shape of geography.json, written by refresh/generate.mjs. Short keys keep the embedded file
// small; the catalog turns these into the public records.

internal sealed record GeographyFile(
    int Format,
    string Source,
    int Cog,
    List<RegionRow> Regions,
    List<DepartementRow> Departements,
    List<CommuneRow> Communes);

internal sealed record RegionRow(
    [property: JsonPropertyName("c")] string Code,
    [property: JsonPropertyName("n")] string Name);

internal sealed record DepartementRow(
    [property: JsonPropertyName("c")] string Code,
    [property: JsonPropertyName("n")] string Name,
    [property: JsonPropertyName("r")] string Region,
    [property: JsonPropertyName("z")] string Zone,
    [property: JsonPropertyName("pref")] string? Prefecture = null);

internal sealed record CommuneRow(
    [property: JsonPropertyName("c")] string Code,
    [property: JsonPropertyName("n")] string Name,
    [property: JsonPropertyName("d")] string Departement,
    [property: JsonPropertyName("p")] string? Parent = null,
    [property: JsonPropertyName("cp")] string[]? PostalCodes = null,
    [property: JsonPropertyName("pop")] int? Population = null);

// Source-generated: no reflection at start-up, and missing non-nullable keys fail the load.
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(GeographyFile))]
internal sealed partial class GeographyJsonContext : JsonSerializerContext;
