using System.Net;
using Hotline.IntegrationTests.Triage;
using Hotline.Server.ServiceDirectory;
using Hotline.Server.Referrals;
using Hotline.Server.Triage;
using Hotline.Testing;

namespace Hotline.IntegrationTests.Referrals;

/// <summary>
/// <c>GET /api/referrals/{id}/redirect-choices</c>: what the inbox's redirect form offers. Commune cells are not
/// directory readers, so the choices come with the referral, to those who may redirect it.
/// </summary>
public sealed class RedirectChoicesTests(ReferralApp app) : IClassFixture<ReferralApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static async Task<RedirectChoices> ChoicesAsync(HttpClient client, Guid referralId)
    {
        using var response = await client.GetAsync($"/api/referrals/{referralId}/redirect-choices", Cancel);
        return await response.ReadAsync<RedirectChoices>();
    }

    [Fact]
    public async Task A_commune_cell_gets_the_other_active_services_its_departement_first_and_no_consent_basis_without_consent()
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        var receipt = await app.NewReferralAsync(counsellor, "13108", TriageOutcome.ReferToCommuneCell, consent: false);
        var id = receipt.Referral.Id;
        using var cell = await app.SignInAsync("cmer-tarascon");

        var choices = await ChoicesAsync(cell, id);

        Assert.DoesNotContain(choices.Services, s => s.Id == receipt.Referral.ServiceId);
        Assert.DoesNotContain(choices.Services, s => s.Name == "CMER de Tarascon");
        // Bouches-du-Rhône first: its departmental cell and the other CMER, then the rest of France.
        var firstOther = choices.Services.ToList().FindIndex(s => s.DepartementCode != "13");
        Assert.True(firstOther > 0, "the referral's département comes first");
        Assert.All(choices.Services.Skip(firstOther), s => Assert.NotEqual("13", s.DepartementCode));
        var departemental = Assert.Single(choices.Services, s => s.Kind == ServiceKind.DepartementalCell && s.DepartementCode == "13");
        Assert.Equal("Bouches-du-Rhône", departemental.DepartementName);
        var miramas = Assert.Single(choices.Services, s => s.Name == "CMER de Miramas");
        Assert.Equal(["Miramas"], miramas.CommuneNames);
        Assert.Contains(choices.Services, s => s.Kind == ServiceKind.DepartementalCell && s.DepartementCode == "84");
        Assert.Contains(choices.Services, s => s.Kind == ServiceKind.NationalTeam);
        // Every kind offered comes with its own purposes and legal bases; consent is never a legal basis.
        Assert.Equal(choices.Services.Select(s => s.Kind).Distinct().Order(), choices.Transfers.Select(t => t.Kind));
        Assert.All(choices.Transfers, t => Assert.NotEmpty(t.Purposes));
        Assert.All(choices.Transfers.SelectMany(t => t.LegalBases), b => Assert.DoesNotContain("consent", b.Code, StringComparison.Ordinal));
        var toCell = Assert.Single(choices.Transfers, t => t.Kind == ServiceKind.CommuneCell);
        Assert.Equal([ReferralHelpers.CharterBasis], toCell.LegalBases.Select(b => b.Code));

        // The choices are what the redirect accepts: another commune cell, with a purpose and a basis offered.
        using var redirected = await cell.ActAsync(id, "redirect", new RedirectRequest(
            miramas.Id, "La famille a déménagé à Miramas", toCell.Purposes[0].Code, toCell.LegalBases[0].Code));
        Assert.Equal(HttpStatusCode.OK, redirected.StatusCode);
        Assert.Equal(ReferralState.Redirected, (await redirected.ReadAsync<ReferralDetail>()).Referral.State);

        // Redirected is final: nothing more to choose.
        using var after = await cell.GetAsync($"/api/referrals/{id}/redirect-choices", Cancel);
        Assert.Equal(HttpStatusCode.Conflict, after.StatusCode);
    }

    [Fact]
    public async Task Only_readers_who_may_redirect_get_choices_and_the_consent_basis_is_offered_when_the_family_consented()
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        var consented = (await app.NewReferralAsync(counsellor, "13108", TriageOutcome.ReferToCommuneCell, consent: true)).Referral;
        var departemental = (await app.NewReferralAsync(counsellor, "13108")).Referral;

        // The overseeing coordinator may redirect a commune cell's referral.
        using var coordinator13 = await app.SignInAsync("coordinator13");
        var choices = await ChoicesAsync(coordinator13, consented.Id);
        Assert.All(choices.Transfers.SelectMany(t => t.LegalBases), b => Assert.DoesNotContain("consent", b.Code, StringComparison.Ordinal));
        Assert.Contains(choices.Services, s => s.Kind == ServiceKind.DepartementalCell && s.DepartementCode == "13");

        // Outside the territory, or not visible at all: 404, as for a referral that does not exist.
        using var coordinator84 = await app.SignInAsync("coordinator84");
        using var cell = await app.SignInAsync("cmer-tarascon");
        foreach (var (client, referralId) in new[] { (coordinator84, consented.Id), (cell, departemental.Id), (coordinator13, Guid.NewGuid()) })
        {
            using var hidden = await client.GetAsync($"/api/referrals/{referralId}/redirect-choices", Cancel);
            Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        }

        // Counsellors have no inbox.
        using var denied = await counsellor.GetAsync($"/api/referrals/{consented.Id}/redirect-choices", Cancel);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
    }
}
