using System.Globalization;
using System.Text;
using Hotline.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Npgsql;
using NpgsqlTypes;

namespace Hotline.Server.Geography;

/// <summary>
/// One commune (or municipal arrondissement) of the official geography, as the name search reads it: a copy of
/// <see cref="GeographyCatalog"/> in PostgreSQL, refreshed by the migrator when the catalog's vintage changes.
/// </summary>
public sealed class CommuneSearchEntry
{
    public required string Code { get; set; }

    public required string Name { get; set; }

    public required string DepartementCode { get; set; }

    public required string DepartementName { get; set; }

    public int? Population { get; set; }

    /// <summary>The name as <see cref="CommuneSearch.Normalize"/> makes it, with a leading space: every word start is " word".</summary>
    public required string SearchName { get; set; }

    public int CogYear { get; set; }
}

internal sealed class CommuneSearchEntryConfiguration : IEntityTypeConfiguration<CommuneSearchEntry>
{
    public void Configure(EntityTypeBuilder<CommuneSearchEntry> builder)
    {
        builder.ToTable("commune_search");
        builder.HasKey(c => c.Code);
        builder.Property(c => c.Code).HasMaxLength(5);
        builder.Property(c => c.DepartementCode).HasMaxLength(3);
        // The trigram index (pg_trgm, created by the migration as owner) serves "a word of the name starts with".
        builder.HasIndex(c => c.SearchName).HasMethod("gin").HasOperators("gin_trgm_ops");
    }
}

/// <summary>
/// "Autre commune": the communes whose name matches what the counsellor typed, accents, hyphens, apostrophes and
/// case ignored, "st"/"ste" read as "saint"/"sainte", any word of the name (so "Rémy" finds Saint-Rémy-de-Provence),
/// arrondissements of Paris, Lyon and Marseille included ("marseille 5"). At most 20, exact names first, then the
/// most populous; each with its département, since a name alone is ambiguous (Saint-Rémy: 13, 21, 71…).
/// </summary>
public sealed class CommuneSearch(HotlineDbContext db)
{
    public const int MaxResults = 20;

    /// <summary>Shorter queries match too much to be useful (and no trigram index helps them).</summary>
    public const int MinLength = 2;

    public async Task<IReadOnlyList<CommuneChoice>> FindAsync(string? query, CancellationToken cancellationToken)
    {
        var normalized = Normalize(query);
        if (normalized.Length < MinLength)
        {
            return [];
        }

        var code = query!.Trim().ToUpperInvariant();
        var like = EscapeLike(normalized);
        // " q%" is the name's start, "% q%" any word's; the exact name first, then its start, then population.
        return await db.Set<CommuneSearchEntry>()
            .FromSql($"""
                SELECT * FROM commune_search
                WHERE search_name LIKE {"% " + like + "%"} OR code = {code}
                ORDER BY code = {code} DESC, search_name = {" " + normalized} DESC, search_name LIKE {" " + like + "%"} DESC,
                         population DESC NULLS LAST, name, code
                LIMIT {MaxResults}
                """)
            .AsNoTracking()
            .Select(c => new CommuneChoice(c.Code, c.Name, c.DepartementCode, c.DepartementName))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Lower case, no accents, words separated by one space, "st"/"ste" spelt out.</summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "";
        }

        var decomposed = text.Trim().ToLowerInvariant().Replace("œ", "oe", StringComparison.Ordinal).Replace("æ", "ae", StringComparison.Ordinal)
            .Normalize(NormalizationForm.FormD);
        var letters = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            letters.Append(char.IsLetterOrDigit(c) ? c : ' ');
        }

        var words = letters.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(word => word switch { "st" => "saint", "ste" => "sainte", _ => word });
        return string.Join(' ', words);
    }

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    /// <summary>
    /// Makes commune_search the catalog's geography when it holds another vintage or count (run as the owner by the
    /// migrator, in one transaction: readers see the old table or the new one).
    /// </summary>
    public static async Task RefreshAsync(NpgsqlConnection connection, GeographyCatalog catalog, CancellationToken cancellationToken)
    {
        await using (var check = new NpgsqlCommand("SELECT count(*) FILTER (WHERE cog_year = @year), count(*) FROM commune_search", connection))
        {
            check.Parameters.AddWithValue("year", catalog.CogYear);
            await using var reader = await check.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            if (reader.GetInt64(0) == catalog.Communes.Length && reader.GetInt64(1) == catalog.Communes.Length)
            {
                return;
            }
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var clear = new NpgsqlCommand("DELETE FROM commune_search", connection, transaction))
        {
            await clear.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var import = await connection.BeginBinaryImportAsync(
            "COPY commune_search (code, name, departement_code, departement_name, population, search_name, cog_year) FROM STDIN (FORMAT BINARY)",
            cancellationToken))
        {
            foreach (var commune in catalog.Communes)
            {
                await import.StartRowAsync(cancellationToken);
                await import.WriteAsync(commune.Code, NpgsqlDbType.Varchar, cancellationToken);
                await import.WriteAsync(commune.Name, NpgsqlDbType.Text, cancellationToken);
                await import.WriteAsync(commune.DepartementCode, NpgsqlDbType.Varchar, cancellationToken);
                await import.WriteAsync(commune.DepartementName, NpgsqlDbType.Text, cancellationToken);
                if (commune.Population is { } population)
                {
                    await import.WriteAsync(population, NpgsqlDbType.Integer, cancellationToken);
                }
                else
                {
                    await import.WriteNullAsync(cancellationToken);
                }

                await import.WriteAsync(" " + Normalize(commune.Name), NpgsqlDbType.Text, cancellationToken);
                await import.WriteAsync(catalog.CogYear, NpgsqlDbType.Integer, cancellationToken);
            }

            await import.CompleteAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
