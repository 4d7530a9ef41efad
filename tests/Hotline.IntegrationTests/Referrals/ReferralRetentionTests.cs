using Hotline.IntegrationTests.Triage;
using Hotline.Server.Audit;
using Hotline.Server.Data;
using Hotline.Server.Triage;
using Hotline.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

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
