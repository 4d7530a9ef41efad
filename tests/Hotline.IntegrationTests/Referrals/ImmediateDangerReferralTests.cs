using System.Net;
using Hotline.IntegrationTests.Triage;
using Hotline.Server.LiveConsole;
using Hotline.Server.Referrals;
using Hotline.Server.ServiceDirectory;
using Hotline.Server.Triage;
using Hotline.Testing;

namespace Hotline.IntegrationTests.Referrals;

/// <summary>Immediate danger and a referral are not exclusive: 17/112 is a confirmation on the triage, and the referral is then urgent.</summary>
public sealed class ImmediateDangerReferralTests(ReferralApp app) : IClassFixture<ReferralApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Immediate_danger_flagged_with_a_referral_outcome_needs_the_confirmation_alerts_supervisors_and_sends_an_urgent_referral()
    {
        await using var supervisor = await ConsoleClient.ConnectAsync(app, "supervisor1");
        await supervisor.WaitForAsync<ConsoleSnapshot>("Snapshot");
        using var counsellor = await app.SignInAsync("counsellor1");
        var callId = await app.CallHeldByAsync("counsellor1", "13200");
        // A "concern" level (not urgent in itself) with immediate danger flagged and a referral to the departmental cell.
        var request = TriageHelpers.Request(TriageOutcome.ReferToDepartementalCell, urgency: "concern", communeCode: "13004") with { ImmediateDanger = true };

        // Saved except the danger (a partial save): the flag waits for the 17/112 confirmation, and nobody is alerted yet.
        using var unconfirmed = await counsellor.PutTriageAsync(callId, request);
        Assert.Equal(HttpStatusCode.OK, unconfirmed.StatusCode);
        var refused = await unconfirmed.ReadAsync<TriageView>();
        Assert.True(refused.Problems.ContainsKey("emergencyServices"));
        Assert.False(refused.ImmediateDanger);
        Assert.False((await app.StoredTriageAsync(callId))!.ImmediateDanger);
        Assert.False(supervisor.Received("DangerAlertRaised"));

        using var confirmed = await counsellor.PutTriageAsync(callId, request with { EmergencyServices = EmergencyServicesConfirmation.CallerAdvised });
        var view = await confirmed.ReadAsync<TriageView>();
        Assert.True(view.ImmediateDanger);
        Assert.Equal(TriageOutcome.ReferToDepartementalCell, view.Outcome);
        var alert = await supervisor.WaitForAsync<DangerAlertView>("DangerAlertRaised", a => a.CallId == callId);
        Assert.Equal(EmergencyServicesConfirmation.CallerAdvised, alert.EmergencyServices);

        var receipt = await counsellor.SendAsync(callId);
        Assert.True(receipt.Referral.Urgent);
        Assert.Equal("concern", receipt.Referral.Urgency);
        Assert.Equal(AcknowledgementDeadline.Compute(receipt.Referral.SentAt, ServiceKind.DepartementalCell, urgent: true, new ReferralOptions()).By,
            receipt.Referral.AcknowledgeBy);
    }

    [Fact]
    public async Task The_immediate_danger_level_flags_it_and_unflagged_a_concern_is_sent_as_not_urgent()
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        var levelCall = await app.CallHeldByAsync("counsellor1", "13200");
        using var level = await counsellor.PutTriageAsync(levelCall, TriageHelpers.Request(
            TriageOutcome.ReferToDepartementalCell, urgency: "immediate-danger", communeCode: "13004", emergency: EmergencyServicesConfirmation.LineContacted));
        Assert.True((await level.ReadAsync<TriageView>()).ImmediateDanger);
        Assert.True((await app.StoredTriageAsync(levelCall))!.ImmediateDanger);

        // Unflagged again (a mistake corrected): the confirmation is no longer required and the referral is ordinary.
        var plainCall = await app.CallHeldByAsync("counsellor1", "13200");
        using var flagged = await counsellor.PutTriageAsync(plainCall, TriageHelpers.Request(
            TriageOutcome.ReferToDepartementalCell, communeCode: "13004", emergency: EmergencyServicesConfirmation.CallerAdvised) with { ImmediateDanger = true });
        Assert.Equal(HttpStatusCode.OK, flagged.StatusCode);
        using var unflagged = await counsellor.PutTriageAsync(plainCall, TriageHelpers.Request(TriageOutcome.ReferToDepartementalCell, communeCode: "13004"));
        Assert.False((await unflagged.ReadAsync<TriageView>()).ImmediateDanger);
        Assert.False((await counsellor.SendAsync(plainCall)).Referral.Urgent);
    }
}
