using Hotline.Server.Geography;
using Hotline.Server.ServiceDirectory;

namespace Hotline.Tests.ServiceDirectory;

/// <summary>
/// A commune cell (CMER) receives from the line directly only under a charter that allows it (instruction of
/// 13 November 2018): the table below is every case of the charter, for Miramas (13063) in the Bouches-du-Rhône.
/// </summary>
public sealed class RoutingProtocolTests
{
    private static readonly DateOnly _today = new(2026, 12, 6);

    public static readonly ProtocolTerms DirectCharter = new(new DateOnly(2025, 1, 15), new DateOnly(2028, 1, 15), DirectTransmission: true, []);

    private static readonly ProtocolTerms _throughPrefecture = DirectCharter with { DirectTransmission = false };

    private static readonly ProtocolTerms _expired = DirectCharter with { ReviewOn = new DateOnly(2026, 12, 5) };

    private static readonly ProtocolTerms _oneAllowedPurpose = DirectCharter with { AllowedPurposes = ["examen-situation-cmer"] };

    private const string Departemental = "Cellule départementale — Préfecture des Bouches-du-Rhône";

    public static TheoryData<string, string?, RoutingReasonCode, string?, string> Cases => new()
    {
        { "direct", null, RoutingReasonCode.CommuneCell, "CMER de Miramas",
            "Miramas (13063) a une cellule municipale (CMER) → CMER de Miramas" },
        { "direct", "accompagnement-local", RoutingReasonCode.CommuneCell, "CMER de Miramas",
            "Miramas (13063) a une cellule municipale (CMER) → CMER de Miramas" },
        { "one-purpose", "examen-situation-cmer", RoutingReasonCode.CommuneCell, "CMER de Miramas",
            "Miramas (13063) a une cellule municipale (CMER) → CMER de Miramas" },
        // No purpose chosen yet: the cell is proposed; the purpose decides when it is chosen.
        { "one-purpose", null, RoutingReasonCode.CommuneCell, "CMER de Miramas",
            "Miramas (13063) a une cellule municipale (CMER) → CMER de Miramas" },
        { "one-purpose", "accompagnement-local", RoutingReasonCode.CommuneCellNoProtocol, Departemental,
            "la charte de la CMER de Miramas ne prévoit pas de transmission directe par la ligne nationale pour cette finalité → cellule départementale des Bouches-du-Rhône, qui pourra lui transmettre" },
        { "through-prefecture", null, RoutingReasonCode.CommuneCellNoProtocol, Departemental,
            "la charte de la CMER de Miramas ne prévoit pas de transmission directe par la ligne nationale → cellule départementale des Bouches-du-Rhône, qui pourra lui transmettre" },
        { "expired", null, RoutingReasonCode.CommuneCellNoProtocol, Departemental,
            "la charte de la CMER de Miramas est à réviser depuis le 05/12/2026 : elle ne reçoit rien d’ici là → cellule départementale des Bouches-du-Rhône" },
        { "none", "examen-situation-cmer", RoutingReasonCode.CommuneCellNoProtocol, Departemental,
            "la CMER de Miramas n’a pas de charte signée (préfet, maire, procureur) : elle ne reçoit rien de la ligne → cellule départementale des Bouches-du-Rhône" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_commune_cell_receives_directly_only_under_a_charter_that_allows_it(
        string charter, string? purpose, RoutingReasonCode code, string? service, string reason)
    {
        var protocol = charter switch
        {
            "direct" => DirectCharter,
            "one-purpose" => _oneAllowedPurpose,
            "through-prefecture" => _throughPrefecture,
            "expired" => _expired,
            _ => null,
        };
        var directory = new DirectorySnapshot(
        [
            new DirectoryEntry(Guid.NewGuid(), "CMER de Miramas", ServiceKind.CommuneCell, ServiceStatus.Active, [], ["13063"], protocol),
            new DirectoryEntry(Guid.NewGuid(), Departemental, ServiceKind.DepartementalCell, ServiceStatus.Active, ["13"], []),
        ]);

        var decision = Routing.Decide(
            new RoutingRequest(RoutingIntent.ReferToCommuneCell, "13063", Purpose: purpose, Today: _today), directory, GeographyCatalog.Shared);

        Assert.Equal(reason, decision.Reason);
        Assert.Equal(code, decision.ReasonCode);
        Assert.Equal(RoutingOutcome.Routed, decision.Outcome);
        Assert.Equal(service, decision.Service?.Name);
    }

    [Theory]
    [InlineData("direct", true)]
    [InlineData("through-prefecture", true)]
    [InlineData("expired", false)]
    [InlineData("none", false)]
    public void Only_a_charter_in_force_lets_the_departmental_cell_forward(string charter, bool forwardable)
    {
        var protocol = charter switch
        {
            "direct" => DirectCharter,
            "through-prefecture" => _throughPrefecture,
            "expired" => _expired,
            _ => null,
        };

        Assert.Equal(forwardable, ProtocolTerms.AllowsForwarding(protocol, _today));
    }

    [Fact]
    public void A_charter_is_in_force_on_its_review_day_and_expired_the_day_after()
    {
        var charter = DirectCharter with { ReviewOn = _today };

        Assert.Equal(ProtocolVerdict.DirectAllowed, ProtocolTerms.Direct(charter, _today, null));
        Assert.Equal(ProtocolVerdict.Expired, ProtocolTerms.Direct(charter, _today.AddDays(1), null));
    }
}
