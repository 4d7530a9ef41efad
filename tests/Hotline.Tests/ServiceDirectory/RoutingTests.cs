using Hotline.Server.ServiceDirectory;
using Hotline.Server.Geography;

namespace Hotline.Tests.ServiceDirectory;

/// <summary>
/// The routing rules as a table. The directory below is small and invented except for the codes:
/// communes and départements are the real ones of the embedded COG 2026.
/// </summary>
public sealed class RoutingTests
{
    private const string Commune = nameof(RoutingIntent.ReferToCommuneCell);
    private const string Departemental = nameof(RoutingIntent.ReferToDepartementalCell);

    private static readonly GeographyCatalog _geography = GeographyCatalog.Shared;

    private static readonly DirectorySnapshot _directory = new(
    [
        Cell("CMER de Tarascon", ServiceKind.CommuneCell, communes: ["13108"]),
        Cell("CMER de Miramas", ServiceKind.CommuneCell, communes: ["13063"]),
        Cell("CMER de Marseille", ServiceKind.CommuneCell, communes: ["13055"]),
        Cell("CMER d'Istres", ServiceKind.CommuneCell, ServiceStatus.Inactive, communes: ["13047"]),
        // Lyon 3e alone has a cell; the city does not.
        Cell("CMER de Lyon 3e", ServiceKind.CommuneCell, communes: ["69383"]),
        DepartementalCellEntry("13", "Cellule départementale — Préfecture des Bouches-du-Rhône"),
        DepartementalCellEntry("84", "Cellule départementale — Préfecture de Vaucluse"),
        DepartementalCellEntry("2A", "Cellule départementale — Préfecture de la Corse-du-Sud"),
        DepartementalCellEntry("2B", "Cellule départementale — Préfecture de la Haute-Corse"),
        DepartementalCellEntry("974", "Cellule départementale — Préfecture de La Réunion"),
        DepartementalCellEntry("69", "Cellule départementale — Préfecture du Rhône"),
        // Var's only departmental cell is inactive.
        Cell("Cellule départementale — Préfecture du Var", ServiceKind.DepartementalCell, ServiceStatus.Inactive, departements: ["83"]),
        Cell("Haut-commissariat de la République en Nouvelle-Calédonie", ServiceKind.StateRepresentative, departements: ["988"]),
        // 975 (Saint-Pierre-et-Miquelon) has no State representative in this directory.
        Cell("Équipe nationale", ServiceKind.NationalTeam),
    ]);

