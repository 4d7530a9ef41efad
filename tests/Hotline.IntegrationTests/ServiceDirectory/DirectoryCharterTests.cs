using System.Net;
using System.Net.Http.Json;
using Hotline.Server.Data;
using Hotline.Server.ServiceDirectory;
using Hotline.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.IntegrationTests.ServiceDirectory;

/// <summary>
/// A commune cell's charter (préfet, maire, procureur) in the directory: recorded by an admin, audited, exported,
/// and what routing reads to decide whether the line may send to the cell directly.
/// </summary>
public sealed class DirectoryCharterTests(HotlineAppFactory app) : IClassFixture<HotlineAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_cell_receives_nothing_until_its_charter_is_recorded_and_then_only_for_the_purposes_it_allows()
    {
        using var admin = await app.SignInAsync("admin");
        using var counsellor = await app.SignInAsync("counsellor1");
        using var created = await admin.CreateAsync(new ServiceRequest("Commune d'Arles", "CMER d'Arles", ServiceKind.CommuneCell, Communes: ["13004"]));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var service = (await created.Content.ReadFromJsonAsync<ServiceDto>(DirectoryClient.Json, Ct))!;
        Assert.Null(service.Protocol);

        // No charter yet: the cell receives nothing, routing says why and names it.
        var withoutCharter = await counsellor.RouteAsync(RoutingIntent.ReferToCommuneCell, "13004");
        Assert.Equal(RoutingReasonCode.CommuneCellNoProtocol, withoutCharter.ReasonCode);
        Assert.Equal(
            "la CMER d'Arles n’a pas de charte signée (préfet, maire, procureur) : elle ne reçoit rien de la ligne → cellule départementale des Bouches-du-Rhône",
            withoutCharter.Reason);

        // A charter missing a signatory is refused.
        using (var unsigned = await admin.PutAsJsonAsync($"/api/directory/services/{service.Id}",
            new ServiceRequest(service.Organization, service.Name, ServiceKind.CommuneCell, Communes: ["13004"],
                Protocol: DirectoryClient.DirectCharter with { ProsecutorSignatory = null }), DirectoryClient.Json, Ct))
        {
            Assert.Equal(HttpStatusCode.BadRequest, unsigned.StatusCode);
            Assert.Contains("Le procureur signataire de la charte est obligatoire.", await unsigned.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        }

        // The admin records it: audited on its own, and routing uses the cell at once.
        var charter = DirectoryClient.DirectCharter with { AllowedPurposes = ["examen-situation-cmer"] };
        using (var signed = await admin.PutAsJsonAsync($"/api/directory/services/{service.Id}",
            new ServiceRequest(service.Organization, service.Name, ServiceKind.CommuneCell, Communes: ["13004"], Protocol: charter), DirectoryClient.Json, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, signed.StatusCode);
        }

        var stored = (await admin.GetServiceAsync(service.Id)).Protocol!;
        Assert.Equal(
            (charter.SignedOn, charter.PrefectSignatory, charter.MayorSignatory, charter.ProsecutorSignatory, charter.DirectTransmission, charter.ReviewOn),
            (stored.SignedOn, stored.PrefectSignatory, stored.MayorSignatory, stored.ProsecutorSignatory, stored.DirectTransmission, stored.ReviewOn));
        Assert.Equal(["examen-situation-cmer"], stored.AllowedPurposes);
        await using (var scope = app.Scope())
        {
            var audit = scope.ServiceProvider.GetRequiredService<HotlineDbContext>().AuditEntries;
            Assert.Equal(1, await audit.CountAsync(e => e.EntityType == DirectoryStore.CharterAuditEntity && e.EntityId == service.Id.ToString(), Ct));
        }

        var after = await counsellor.RouteAsync(RoutingIntent.ReferToCommuneCell, "13004");
        Assert.Equal(service.Id, after.Service?.Id);
        Assert.Equal("Arles (13004) a une cellule municipale (CMER) → CMER d'Arles", after.Reason);

        // For a purpose the charter does not allow, the departmental cell receives it and may forward it.
        using var otherPurpose = await counsellor.PostAsJsonAsync("/api/directory/routing",
            new RoutingQuery(RoutingIntent.ReferToCommuneCell, "13004", null, null, "accompagnement-local"), DirectoryClient.Json, Ct);
        var forwarded = (await otherPurpose.Content.ReadFromJsonAsync<RoutingDecision>(DirectoryClient.Json, Ct))!;
        Assert.Equal(RoutingReasonCode.CommuneCellNoProtocol, forwarded.ReasonCode);
        Assert.EndsWith("→ cellule départementale des Bouches-du-Rhône, qui pourra lui transmettre", forwarded.Reason, StringComparison.Ordinal);

        // The export carries the charter in its own columns.
        var csv = await admin.GetStringAsync("/api/directory/services/export.csv", Ct);
        Assert.Contains(string.Join(",", DirectoryCsv.ProtocolColumns), csv, StringComparison.Ordinal);
        Assert.Contains("2025-01-15,Préfet de police des Bouches-du-Rhône,Maire,Procureur de la République,true,examen-situation-cmer,2099-01-15", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demo_charters_let_Tarascon_receive_from_the_line_and_send_Miramas_through_the_prefecture()
    {
        using var counsellor = await app.SignInAsync("counsellor1");

        var miramas = await counsellor.RouteAsync(RoutingIntent.ReferToCommuneCell, "13063");

        Assert.Equal(RoutingReasonCode.CommuneCellNoProtocol, miramas.ReasonCode);
        Assert.Equal(ServiceKind.DepartementalCell, miramas.Service?.Kind);
        Assert.Equal(
            "la charte de la CMER de Miramas ne prévoit pas de transmission directe par la ligne nationale → cellule départementale des Bouches-du-Rhône, qui pourra lui transmettre",
            miramas.Reason);
        Assert.Equal(RoutingReasonCode.CommuneCell, (await counsellor.RouteAsync(RoutingIntent.ReferToCommuneCell, "13108")).ReasonCode);
    }
}
