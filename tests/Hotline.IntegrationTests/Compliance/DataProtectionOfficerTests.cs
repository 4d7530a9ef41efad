using System.Net;
using System.Net.Http.Json;
using Hotline.IntegrationTests.Referrals;
using Hotline.IntegrationTests.Triage;
using Hotline.Server.Compliance;
using Hotline.Server.Referrals;
using Hotline.Server.ServiceDirectory;
using Hotline.Testing;

namespace Hotline.IntegrationTests.Compliance;

/// <summary>The register reads the configuration in force: a changed retention period shows at once.</summary>
public sealed class RegisterApp : ReferralApp
{
    public RegisterApp() => Settings["Retention:StaleReferrals"] = "400.00:00:00";
}

/// <summary>
/// The data protection officer (demo account <c>dpo</c>): the audit trail and the register of the processing,
/// nothing of the cases (the authorization matrix has the full table).
/// </summary>
public sealed class DataProtectionOfficerTests(RegisterApp app) : IClassFixture<RegisterApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_register_is_built_from_the_configuration_in_force()
    {
        using var dpo = await app.SignInAsync("dpo");
        var register = await (await dpo.GetAsync("/api/compliance/register", Cancel)).ReadAsync<ProcessingRegisterView>();

        // Every kind of recipient, with the transfer lists of Referrals:Transfers and the minimum-data rule.
        Assert.Equal(Enum.GetValues<ServiceKind>().Order(), register.Recipients.Select(r => r.Kind).Order());
        var cmer = register.Recipients.Single(r => r.Kind == ServiceKind.CommuneCell);
        Assert.Contains(cmer.LegalBases, b => b.Code == ReferralHelpers.CharterBasis);
        Assert.DoesNotContain(cmer.LegalBases, b => b.Code.Contains("consent", StringComparison.OrdinalIgnoreCase));
        Assert.Equal([SharedDetails.Commune, SharedDetails.Urgency, SharedDetails.Purpose], cmer.WithoutFamilyAgreement);
        Assert.Contains(SharedDetails.Summary, cmer.WithFamilyAgreement);
        var departemental = register.Recipients.Single(r => r.Kind == ServiceKind.DepartementalCell);
        Assert.Contains(departemental.Purposes, p => p.Code == ReferralHelpers.FamilySupport);
        Assert.Contains(SharedDetails.Summary, departemental.WithoutFamilyAgreement);
        // The directory's active services: a departmental cell per département, the demo CMERs.
        Assert.True(departemental.ActiveServices >= 100, $"{departemental.ActiveServices} departmental cells");
        Assert.True(cmer.ActiveServices >= 2);

        // Retention periods as configured (this app overrides one), and each data category points at its periods.
        var periods = register.Retention.ToDictionary(r => r.Setting, r => r.Period);
        Assert.Equal(TimeSpan.FromDays(400), periods["Retention:StaleReferrals"]);
        Assert.Equal(TimeSpan.FromDays(365), periods["Retention:ClosedReferrals"]);
        Assert.Equal(TimeSpan.FromDays(183), periods["Referrals:MaxOpen"]);
        Assert.Equal(TimeSpan.FromDays(61), periods["Retention:CallsWithoutFollowUp"]);
        Assert.All(register.DataCategories, c => Assert.All(c.RetentionSettings, s => Assert.Contains(s, periods.Keys)));
        Assert.Contains(register.DataCategories, c => c.Kind == RegisterDataKind.ReferralSnapshot && c.Sensitive && c.Encrypted);
    }

    [Fact]
    public async Task The_dpo_reads_the_trail_including_their_own_reads_and_nothing_of_the_cases()
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        var referral = (await app.NewReferralAsync(counsellor, "13004")).Referral;
        var callId = await app.TriagedCallAsync(counsellor, Hotline.Server.Triage.TriageOutcome.AdviceGiven, "13004");
        using var dpo = await app.SignInAsync("dpo");

        using (var register = await dpo.GetAsync("/api/compliance/register", Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, register.StatusCode);
        }

        var trail = await (await dpo.GetAsync("/api/audit?entityType=ProcessingRegister&user=dpo", Cancel)).ReadAsync<List<AuditEntryDto>>();
        Assert.Single(trail);
        var referralTrail = await (await dpo.GetAsync($"/api/audit?entityId={referral.Reference}", Cancel)).ReadAsync<List<AuditEntryDto>>();
        Assert.Contains(referralTrail, e => e.EntityId == referral.Id.ToString() && e.Reference == referral.Reference);

        // No access to cases: calls, triage, referrals, contacts, the directory; nor to legal holds or accounts.
        string[] refused =
        [
            "/api/referrals", $"/api/referrals/{referral.Id}", $"/api/calls/{callId}/triage", $"/api/calls/{callId}/routing", "/api/calls/mine",
            "/api/contact/held", $"/api/contact/items/{callId}", "/api/directory/services", $"/api/calls/{callId}/legal-hold", "/api/admin/users",
        ];
        foreach (var path in refused)
        {
            using var response = await dpo.GetAsync(path, Cancel);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{path}: {(int)response.StatusCode}");
        }

        using var acknowledge = await dpo.PostAsJsonAsync($"/api/referrals/{referral.Id}/acknowledge", new { }, TriageHelpers.Json, Cancel);
        Assert.Equal(HttpStatusCode.Forbidden, acknowledge.StatusCode);
    }
}