    public static TheoryData<string, string?, string?, string?, RoutingOutcome, RoutingReasonCode, string?, string> Cases => new()
    {
        // Commune cells.
        { Commune, "13108", null, null, RoutingOutcome.Routed, RoutingReasonCode.CommuneCell, "CMER de Tarascon",
            "Tarascon (13108) a une cellule municipale (CMER) → CMER de Tarascon" },
        { Commune, "13004", null, null, RoutingOutcome.Routed, RoutingReasonCode.NoCommuneCell, "Cellule départementale — Préfecture des Bouches-du-Rhône",
            "aucune cellule municipale ne couvre Arles (13004) → cellule départementale des Bouches-du-Rhône" },
        { Commune, "13213", null, "13013", RoutingOutcome.Routed, RoutingReasonCode.CommuneCellViaCity, "CMER de Marseille",
            "Marseille 13e Arrondissement (13213) fait partie de Marseille (13055), qui a une cellule municipale (CMER) → CMER de Marseille" },
        { Commune, "13047", null, null, RoutingOutcome.Routed, RoutingReasonCode.CommuneCellInactive, "Cellule départementale — Préfecture des Bouches-du-Rhône",
            "CMER d'Istres, qui couvre Istres (13047), est inactive → cellule départementale des Bouches-du-Rhône" },
        // A cell of one arrondissement does not cover the city, nor the other arrondissements.
        { Commune, "69381", null, null, RoutingOutcome.Routed, RoutingReasonCode.NoCommuneCell, "Cellule départementale — Préfecture du Rhône",
            "aucune cellule municipale ne couvre Lyon 1er Arrondissement (69381) ni Lyon (69123) → cellule départementale du Rhône" },
        { Commune, "2B033", null, null, RoutingOutcome.Routed, RoutingReasonCode.NoCommuneCell, "Cellule départementale — Préfecture de la Haute-Corse",
            "aucune cellule municipale ne couvre Bastia (2B033) → cellule départementale de la Haute-Corse" },
        { Commune, "97411", null, "97400", RoutingOutcome.Routed, RoutingReasonCode.NoCommuneCell, "Cellule départementale — Préfecture de La Réunion",
            "aucune cellule municipale ne couvre Saint-Denis (97411) → cellule départementale de La Réunion" },
        { Commune, null, null, "84300", RoutingOutcome.Routed, RoutingReasonCode.CommuneUnknown, "Cellule départementale — Préfecture de Vaucluse",
            "commune inconnue, donc pas de cellule municipale, code postal 84300 dans le département 84 → cellule départementale de Vaucluse" },
        // A postal code serving one commune names it.
        { Commune, null, null, "13140", RoutingOutcome.Routed, RoutingReasonCode.CommuneCell, "CMER de Miramas",
            "Miramas (13063, seule commune du code postal 13140) a une cellule municipale (CMER) → CMER de Miramas" },
        // "13007": Marseille 7e as a postal code, Auriol as an INSEE code.
        { Commune, null, null, "13007", RoutingOutcome.Routed, RoutingReasonCode.CommuneCellViaCity, "CMER de Marseille",
            "Marseille 7e Arrondissement (13207, seule commune du code postal 13007) fait partie de Marseille (13055), qui a une cellule municipale (CMER) → CMER de Marseille" },
        { Commune, "13007", null, null, RoutingOutcome.Routed, RoutingReasonCode.NoCommuneCell, "Cellule départementale — Préfecture des Bouches-du-Rhône",
            "aucune cellule municipale ne couvre Auriol (13007) → cellule départementale des Bouches-du-Rhône" },

        // Departmental cells.
        { Departemental, "13108", null, null, RoutingOutcome.Routed, RoutingReasonCode.DepartementalCell, "Cellule départementale — Préfecture des Bouches-du-Rhône",
            "Tarascon (13108) est dans le département 13 → cellule départementale des Bouches-du-Rhône" },
        { Departemental, "2A004", null, null, RoutingOutcome.Routed, RoutingReasonCode.DepartementalCell, "Cellule départementale — Préfecture de la Corse-du-Sud",
            "Ajaccio (2A004) est dans le département 2A → cellule départementale de la Corse-du-Sud" },
        { Departemental, "2a004", null, null, RoutingOutcome.Routed, RoutingReasonCode.DepartementalCell, "Cellule départementale — Préfecture de la Corse-du-Sud",
            "Ajaccio (2A004) est dans le département 2A → cellule départementale de la Corse-du-Sud" },
        { Departemental, null, null, "84300", RoutingOutcome.Routed, RoutingReasonCode.DepartementFromPostalCode, "Cellule départementale — Préfecture de Vaucluse",
            "commune inconnue, code postal 84300 dans le département 84 → cellule départementale de Vaucluse" },
        { Departemental, null, "974", null, RoutingOutcome.Routed, RoutingReasonCode.DepartementGiven, "Cellule départementale — Préfecture de La Réunion",
            "commune inconnue, département 974 indiqué → cellule départementale de La Réunion" },
        // The commune is more precise than a département given with it.
        { Departemental, "13004", "84", null, RoutingOutcome.Routed, RoutingReasonCode.DepartementalCell, "Cellule départementale — Préfecture des Bouches-du-Rhône",
            "Arles (13004) est dans le département 13 → cellule départementale des Bouches-du-Rhône" },
        // A postal code across two départements: the one given decides; alone, nobody can.
        { Departemental, null, "13", "13780", RoutingOutcome.Routed, RoutingReasonCode.DepartementGiven, "Cellule départementale — Préfecture des Bouches-du-Rhône",
            "commune inconnue, département 13 indiqué → cellule départementale des Bouches-du-Rhône" },
        { Departemental, null, null, "13780", RoutingOutcome.NationalTeamMustChoose, RoutingReasonCode.PostalCodeAmbiguous, "Équipe nationale",
            "commune inconnue, le code postal 13780 couvre plusieurs départements (13, 83) → l'équipe nationale doit choisir" },
        { Departemental, "83137", null, null, RoutingOutcome.NationalTeamMustChoose, RoutingReasonCode.NoActiveDepartementalCell, "Équipe nationale",
            "Toulon (83137) est dans le département 83, service inactif : Cellule départementale — Préfecture du Var → l'équipe nationale doit choisir" },
        { Departemental, null, "01", null, RoutingOutcome.NationalTeamMustChoose, RoutingReasonCode.NoActiveDepartementalCell, "Équipe nationale",
            "commune inconnue, département 01 indiqué, aucune cellule départementale active pour le département 01 → l'équipe nationale doit choisir" },

        // Overseas collectivities.
        { Departemental, "98818", null, null, RoutingOutcome.Routed, RoutingReasonCode.OverseasCollectivity, "Haut-commissariat de la République en Nouvelle-Calédonie",
            "Nouméa (98818) est dans la collectivité d'outre-mer Nouvelle-Calédonie (988) → Haut-commissariat de la République en Nouvelle-Calédonie" },
        { Commune, "98818", null, null, RoutingOutcome.Routed, RoutingReasonCode.NoCommuneCell, "Haut-commissariat de la République en Nouvelle-Calédonie",
            "aucune cellule municipale ne couvre Nouméa (98818), Nouvelle-Calédonie (988) est une collectivité d'outre-mer → Haut-commissariat de la République en Nouvelle-Calédonie" },
        { Departemental, null, "988", null, RoutingOutcome.Routed, RoutingReasonCode.OverseasCollectivity, "Haut-commissariat de la République en Nouvelle-Calédonie",
            "commune inconnue, département 988 indiqué, Nouvelle-Calédonie (988) est une collectivité d'outre-mer → Haut-commissariat de la République en Nouvelle-Calédonie" },
        { Departemental, null, "975", null, RoutingOutcome.NationalTeamMustChoose, RoutingReasonCode.NoActiveStateRepresentative, "Équipe nationale",
            "commune inconnue, département 975 indiqué, Saint-Pierre-et-Miquelon (975) est une collectivité d'outre-mer, aucun représentant de l'État actif pour Saint-Pierre-et-Miquelon (975) → l'équipe nationale doit choisir" },

        // Unknown places.
        { Departemental, null, null, null, RoutingOutcome.NationalTeamMustChoose, RoutingReasonCode.LocationUnknown, "Équipe nationale",
            "lieu inconnu → l'équipe nationale doit choisir" },
        { Commune, null, null, null, RoutingOutcome.NationalTeamMustChoose, RoutingReasonCode.LocationUnknown, "Équipe nationale",
            "lieu inconnu → l'équipe nationale doit choisir" },
        { Departemental, "99999", "20", "13999", RoutingOutcome.NationalTeamMustChoose, RoutingReasonCode.LocationUnknown, "Équipe nationale",
            "code commune 99999 inconnu, code département 20 inconnu, code postal 13999 inconnu, lieu inconnu → l'équipe nationale doit choisir" },

        { nameof(RoutingIntent.NoReferral), "13108", null, null, RoutingOutcome.NoReferral, RoutingReasonCode.NoReferral, null,
            "l'issue de l'appel ne prévoit pas d'orientation" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Routes_and_explains(
        string intent, string? commune, string? departement, string? postalCode,
        RoutingOutcome outcome, RoutingReasonCode code, string? service, string reason)
    {
        var decision = Routing.Decide(new RoutingRequest(Enum.Parse<RoutingIntent>(intent), commune, departement, postalCode), _directory, _geography);

        Assert.Equal(reason, decision.Reason);
        Assert.Equal(code, decision.ReasonCode);
        Assert.Equal(outcome, decision.Outcome);
        Assert.Equal(service, decision.Service?.Name);
        Assert.Equal(_geography.CogYear, decision.CogYear);
    }

    [Fact]
    public void The_decision_names_the_place_it_used()
    {
        var decision = Routing.Decide(new RoutingRequest(RoutingIntent.ReferToCommuneCell, PostalCode: "13013"), _directory, _geography);

        Assert.Equal("13213", decision.CommuneCode);
        Assert.Equal("Marseille 13e Arrondissement", decision.CommuneName);
        Assert.Equal("13", decision.DepartementCode);
        Assert.Equal("Bouches-du-Rhône", decision.DepartementName);
        Assert.Equal(ServiceKind.CommuneCell, decision.Service!.Kind);
    }

    [Fact]
    public void An_active_cell_is_chosen_over_an_inactive_one_covering_the_same_commune()
    {
        var directory = new DirectorySnapshot(
        [
            Cell("Ancienne CMER de Tarascon", ServiceKind.CommuneCell, ServiceStatus.Inactive, communes: ["13108"]),
            Cell("CMER de Tarascon", ServiceKind.CommuneCell, communes: ["13108"]),
        ]);

        var decision = Routing.Decide(new RoutingRequest(RoutingIntent.ReferToCommuneCell, "13108"), directory, _geography);

        Assert.Equal("CMER de Tarascon", decision.Service?.Name);
    }

    [Fact]
    public void Without_a_national_team_in_the_directory_the_decision_still_says_who_must_choose()
    {
        var decision = Routing.Decide(new RoutingRequest(RoutingIntent.ReferToDepartementalCell), DirectorySnapshot.Empty, _geography);

        Assert.Equal(RoutingOutcome.NationalTeamMustChoose, decision.Outcome);
        Assert.Null(decision.Service);
    }

    [Theory]
    [InlineData("971", "de la Guadeloupe")]
    [InlineData("972", "de la Martinique")]
    [InlineData("973", "de la Guyane")]
    [InlineData("974", "de La Réunion")]
    [InlineData("976", "de Mayotte")]
    public void Overseas_departements_route_to_their_own_departemental_cell(string code, string afterDe)
    {
        var cell = DepartementalCellEntry(code, "Cellule " + code);
        var directory = new DirectorySnapshot([cell]);

        var decision = Routing.Decide(new RoutingRequest(RoutingIntent.ReferToDepartementalCell, DepartementCode: code), directory, _geography);

        Assert.Equal(cell.Id, decision.Service?.Id);
        Assert.EndsWith("→ cellule départementale " + afterDe, decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_departement_and_collectivity_has_its_french_name_after_de()
    {
        Assert.Equal(
            _geography.Departements.Select(d => d.Code).Order(StringComparer.Ordinal),
            DepartementNames.Codes.Order(StringComparer.Ordinal));
        var bouches = _geography.FindDepartement("13")!;
        Assert.Equal("Préfecture des Bouches-du-Rhône", DepartementNames.Prefecture(bouches));
        Assert.Equal("de Vaucluse", DepartementNames.AfterDe(_geography.FindDepartement("84")!));
        Assert.Equal("d'Eure-et-Loir", DepartementNames.AfterDe(_geography.FindDepartement("28")!));
    }

    private static DirectoryEntry DepartementalCellEntry(string code, string name) =>
        Cell(name, ServiceKind.DepartementalCell, departements: [code]);

    /// <summary>A commune cell here has a charter allowing direct transmission: the charters' own table is <see cref="RoutingProtocolTests"/>.</summary>
    private static DirectoryEntry Cell(
        string name, ServiceKind kind, ServiceStatus status = ServiceStatus.Active, string[]? departements = null, string[]? communes = null) =>
        new(Guid.NewGuid(), name, kind, status, departements ?? [], communes ?? [],
            kind == ServiceKind.CommuneCell ? RoutingProtocolTests.DirectCharter : null);
}
