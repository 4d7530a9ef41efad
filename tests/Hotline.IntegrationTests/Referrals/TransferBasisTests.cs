using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hotline.IntegrationTests.Triage;
using Hotline.Server.Referrals;
using Hotline.Server.ServiceDirectory;
using Hotline.Server.Triage;
using Hotline.Testing;

namespace Hotline.IntegrationTests.Referrals;

/// <summary>
/// Every transfer, to any kind of service, records a purpose and a legal basis from the lists configured for that
/// kind (<c>Referrals:Transfers:&lt;Kind&gt;</c>); the family's agreement is never one of them.
/// </summary>
public sealed class TransferBasisTests(ReferralApp app) : IClassFixture<ReferralApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_referral_to_the_departemental_cell_states_its_own_purpose_and_legal_basis_too()
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        var callId = await app.TriagedCallAsync(counsellor, TriageOutcome.ReferToDepartementalCell, "13004", consent: true);
        var routing = await counsellor.RoutingAsync(callId);
        Assert.Equal(ServiceKind.DepartementalCell, routing.Decision.Service!.Kind);
        Assert.True(routing.RequiresTransferBasis);
        Assert.Equal(TransferOptions.Defaults[ServiceKind.DepartementalCell].Purposes.Select(p => p.Code), routing.Purposes.Select(p => p.Code));
        Assert.Equal(TransferOptions.Defaults[ServiceKind.DepartementalCell].LegalBases.Select(p => p.Code), routing.LegalBases.Select(p => p.Code));

        // Without them, or with a commune cell's basis: nothing is sent.
        foreach (var (purpose, basis) in new[] { ((string?)null, (string?)null), (routing.Purposes[0].Code, ReferralHelpers.CharterBasis) })
        {
            using var refused = await counsellor.PostAsJsonAsync($"/api/calls/{callId}/referral",
                new SendReferralRequest(routing.Decision.Service.Id, purpose, basis), TriageHelpers.Json, Cancel);
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.True(JsonDocument.Parse(await refused.Content.ReadAsStringAsync(Cancel)).RootElement.GetProperty("errors").TryGetProperty("legalBasis", out _));
        }

        var receipt = await counsellor.SendAsync(callId);

        var stored = await app.StoredReferralAsync(receipt.Referral.Id);
        Assert.Equal(routing.Purposes[0].Code, stored.PurposeCode);
        Assert.Equal("mission-prevention-prefet", stored.LegalBasisCode);
        Assert.Equal(routing.LegalBases[0].Label, stored.LegalBasisLabel);
    }
}
