using Hotline.Telephony.Simulator.Chaos;

namespace Hotline.Tests.Simulator;

/// <summary>The chaos benchmark's accounting: which phase a call, an offer or a failure belongs to, why a call was lost.</summary>
public sealed class ChaosReportTests
{
    private static readonly TimeSpan Target = TimeSpan.FromSeconds(10);

    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    private static readonly ChaosPhase[] Phases =
    [
        new("avant", S(0), S(30)),
        new("kill", S(30), S(90), FaultEnded: S(45), InStepAt: S(52), MissingCards: 2, StaleCards: 1),
        new("redis", S(90), TimeSpan.MaxValue, FaultEnded: S(110), InStepAt: null),
    ];

    [Fact]
    public void Calls_offers_and_failures_count_in_the_phase_they_happened_in_and_lost_calls_say_why()
    {
        var offered = Guid.NewGuid();
        PlacedCall[] calls =
        [
            new("CA-answered", S(5), new ServerCall(Guid.NewGuid(), "Completed", Queued: true, Answered: true)),
            new("CA-unknown", S(31), null),
            new("CA-menu", S(40), new ServerCall(Guid.NewGuid(), "Abandoned", Queued: false, Answered: false)),
            new("CA-never-offered", S(60), new ServerCall(Guid.NewGuid(), "Abandoned", Queued: true, Answered: false)),
            new("CA-offered", S(89.9), new ServerCall(offered, "Abandoned", Queued: true, Answered: false)),
            new("CA-late", S(200), new ServerCall(Guid.NewGuid(), "Completed", Queued: true, Answered: true)),
        ];
        var seen = Guid.NewGuid();
        ServerOffer[] offers =
        [
            new(Guid.NewGuid(), "CA-answered", Guid.NewGuid(), "Accepted", S(6)),
            new(seen, "CA-offered", Guid.NewGuid(), "Expired", S(91)),
            new(Guid.NewGuid(), "CA-offered", Guid.NewGuid(), "Expired", S(120)),
        ];
        WebhookFailure[] failures =
        [
            new(S(31), "voice", "/telephony/twilio/voice", "HTTP 502"),
            new(S(32), "gather", "/telephony/twilio/menu", "ConnectionError"),
            new(S(33), "wait", "/telephony/twilio/wait", "timeout"),
            new(S(95), "status", "/telephony/twilio/status", "HTTP 503"),
        ];

        var rows = ChaosReport.Compute(Phases, calls, offers, new HashSet<Guid> { seen }, failures);

        Assert.Equal(["avant", "kill", "redis", "overall"], rows.Select(r => r.Phase));
        var before = rows[0];
        Assert.Equal((1, 1, 0), (before.Placed, before.Reached, before.Lost));
        Assert.True(before.MeetsTarget(Target));

        var kill = rows[1];
        Assert.Equal((4, 0, 4), (kill.Placed, kill.Reached, kill.Lost));
        // Unknown to the server and stuck in the menu: never enqueued; queued without an offer; offered but never answered.
        Assert.Equal((2, 1, 1), (kill.NeverEnqueued, kill.NeverOffered, kill.OfferedToNobody));
        Assert.Equal(3, kill.WebhookFailures);
        Assert.Equal(1, kill.TwilioWouldDo[ChaosReport.Fallback]);
        Assert.Equal(1, kill.TwilioWouldDo[ChaosReport.RetriedThenFallback]);
        Assert.Equal(1, kill.TwilioWouldDo[ChaosReport.WaitEnds]);
        Assert.Equal((2, 1), (kill.MissingCards, kill.StaleCards));
        Assert.Equal(S(7), kill.Recovery);
        Assert.False(kill.MeetsTarget(Target));

        // The offers of CA-offered expired during the Redis phase: one the console had seen, one it never saw.
        var redis = rows[2];
        Assert.Equal((1, 1), (redis.OffersExpiredUnseen, redis.OffersExpiredSeen));
        Assert.Equal((1, 1, 0), (redis.Placed, redis.Reached, redis.Lost));
        Assert.Equal(ChaosReport.NotRetried, redis.TwilioWouldDo.Single().Key);
        Assert.Null(redis.Recovery);
        Assert.False(redis.MeetsTarget(Target));

        var overall = rows[3];
        Assert.Equal((6, 2, 4, 1, 4), (overall.Placed, overall.Reached, overall.Lost, overall.OffersExpiredUnseen, overall.WebhookFailures));
        Assert.Equal((2, 1), (overall.MissingCards, overall.StaleCards));
        // A fault the consoles never recovered from: no overall recovery time.
        Assert.Null(overall.Recovery);
    }

    [Fact]
    public void A_clean_run_meets_the_target_and_its_recovery_is_the_slowest_fault()
    {
        ChaosPhase[] phases =
        [
            new("avant", S(0), S(30)),
            new("kill", S(30), S(90), FaultEnded: S(45), InStepAt: S(52)),
            // In step already when the component came back: zero, not negative.
            new("pg", S(90), TimeSpan.MaxValue, FaultEnded: S(100), InStepAt: S(99)),
        ];
        PlacedCall[] calls = [new("CA1", S(50), new ServerCall(Guid.NewGuid(), "Completed", true, true))];

        var rows = ChaosReport.Compute(phases, calls, [], new HashSet<Guid>(), []);

        Assert.Equal(TimeSpan.Zero, rows[2].Recovery);
        Assert.Equal(S(7), rows[3].Recovery);
        Assert.All(rows, row => Assert.True(row.MeetsTarget(Target)));
        Assert.False(rows[3].MeetsTarget(S(5)));
    }
}
