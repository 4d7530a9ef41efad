using System.Net;
using System.Net.Http.Json;
using Hotline.IntegrationTests.ServiceDirectory;
using Hotline.IntegrationTests.Triage;
using Hotline.Server.Referrals;
using Hotline.Server.ServiceDirectory;
using Hotline.Server.Triage;
using Hotline.Testing;

namespace Hotline.IntegrationTests.Referrals;

/// <summary>
/// The charter path (instruction of 13 November 2018): Miramas's charter routes exchanges through the préfecture, so the
/// line's referral goes to the departmental cell, whose coordinator forwards it to the CMER under the charter, named in
/// the redirection. A cell without a charter receives nothing, not even forwarded.
/// </summary>
public sealed class CharterRedirectTests(ReferralApp app) : IClassFixture<ReferralApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static KindTransferView ToCell(RedirectChoices choices) => Assert.Single(choices.Transfers, t => t.Kind == ServiceKind.CommuneCell);

    [Fact]
    public async Task Miramas_goes_to_the_departemental_cell_which_forwards_it_under_the_charter()
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        var receipt = await app.NewReferralAsync(counsellor, "13063", TriageOutcome.ReferToCommuneCell);
        Assert.Equal(ServiceKind.DepartementalCell, receipt.Referral.ServiceKind);
        Assert.Equal(RoutingReasonCode.CommuneCellNoProtocol, receipt.ReasonCode);

        using var coordinator = await app.SignInAsync("coordinator13");
        using var choicesResponse = await coordinator.GetAsync($"/api/referrals/{receipt.Referral.Id}/redirect-choices", Cancel);
        var choices = await choicesResponse.ReadAsync<RedirectChoices>();
        var miramas = Assert.Single(choices.Services, s => s.Name == "CMER de Miramas");

        using var redirected = await coordinator.ActAsync(receipt.Referral.Id, "redirect", new RedirectRequest(
            miramas.Id, "Transmission à la CMER selon la charte", ToCell(choices).Purposes[0].Code, ToCell(choices).LegalBases[0].Code));

        Assert.Equal(HttpStatusCode.OK, redirected.StatusCode);
        var followOnId = (await redirected.ReadAsync<ReferralDetail>()).Referral.RedirectedToId!.Value;
        var followOn = await app.StoredReferralAsync(followOnId);
        Assert.Equal(miramas.Id, followOn.ServiceId);
        Assert.Contains("charte de la CMER de Miramas signée le", followOn.RoutingReason, StringComparison.Ordinal);
        Assert.Contains("(préfet, maire, procureur)", followOn.RoutingReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cell_without_a_charter_is_not_offered_and_a_redirection_to_it_is_refused()
    {
        using var admin = await app.SignInAsync("admin");
        using var created = await admin.CreateAsync(new ServiceRequest("Commune d'Arles", "CMER d'Arles", ServiceKind.CommuneCell, Communes: ["13004"]));
        var arles = (await created.Content.ReadFromJsonAsync<ServiceDto>(DirectoryClient.Json, Cancel))!;
        using var counsellor = await app.SignInAsync("counsellor1");
        var receipt = await app.NewReferralAsync(counsellor, "13004");
        using var coordinator = await app.SignInAsync("coordinator13");

        using var choicesResponse = await coordinator.GetAsync($"/api/referrals/{receipt.Referral.Id}/redirect-choices", Cancel);
        var choices = await choicesResponse.ReadAsync<RedirectChoices>();
        Assert.DoesNotContain(choices.Services, s => s.Id == arles.Id);
        Assert.Contains(choices.Services, s => s.Name == "CMER de Miramas");

        using var refused = await coordinator.ActAsync(receipt.Referral.Id, "redirect", new RedirectRequest(
            arles.Id, "La famille vit à Arles", ToCell(choices).Purposes[0].Code, ToCell(choices).LegalBases[0].Code));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("aucune charte en vigueur", await refused.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Equal(ReferralState.Sent, (await app.StoredReferralAsync(receipt.Referral.Id)).State);
    }
}
