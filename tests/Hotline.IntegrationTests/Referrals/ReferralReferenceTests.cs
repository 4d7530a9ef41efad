using System.Net;
using Hotline.IntegrationTests.Triage;
using Hotline.Server.Compliance;
using Hotline.Server.Data;
using Hotline.Server.LiveConsole;
using Hotline.Server.Referrals;
using Hotline.Server.Triage;
using Hotline.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.IntegrationTests.Referrals;

/// <summary>
/// The scannable inbox: a reference per referral (year + that year's sequence, given when sent), who sent it, the age
/// band when what was sent includes it, search by reference, sort by deadline; the reference in the counsellor's
/// feedback and in the audit review.
/// </summary>
public sealed class ReferralReferenceTests(ClockedReferralApp app) : IClassFixture<ClockedReferralApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_referral_gets_a_reference_that_is_shown_searched_and_audited()
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        using var coordinator = await app.SignInAsync("coordinator13");

        // A fresh database: the year's sequence starts at 1 (30 April 2026 in Paris).
        var first = await app.NewReferralAsync(counsellor, "13004");
        var urgent = await app.NewReferralAsync(counsellor, "13004", urgency: "immediate-danger");
        var cell = await app.NewReferralAsync(counsellor, "13108", TriageOutcome.ReferToCommuneCell);
        Assert.Equal(["2026-000001", "2026-000002", "2026-000003"], new[] { first, urgent, cell }.Select(r => r.Referral.Reference));
        Assert.All(new[] { first, urgent, cell }, r => Assert.Equal(ReferralReader.NationalLineName, r.Referral.SenderName));
        // The age band travels with the account: the departmental cell has it, a CMER without the family's agreement does not.
        Assert.Equal(AgeBand.From16To17, first.Referral.AgeBand);
        Assert.Null(cell.Referral.AgeBand);

        // A redirection is a new referral with its own reference, sent by the service that passed it on.
        using var redirected = await coordinator.ActAsync(first.Referral.Id, "redirect", new RedirectRequest(
            (await app.NewReferralAsync(counsellor, "84007")).Referral.ServiceId, "La famille a déménagé", ReferralHelpers.FamilySupport, ReferralHelpers.PrefectMission));
        var followOnId = (await redirected.ReadAsync<ReferralDetail>()).Referral.RedirectedToId!.Value;
        using var supervisor = await app.SignInAsync("supervisor1");
        var followOn = (await supervisor.DetailAsync(followOnId)).Referral;
        Assert.Equal("2026-000005", followOn.Reference);
        Assert.Equal(first.Referral.ServiceName, followOn.SenderName);

        // Search: a whole reference, its number alone, or something that is no reference (nothing, not everything).
        Assert.Equal([urgent.Referral.Id], (await coordinator.InboxAsync("?reference=2026-000002")).Items.Select(r => r.Id));
        Assert.Equal([urgent.Referral.Id], (await coordinator.InboxAsync("?reference=%202%20")).Items.Select(r => r.Id));
        Assert.Empty((await coordinator.InboxAsync("?reference=2025-000002")).Items);
        Assert.Empty((await coordinator.InboxAsync("?reference=Tarascon")).Items);
        // Outside the reader's territory a reference finds nothing either.
        using var vaucluse = await app.SignInAsync("coordinator84");
        Assert.Empty((await vaucluse.InboxAsync("?reference=2026-000002")).Items);

        // The counsellor's feedback and "Mes appels" quote the reference they sent.
        var receipt = await counsellor.SendAsync(first.Referral.CallId);
        Assert.Equal("2026-000001", receipt.Referral.Reference);
        Assert.Equal(followOnId, receipt.Feedback!.ReferralId);
        Assert.Equal("2026-000005", receipt.Feedback.Reference);
        var mine = await (await counsellor.GetAsync("/api/calls/mine", Cancel)).ReadAsync<MyCallsView>();
        Assert.Equal("2026-000001", mine.Calls.Single(c => c.CallId == first.Referral.CallId).ReferralReference);

        // The audit review names referrals by reference, and finds them by it.
        using var admin = await app.SignInAsync("admin");
        var trail = await (await admin.GetAsync("/api/audit?entityType=Referral&entityId=2026-000002", Cancel)).ReadAsync<List<AuditEntryDto>>();
        Assert.NotEmpty(trail);
        Assert.All(trail, e => Assert.Equal((urgent.Referral.Id.ToString(), "2026-000002"), (e.EntityId, e.Reference)));
    }

}

/// <summary>The inbox's two orders: what needs action first (the default), or the nearest deadline first.</summary>
public sealed class ReferralSortTests(ReferralApp app) : IClassFixture<ReferralApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_inbox_sorts_by_deadline_on_request_and_by_priority_otherwise()
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        using var coordinator = await app.SignInAsync("coordinator84");
        var ordinary = (await app.NewReferralAsync(counsellor, "84007")).Referral;
        var urgent = (await app.NewReferralAsync(counsellor, "84007", urgency: "immediate-danger")).Referral;
        // An urgent referral whose clock ends after an ordinary one's (sent later in the week): priority puts it first,
        // the deadline order does not.
        await using (var scope = app.Scope())
        {
            var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
            await db.Referrals.Where(r => r.Id == urgent.Id).ExecuteUpdateAsync(set => set.SetProperty(r => r.AcknowledgeBy, ordinary.AcknowledgeBy.AddHours(1)), Cancel);
        }

        Assert.Equal([urgent.Id, ordinary.Id], (await coordinator.InboxAsync()).Items.Select(r => r.Id).Where(id => id == urgent.Id || id == ordinary.Id));
        Assert.Equal([ordinary.Id, urgent.Id], (await coordinator.InboxAsync("?sort=Deadline")).Items.Select(r => r.Id).Where(id => id == urgent.Id || id == ordinary.Id));
        using var bad = await coordinator.GetAsync("/api/referrals?sort=Whenever", Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
