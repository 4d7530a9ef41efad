using Hotline.Server.ServiceDirectory;
using Hotline.Server.Geography;

namespace Hotline.Tests.ServiceDirectory;

public sealed class DirectoryRulesTests
{
    private static readonly GeographyCatalog _geography = GeographyCatalog.Shared;

    private static DirectoryEntry Entry(string name, ServiceKind kind, ServiceStatus status = ServiceStatus.Active, string[]? departements = null, string[]? communes = null) =>
        new(Guid.NewGuid(), name, kind, status, departements ?? [], communes ?? []);

    private static List<RuleConflict> Change(IReadOnlyList<DirectoryEntry> before, DirectoryEntry? old, DirectoryEntry? updated)
    {
        var after = before.Where(e => e.Id != old?.Id).Concat(updated is null ? [] : [updated]).ToList();
        return DirectoryRules.Check(before, after, new HashSet<Guid> { (updated ?? old)!.Id }, _geography);
    }

    private static readonly DirectoryEntry _bouches = Entry("Cellule 13", ServiceKind.DepartementalCell, departements: ["13"]);
    private static readonly DirectoryEntry _vaucluse = Entry("Cellule 84", ServiceKind.DepartementalCell, departements: ["84"]);
    private static readonly DirectoryEntry _tarascon = Entry("CMER de Tarascon", ServiceKind.CommuneCell, communes: ["13108"]);
    private static readonly DirectoryEntry _marseille = Entry("CMER de Marseille", ServiceKind.CommuneCell, communes: ["13055"]);
    private static readonly DirectoryEntry _caledonie = Entry("Haut-commissariat", ServiceKind.StateRepresentative, departements: ["988"]);
    private static readonly DirectoryEntry _national = Entry("Équipe nationale", ServiceKind.NationalTeam);
    private static readonly IReadOnlyList<DirectoryEntry> _directory = [_bouches, _vaucluse, _tarascon, _marseille, _caledonie, _national];

    [Fact]
    public void A_second_active_commune_cell_on_the_same_commune_conflicts_an_inactive_one_does_not()
    {
        var active = Entry("Autre", ServiceKind.CommuneCell, communes: ["13063", "13108"]);
        var inactive = active with { Status = ServiceStatus.Inactive };

        var conflict = Assert.Single(Change(_directory, null, active));
        Assert.Empty(Change(_directory, null, inactive));

        Assert.Equal(DirectoryRules.NoOverlappingCommuneCells, conflict.Rule);
        Assert.Equal([active.Id, _tarascon.Id], conflict.ServiceIds);
        Assert.Equal("La commune de Tarascon (13108) serait couverte par deux cellules municipales (CMER) actives, « Autre » et « CMER de Tarascon » : une seule est possible.", conflict.Message);
    }

    [Theory]
    [InlineData("13213")] // an arrondissement of a city that has a cell
    [InlineData("13055")] // the city itself
    public void A_city_and_its_arrondissements_are_one_territory(string code)
    {
        var cell = Entry("Autre", ServiceKind.CommuneCell, communes: [code]);
        Assert.Single(Change(_directory, null, cell));

        var arrondissementCell = Entry("CMER du 13e", ServiceKind.CommuneCell, communes: ["13213"]);
        var cityCell = Entry("CMER de Marseille bis", ServiceKind.CommuneCell, communes: ["13055"]);
        List<DirectoryEntry> withoutCity = [.. _directory.Where(e => e != _marseille), arrondissementCell];
        Assert.Single(Change(withoutCity, null, cityCell));
    }

    [Fact]
    public void Deactivating_or_moving_the_only_departemental_cell_conflicts_and_names_it()
    {
        var deactivated = _bouches with { Status = ServiceStatus.Inactive };
        var moved = _bouches with { Departements = ["84"] };

        var none = Assert.Single(Change(_directory, _bouches, deactivated));
        var both = Change(_directory, _bouches, moved);

        Assert.Equal(DirectoryRules.OneDepartementalCell, none.Rule);
        Assert.Equal([_bouches.Id], none.ServiceIds);
        Assert.Equal("Le département 13 (Bouches-du-Rhône) n’aurait plus de cellule départementale active : il en faut exactement une.", none.Message);
        Assert.Equal(2, both.Count);
        Assert.Contains(both, c => c.Message.StartsWith("Le département 84 (Vaucluse) aurait 2 cellules départementales actives (", StringComparison.Ordinal));
    }

    [Fact]
    public void Only_touched_departements_are_checked()
    {
        // The directory lacks cells for most départements (not seeded here): a commune cell write does not care.
        var cell = Entry("CMER d'Arles", ServiceKind.CommuneCell, communes: ["13004"]);
        var renamed = _vaucluse with { Name = "Cellule de Vaucluse" };

        Assert.Empty(Change(_directory, null, cell));
        Assert.Empty(Change(_directory, _vaucluse, renamed));
    }

    [Fact]
    public void A_collectivity_has_at_most_one_active_State_representative_and_there_is_one_national_team()
    {
        var second = Entry("Autre", ServiceKind.StateRepresentative, departements: ["988"]);
        var team = Entry("Autre équipe", ServiceKind.NationalTeam);

        Assert.Equal(DirectoryRules.OneStateRepresentative, Assert.Single(Change(_directory, null, second)).Rule);
        Assert.Empty(Change(_directory, _caledonie, _caledonie with { Status = ServiceStatus.Inactive }));
        Assert.Equal(DirectoryRules.OneNationalTeam, Assert.Single(Change(_directory, null, team)).Rule);
    }
}
