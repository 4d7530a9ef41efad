using System.Collections.Frozen;

namespace Hotline.Server.ServiceDirectory;

/// <summary>What routing needs to know about one directory service.</summary>
/// <param name="Departements">Département or collectivity codes the service covers ("13", "2A", "974", "988").</param>
/// <param name="Communes">INSEE codes of the communes (or municipal arrondissements) it covers.</param>
/// <param name="Protocol">A commune cell's charter, if one is recorded: without it the cell receives nothing.</param>
public sealed record DirectoryEntry(
    Guid Id,
    string Name,
    ServiceKind Kind,
    ServiceStatus Status,
    IReadOnlyList<string> Departements,
    IReadOnlyList<string> Communes,
    ProtocolTerms? Protocol = null)
{
    public bool IsActive => Status == ServiceStatus.Active;
}

/// <summary>
/// The directory as routing sees it, indexed once: immutable, so a decision is a pure function of the
/// snapshot, the geography and the request (and a table of cases tests it without a database).
/// </summary>
public sealed class DirectorySnapshot
{
    private readonly FrozenDictionary<string, DirectoryEntry[]> _communeCellsByCommune;
    private readonly FrozenDictionary<string, DirectoryEntry[]> _byDepartement;

    public DirectorySnapshot(IEnumerable<DirectoryEntry> entries)
    {
        // Active first, then by name: the order decisions and reasons list services in is stable.
        Entries = [.. entries
            .OrderBy(e => e.IsActive ? 0 : 1)
            .ThenBy(e => e.Name, StringComparer.Ordinal)
            .ThenBy(e => e.Id)];
        _communeCellsByCommune = Entries
            .Where(e => e.Kind == ServiceKind.CommuneCell)
            .SelectMany(e => e.Communes.Select(code => (Code: code.Trim().ToUpperInvariant(), Entry: e)))
            .GroupBy(x => x.Code, StringComparer.OrdinalIgnoreCase)
            .ToFrozenDictionary(g => g.Key, g => g.Select(x => x.Entry).Distinct().ToArray(), StringComparer.OrdinalIgnoreCase);
        _byDepartement = Entries
            .SelectMany(e => e.Departements.Select(code => (Code: code.Trim().ToUpperInvariant(), Entry: e)))
            .GroupBy(x => x.Code, StringComparer.OrdinalIgnoreCase)
            .ToFrozenDictionary(g => g.Key, g => g.Select(x => x.Entry).Distinct().ToArray(), StringComparer.OrdinalIgnoreCase);
        NationalTeam = Entries.FirstOrDefault(e => e.Kind == ServiceKind.NationalTeam && e.IsActive);
    }

    public static DirectorySnapshot Empty { get; } = new([]);

    public IReadOnlyList<DirectoryEntry> Entries { get; }

    /// <summary>The active national team service, if the directory has one.</summary>
    public DirectoryEntry? NationalTeam { get; }

    /// <summary>Commune cells (active or not) whose area lists exactly this INSEE code.</summary>
    public IReadOnlyList<DirectoryEntry> CommuneCellsListing(string inseeCode) =>
        _communeCellsByCommune.TryGetValue(inseeCode, out var cells) ? cells : [];

    /// <summary>Services of a kind (active or not) whose area lists this département or collectivity code.</summary>
    public IReadOnlyList<DirectoryEntry> ForDepartement(string departementCode, ServiceKind kind) =>
        _byDepartement.TryGetValue(departementCode, out var entries) ? [.. entries.Where(e => e.Kind == kind)] : [];
}
