using System.Net.Http.Json;
using Hotline.IntegrationTests.Triage;
using Hotline.Server.Audit;
using Hotline.Server.Data;
using Hotline.Server.Triage;
using Hotline.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Hotline.Server.Compliance;

namespace Hotline.IntegrationTests.Referrals;

public sealed class RetentionApp : HotlineAppFactory
{
    public RetentionApp() => Time = Clock;

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2027, 1, 4, 9, 0, 0, TimeSpan.Zero));
}

/// <summary>The 2-month anonymisation is for calls without follow-up: a referral is one; the triage of an anonymised call loses its summary.</summary>
public sealed class ReferralRetentionTests(RetentionApp app) : IClassFixture<RetentionApp>
{
    [Fact]
    public async Task A_referred_call_is_kept_and_the_triage_of_an_anonymised_call_loses_its_summary()
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        var advised = await app.TriagedCallAsync(counsellor, TriageOutcome.AdviceGiven, "13108", summary: "Conseils donnés à la mère");
        var referred = await app.TriagedCallAsync(counsellor, TriageOutcome.ReferToDepartementalCell, "13108");
        await counsellor.SendAsync(referred);

        app.Clock.Advance(TimeSpan.FromDays(62));
        await app.Services.GetRequiredService<RetentionJob>().RunOnceAsync(TestContext.Current.CancellationToken);

        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        Assert.NotNull((await db.Calls.AsNoTracking().SingleAsync(c => c.Id == advised, TestContext.Current.CancellationToken)).AnonymisedAt);
        Assert.Null((await db.Calls.AsNoTracking().SingleAsync(c => c.Id == referred, TestContext.Current.CancellationToken)).AnonymisedAt);
        var anonymisedTriage = await app.StoredTriageAsync(advised);
        Assert.Null(anonymisedTriage!.ProtectedSummary);
        Assert.Null(anonymisedTriage.ConcernedCommuneCode);
        Assert.Null(anonymisedTriage.ConcernedAge);
        Assert.Equal(TriageOutcome.AdviceGiven, anonymisedTriage.Outcome);
        Assert.NotNull((await app.StoredTriageAsync(referred))!.ProtectedSummary);
    }
}

/// <summary>Closed referrals and their triage are kept 12 months after the closing, then anonymised; open ones and legal holds never.</summary>
public sealed class ClosedReferralRetentionTests(RetentionApp app) : IClassFixture<RetentionApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_call_whose_referrals_closed_a_year_ago_is_anonymised_with_its_triage_notes_and_reasons()
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        using var coordinator = await app.SignInAsync("coordinator13");
        using var supervisor = await app.SignInAsync("supervisor1");

        // Closed: sent to the cell of 13, redirected to Vaucluse with a reason, then followed up and closed there.
        var closed = (await app.NewReferralAsync(counsellor, "13004", summary: "Résumé à effacer")).Referral;
        var vaucluse = (await app.NewReferralAsync(counsellor, "84007")).Referral;
        using (var note = await coordinator.ActAsync(closed.Id, "notes", new Hotline.Server.Referrals.NoteRequest("Note à effacer")))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, note.StatusCode);
        }

        using var redirected = await supervisor.ActAsync(closed.Id, "redirect", new Hotline.Server.Referrals.RedirectRequest(vaucluse.ServiceId, "Raison à effacer", ReferralHelpers.FamilySupport, ReferralHelpers.PrefectMission));
        var followOn = (await redirected.ReadAsync<Hotline.Server.Referrals.ReferralDetail>()).Referral.RedirectedToId!.Value;
        foreach (var move in new[] { "acknowledge", "follow-up", "close" })
        {
            using var moved = await supervisor.ActAsync(followOn, move);
            Assert.Equal(System.Net.HttpStatusCode.OK, moved.StatusCode);
        }

        // Still open: the Vaucluse referral above. Closed but under legal hold: another.
        var held = (await app.NewReferralAsync(counsellor, "13004")).Referral;
        foreach (var move in new[] { "acknowledge", "follow-up", "close" })
        {
            using var moved = await supervisor.ActAsync(held.Id, move);
            Assert.Equal(System.Net.HttpStatusCode.OK, moved.StatusCode);
        }

        using var admin = await app.SignInAsync("admin");
        using (var hold = await admin.PutAsJsonAsync($"/api/calls/{held.CallId}/legal-hold", new LegalHoldRequest(true, "Réquisition"), Cancel))
        {
            Assert.Equal(System.Net.HttpStatusCode.NoContent, hold.StatusCode);
        }

        // The closings are moved back in time rather than the clock forward: advancing a fake clock by a year
        // would fire every periodic timer of the app a million times (and run the daily job by itself).
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        var job = app.Services.GetRequiredService<RetentionJob>();
        await db.Referrals.Where(r => r.ClosedAt != null).ExecuteUpdateAsync(set => set.SetProperty(r => r.ClosedAt, r => r.ClosedAt!.Value.AddDays(-364)), Cancel);
        Assert.Equal(0, (await job.RunOnceAsync(Cancel)).ReferredCallsAnonymised);

        await db.Referrals.Where(r => r.ClosedAt != null).ExecuteUpdateAsync(set => set.SetProperty(r => r.ClosedAt, r => r.ClosedAt!.Value.AddDays(-2)), Cancel);
        var report = await job.RunOnceAsync(Cancel);

        Assert.Equal(1, report.ReferredCallsAnonymised);
        Assert.NotNull((await db.Calls.AsNoTracking().SingleAsync(c => c.Id == closed.CallId, Cancel)).AnonymisedAt);
        Assert.Null((await app.StoredTriageAsync(closed.CallId))!.ProtectedSummary);
        Assert.False(await db.ReferralNotes.AnyAsync(n => n.ReferralId == closed.Id, Cancel));
        Assert.False(await db.ReferralEvents.AnyAsync(e => (e.ReferralId == closed.Id || e.ReferralId == followOn) && e.ProtectedReason != null, Cancel));
        // The referrals stay for the statistics, without the snapshot, the commune or the free-text reason.
        var kept = await db.Referrals.AsNoTracking().Where(r => r.CallId == closed.CallId).ToListAsync(Cancel);
        Assert.Equal(2, kept.Count);
        Assert.All(kept, r => Assert.Equal(((string?)null, (string?)null, ""), (r.ProtectedSnapshot, r.CommuneCode, r.RoutingReason)));
        Assert.Equal(["13", "84"], kept.Select(r => r.DepartementCode).Order());
        Assert.NotNull((await db.Referrals.AsNoTracking().SingleAsync(r => r.Id == vaucluse.Id, Cancel)).ProtectedSnapshot);

        Assert.Null((await db.Calls.AsNoTracking().SingleAsync(c => c.Id == vaucluse.CallId, Cancel)).AnonymisedAt);
        Assert.NotNull((await app.StoredTriageAsync(vaucluse.CallId))!.ProtectedSummary);
        Assert.Null((await db.Calls.AsNoTracking().SingleAsync(c => c.Id == held.CallId, Cancel)).AnonymisedAt);
        Assert.NotNull((await app.StoredTriageAsync(held.CallId))!.ProtectedSummary);
    }
}
