using Hotline.Server.Geography;

namespace Hotline.Server.ServiceDirectory;

/// <summary>
/// The rules that keep routing unambiguous, checked on the directory as a write would leave it:
/// <list type="bullet">
/// <item>every département has exactly one active departmental cell;</item>
/// <item>no two active commune cells cover the same commune (a cell of a city covers its arrondissements);</item>
/// <item>an overseas collectivity has at most one active State representative; there is at most one active national team.</item>
/// </list>
/// Only what the write touches is checked (the départements of the changed services before and after,
/// the changed commune cells), so a write is judged by what it changes.
/// </summary>
public static class DirectoryRules
{
    public const string OneDepartementalCell = "one-active-departmental-cell-per-departement";
    public const string NoOverlappingCommuneCells = "no-two-active-commune-cells-per-commune";
    public const string OneStateRepresentative = "at-most-one-active-state-representative-per-collectivity";
    public const string OneNationalTeam = "at-most-one-active-national-team";

    public static List<RuleConflict> Check(
        IReadOnlyCollection<DirectoryEntry> before, IReadOnlyCollection<DirectoryEntry> after, IReadOnlySet<Guid> changed, GeographyCatalog geography)
    {
        var conflicts = new List<RuleConflict>();
        var touched = before.Concat(after)
            .Where(e => changed.Contains(e.Id))
            .SelectMany(e => e.Departements)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(geography.FindDepartement)
            .OfType<Departement>()
            .OrderBy(d => d.Code, StringComparer.Ordinal);
        var active = after.Where(e => e.IsActive).ToList();

        foreach (var departement in touched)
        {
            if (departement.IsOverseasCollectivity)
            {
                var representatives = Covering(active, departement.Code, ServiceKind.StateRepresentative);
                if (representatives.Count > 1)
                {
                    conflicts.Add(new RuleConflict(OneStateRepresentative,
                        $"{departement.Name} ({departement.Code}) aurait {representatives.Count} représentants de l’État actifs ({Names(representatives)}) : un seul au plus.",
                        Ids(representatives)));
                }

                continue;
            }

            var cells = Covering(active, departement.Code, ServiceKind.DepartementalCell);
            if (cells.Count != 1)
            {
                // Name the changed services that caused it too (a deactivated cell is no longer among the active ones).
                var causes = before.Concat(after)
                    .Where(e => changed.Contains(e.Id) && e.Departements.Contains(departement.Code, StringComparer.OrdinalIgnoreCase))
                    .Select(e => e.Id);
                conflicts.Add(new RuleConflict(OneDepartementalCell,
                    cells.Count == 0
                        ? $"Le département {departement.Code} ({departement.Name}) n’aurait plus de cellule départementale active : il en faut exactement une."
                        : $"Le département {departement.Code} ({departement.Name}) aurait {cells.Count} cellules départementales actives ({Names(cells)}) : il en faut exactement une.",
                    [.. Ids(cells).Concat(causes).Distinct()]));
            }
        }

        CheckCommuneCells(active, changed, geography, conflicts);

        var nationalTeams = active.Where(e => e.Kind == ServiceKind.NationalTeam).ToList();
        if (nationalTeams.Count > 1 && nationalTeams.Any(e => changed.Contains(e.Id)))
        {
            conflicts.Add(new RuleConflict(OneNationalTeam,
                $"Il y aurait {nationalTeams.Count} équipes nationales actives ({Names(nationalTeams)}) : une seule au plus.", Ids(nationalTeams)));
        }

        return conflicts;
    }

    private static void CheckCommuneCells(List<DirectoryEntry> active, IReadOnlySet<Guid> changed, GeographyCatalog geography, List<RuleConflict> conflicts)
    {
        var cells = active.Where(e => e.Kind == ServiceKind.CommuneCell).ToList();
        var byCode = cells
            .SelectMany(cell => cell.Communes.Select(code => (Code: code.ToUpperInvariant(), Cell: cell)))
            .ToLookup(x => x.Code, x => x.Cell, StringComparer.OrdinalIgnoreCase);
        var reported = new HashSet<(Guid, Guid)>();
        foreach (var cell in cells.Where(c => changed.Contains(c.Id)))
        {
            foreach (var code in cell.Communes)
            {
                var commune = geography.FindCommune(code);
                var label = commune is null ? code : $"{commune.Name} ({commune.Code})";
                // The same commune, the city of an arrondissement, or an arrondissement of a city.
                var overlapping = byCode[code]
                    .Concat(commune?.ParentCode is { } parent ? byCode[parent] : [])
                    .Concat(byCode.Where(g => geography.FindCommune(g.Key)?.ParentCode == commune?.Code).SelectMany(g => g))
                    .Where(other => other.Id != cell.Id)
                    .Distinct();
                foreach (var other in overlapping)
                {
                    // Report a pair of cells once (with the first commune they share), whichever is met first.
                    var pair = cell.Id.CompareTo(other.Id) < 0 ? (cell.Id, other.Id) : (other.Id, cell.Id);
                    if (reported.Add(pair))
                    {
                        conflicts.Add(new RuleConflict(NoOverlappingCommuneCells,
                            $"La commune de {label} serait couverte par deux cellules municipales (CMER) actives, « {cell.Name} » et « {other.Name} » : une seule est possible.",
                            [cell.Id, other.Id]));
                    }
                }
            }
        }
    }

    private static List<DirectoryEntry> Covering(List<DirectoryEntry> entries, string departementCode, ServiceKind kind) =>
        [.. entries.Where(e => e.Kind == kind && e.Departements.Contains(departementCode, StringComparer.OrdinalIgnoreCase))];

    private static string Names(List<DirectoryEntry> entries) => string.Join(", ", entries.Select(e => $"« {e.Name} »"));

    private static List<Guid> Ids(List<DirectoryEntry> entries) => [.. entries.Select(e => e.Id)];
}
