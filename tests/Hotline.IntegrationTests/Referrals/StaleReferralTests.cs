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
/// A referral never closed: escalated once after <c>Referrals:MaxOpen</c>, anonymised after <c>Retention:StaleReferrals</c>
/// without activity; what stays for the statistics is the département, the kind, the states and the dates.
/// </summary>
/// <remarks>
/// Time is moved by moving the referrals back rather than the fake clock forward by months: advancing it that far
/// would fire every periodic timer of the app (and run the daily retention job by itself).
/// </remarks>
public sealed class StaleReferralTests(RetentionApp app) : IClassFixture<RetentionApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private async Task AgeAsync(Guid referralId, TimeSpan by)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        await db.Referrals.Where(r => r.Id == referralId).ExecuteUpdateAsync(set => set.SetProperty(r => r.SentAt, r => r.SentAt - by), Cancel);
        await db.ReferralEvents.Where(e => e.ReferralId == referralId).ExecuteUpdateAsync(set => set.SetProperty(e => e.At, e => e.At - by), Cancel);
        await db.ReferralNotes.Where(n => n.ReferralId == referralId).ExecuteUpdateAsync(set => set.SetProperty(n => n.At, n => n.At - by), Cancel);
    }

    [Fact]
    public async Task A_referral_open_six_months_is_escalated_once_and_a_closed_one_never()
    {
        await using var supervisorHub = await ConsoleClient.ConnectAsync(app, "supervisor1");
        await supervisorHub.WaitForAsync<ConsoleSnapshot>("Snapshot");
        using var counsellor = await app.SignInAsync("counsellor1");
        using var supervisor = await app.SignInAsync("supervisor1");
        var open = (await app.NewReferralAsync(counsellor, "13004")).Referral;
        var young = (await app.NewReferralAsync(counsellor, "13004")).Referral;
        var closed = (await app.NewReferralAsync(counsellor, "13004")).Referral;
        foreach (var move in new[] { "acknowledge", "follow-up", "close" })
        {
            using var moved = await supervisor.ActAsync(closed.Id, move);
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        }

        using (var acknowledged = await supervisor.ActAsync(open.Id, "acknowledge"))
        {
            Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);
        }

        // Default Referrals:MaxOpen: 183 days. One day short, nothing; past it, the open one only.
        await AgeAsync(open.Id, TimeSpan.FromDays(182));
        await AgeAsync(closed.Id, TimeSpan.FromDays(200));
        // (Counts are not asserted: the other test's referrals, aged a year, are escalated too.)
        var escalator = app.Services.GetRequiredService<ReferralEscalator>();
        await escalator.RunOnceAsync(Cancel);
        Assert.Null((await app.StoredReferralAsync(open.Id)).OpenTooLongAt);
        await AgeAsync(open.Id, TimeSpan.FromDays(2));
        await escalator.RunOnceAsync(Cancel);

        var alert = await supervisorHub.WaitForAsync<SupervisorAlert>("SupervisorAlert", a => a.ReferralId == open.Id);
        Assert.Equal((SupervisorAlertKind.ReferralOpenTooLong, "13"), (alert.Kind, alert.DepartementCode));
        var escalatedAt = (await app.StoredReferralAsync(open.Id)).OpenTooLongAt;
        Assert.NotNull(escalatedAt);
        await escalator.RunOnceAsync(Cancel);
        Assert.Equal(escalatedAt, (await app.StoredReferralAsync(open.Id)).OpenTooLongAt);
        Assert.Single(supervisorHub.Events, e => e.Payload is SupervisorAlert a && a.ReferralId == open.Id);
        Assert.Null((await app.StoredReferralAsync(young.Id)).OpenTooLongAt);
        Assert.Null((await app.StoredReferralAsync(closed.Id)).OpenTooLongAt);
    }

    [Fact]
    public async Task A_referral_never_closed_and_untouched_for_a_year_is_anonymised_and_one_with_a_recent_note_is_not()
    {
        using var counsellor = await app.SignInAsync("counsellor1");
        using var coordinator = await app.SignInAsync("coordinator13");
        using var cell = await app.SignInAsync("cmer-tarascon");
        // To the CMER of Tarascon with the family's agreement (the whole account), acknowledged, then forgotten.
        var stale = (await app.NewReferralAsync(counsellor, "13108", TriageOutcome.ReferToCommuneCell, summary: "Récit à effacer", consent: true)).Referral;
        using (var acknowledged = await cell.ActAsync(stale.Id, "acknowledge"))
        {
            Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);
        }

        using (var note = await cell.ActAsync(stale.Id, "notes", new NoteRequest("Note ancienne à effacer")))
        {
            Assert.Equal(HttpStatusCode.OK, note.StatusCode);
        }

        // Also old, but someone wrote a note recently: still followed.
        var followed = (await app.NewReferralAsync(counsellor, "13004", summary: "Récit suivi")).Referral;
        await AgeAsync(stale.Id, TimeSpan.FromDays(366));
        await AgeAsync(followed.Id, TimeSpan.FromDays(366));
        using (var note = await coordinator.ActAsync(followed.Id, "notes", new NoteRequest("Famille rappelée")))
        {
            Assert.Equal(HttpStatusCode.OK, note.StatusCode);
        }

        var before = await app.StoredReferralAsync(stale.Id);
        var report = await app.Services.GetRequiredService<RetentionJob>().RunOnceAsync(Cancel);

        Assert.Equal(1, report.ReferredCallsAnonymised);
        var kept = await app.StoredReferralAsync(stale.Id);
        // Dated to its month (the first, midnight line time), every delay exact; no directory entry (it names the commune).
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var sentLocal = TimeZoneInfo.ConvertTime(kept.SentAt, paris);
        Assert.Equal((1, TimeSpan.Zero), (sentLocal.Day, sentLocal.TimeOfDay));
        Assert.Equal((TimeZoneInfo.ConvertTime(before.SentAt, paris).Year, TimeZoneInfo.ConvertTime(before.SentAt, paris).Month), (sentLocal.Year, sentLocal.Month));
        Assert.Equal(before.AcknowledgedAt - before.SentAt, kept.AcknowledgedAt - kept.SentAt);
        Assert.Equal(before.AcknowledgeBy - before.SentAt, kept.AcknowledgeBy - kept.SentAt);
        Assert.Equal(before.Events.Select(e => e.At - before.SentAt).Order(), kept.Events.Select(e => e.At - kept.SentAt).Order());
        Assert.Null(kept.ServiceId);
        // A second pass moves nothing again.
        await app.Services.GetRequiredService<RetentionJob>().RunOnceAsync(Cancel);
        Assert.Equal(kept.SentAt, (await app.StoredReferralAsync(stale.Id)).SentAt);
        Assert.NotNull(kept.AnonymisedAt);
        // Gone: the snapshot, the commune (and the cell's, and the CMER's name), the age band, the notes, the texts.
        Assert.Equal(((string?)null, (string?)null, (string?)null, (AgeBand?)null, ""), (kept.ProtectedSnapshot, kept.CommuneCode, kept.CellCommuneCode, kept.AgeBand, kept.RoutingReason));
        Assert.Equal("Cellule municipale (CMER)", kept.ServiceName);
        Assert.Empty(kept.Notes);
        // Kept for the statistics: département, kind, state, dates, reference.
        Assert.Equal(("13", Hotline.Server.ServiceDirectory.ServiceKind.CommuneCell, ReferralState.Acknowledged), (kept.DepartementCode, kept.ServiceKind, kept.State));
        Assert.NotNull(kept.AcknowledgedAt);
        Assert.Equal(stale.Reference, kept.Reference);
        Assert.Null((await app.StoredTriageAsync(stale.CallId))!.ProtectedSummary);

        // The CMER no longer sees it (its commune is gone); the coordination of the département still counts it.
        Assert.DoesNotContain(stale.Id, (await cell.InboxAsync()).Items.Select(r => r.Id));
        var seen = (await coordinator.InboxAsync()).Items.Single(r => r.Id == stale.Id);
        Assert.Equal(((string?)null, (string?)null), (seen.CommuneCode, seen.CommuneName));

        var alive = await app.StoredReferralAsync(followed.Id);
        Assert.Null(alive.AnonymisedAt);
        Assert.NotNull(alive.ProtectedSnapshot);
        Assert.NotNull((await app.StoredTriageAsync(followed.CallId))!.ProtectedSummary);
    }
}
