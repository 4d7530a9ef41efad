using Hotline.IntegrationTests.Referrals;
using Hotline.Server.Calls;
using Hotline.Server.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Hotline.IntegrationTests.Statistics;

/// <summary>
/// The server with a clock the tests move (Tuesday 3 November 2026, 10:00 in Paris) and a hand-made event log on
/// Monday 2 November whose figures are known (<see cref="SeedKnownDayAsync"/>).
/// </summary>
public sealed class StatisticsApp : ReferralApp
{
    public static readonly DateOnly KnownDay = new(2026, 11, 2);

    private readonly Lazy<Task> _seeded;

    public StatisticsApp()
    {
        Time = Clock;
        _seeded = new(SeedKnownDayAsync);
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 3, 9, 0, 0, TimeSpan.Zero));

    /// <summary>The known day, seeded once per app.</summary>
    public Task SeededAsync() => _seeded.Value;

    /// <summary>
    /// Monday 2 November 2026 in the Bouches-du-Rhône (13), from 10:00 Paris (09:00 UTC), as in docs/statistics.md:
    /// answered after 10, 20, 50 and 30 s (talk + wrap-up 300+60, 200+40, 100+20; the last still in wrap-up), abandoned
    /// after 3 s (short), 40 s and 8 s, and one caller who left the queue for voicemail. In the Vaucluse (84): one answered
    /// after 5 s (talk 60 + wrap-up 30), one abandoned after 20 s.
    /// </summary>
    private async Task SeedKnownDayAsync()
    {
        await using var scope = Scope();
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        var start = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
        db.Calls.AddRange(
            Answered(start, "13", CallMotive.Signal, after: 10, talk: 300, wrapUp: 60),
            Answered(start.AddMinutes(10), "13", CallMotive.Signal, after: 20, talk: 200, wrapUp: 40),
            Answered(start.AddMinutes(20), "13", CallMotive.Question, after: 50, talk: 100, wrapUp: 20),
            Answered(start.AddMinutes(30), "13", CallMotive.Urgent, after: 30, talk: 60, wrapUp: null),
            Abandoned(start.AddMinutes(40), "13", after: 3),
            Abandoned(start.AddMinutes(50), "13", after: 40),
            Abandoned(start.AddHours(1), "13", after: 8),
            Voicemail(start.AddHours(2), "13"),
            Answered(start.AddHours(3), "84", CallMotive.Question, after: 5, talk: 60, wrapUp: 30),
            Abandoned(start.AddHours(4), "84", after: 20));
        await db.SaveChangesAsync();
    }

    private static Call Queued(DateTimeOffset queuedAt, string departement, CallMotive motive)
    {
        var call = Call.Enter("CA" + Guid.NewGuid().ToString("N"), null, queuedAt.AddSeconds(-20));
        call.Record(CallEventKind.MenuChoice, queuedAt.AddSeconds(-15), $"motive={motive}");
        call.Motive = motive;
        call.Priority = Call.PriorityOf(motive);
        call.Location = CallLocation.Resolved;
        call.DepartementCode = departement;
        Assert.True(call.MoveTo(CallStatus.Queued, queuedAt));
        return call;
    }

    public static Call Answered(DateTimeOffset queuedAt, string departement, CallMotive motive, int after, int talk, int? wrapUp)
    {
        var call = Queued(queuedAt, departement, motive);
        var answeredAt = queuedAt.AddSeconds(after);
        Assert.True(call.MoveTo(CallStatus.Connecting, answeredAt.AddSeconds(-1)));
        Assert.True(call.MoveTo(CallStatus.Connected, answeredAt));
        var endedAt = answeredAt.AddSeconds(talk);
        call.EndedAt = endedAt;
        Assert.True(call.MoveTo(CallStatus.Completed, endedAt));
        if (wrapUp is { } seconds)
        {
            call.WrapUpEndedAt = endedAt.AddSeconds(seconds);
            call.Record(CallEventKind.WrapUpEnded, call.WrapUpEndedAt.Value);
        }

        return call;
    }

    public static Call Abandoned(DateTimeOffset queuedAt, string departement, int after)
    {
        var call = Queued(queuedAt, departement, CallMotive.Question);
        call.WaitSeconds = after;
        call.EndedAt = queuedAt.AddSeconds(after);
        Assert.True(call.MoveTo(CallStatus.Abandoned, call.EndedAt.Value, $"wait={after}s"));
        return call;
    }

    private static Call Voicemail(DateTimeOffset queuedAt, string departement)
    {
        var call = Queued(queuedAt, departement, CallMotive.Question);
        call.WaitSeconds = 60;
        Assert.True(call.MoveTo(CallStatus.MessageMenu, queuedAt.AddSeconds(60)));
        Assert.True(call.MoveTo(CallStatus.Voicemail, queuedAt.AddSeconds(90)));
        return call;
    }
}
