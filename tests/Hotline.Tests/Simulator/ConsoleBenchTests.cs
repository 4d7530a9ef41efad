using Hotline.Telephony.Simulator.Bench;
using Hotline.Telephony.Simulator.Load;

namespace Hotline.Tests.Simulator;

/// <summary>The console benchmark's arithmetic: pairing cards with calls, latency per (call, client), percentiles.</summary>
public sealed class ConsoleBenchTests
{
    private const long TicksPerSecond = 1_000_000;
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Percentiles_of_a_small_sample_use_the_nearest_rank()
    {
        var summary = LoadStatistics.Summarize([7, 1, 10, 3, 9, 2, 8, 4, 6, 5]);

        // Ranks ceil(0.5 × 10) = 5, ceil(0.95 × 10) = 10, ceil(0.99 × 10) = 10.
        Assert.Equal(new LatencySummary(10, 5, 10, 10, 10), summary);
        Assert.Equal(new LatencySummary(1, 42, 42, 42, 42), LoadStatistics.Summarize([42]));
    }

    [Fact]
    public void Latency_is_each_clients_first_arrival_minus_t0_and_absent_clients_are_missing()
    {
        var a = Call("CA1", at: 0);
        var b = Call("CA2", at: 500);
        var cardA = Guid.NewGuid();
        var cardB = Guid.NewGuid();
        CardArrival[] arrivals =
        [
            // Out of order on purpose: call B's card reaches client 0 before call A's does.
            Arrival(0, cardB, b, arrivedMs: 510),
            Arrival(0, cardA, a, arrivedMs: 520),
            Arrival(1, cardA, a, arrivedMs: 30),
            Arrival(1, cardA, a, arrivedMs: 40), // the same card again: only the first counts
            Arrival(1, cardB, b, arrivedMs: 540),
            Arrival(2, cardA, a, arrivedMs: 12),
            // Client 2 never gets call B's card.
        ];

        var report = DeliveryTracker.Analyse([a, b], arrivals, clients: 3, TicksPerSecond);

        Assert.Equal(2, report.CallsMatched);
        Assert.Equal(6, report.ExpectedDeliveries);
        Assert.Equal(1, report.MissingDeliveries);
        // Latencies: A → 520, 30, 12; B → 10, 40. Sorted 10, 12, 30, 40, 520.
        Assert.Equal(new LatencySummary(5, 30, 520, 520, 520), report.Latency);
        Assert.Equal(new LatencySummary(2, 10, 12, 12, 12), report.FirstClient);
        Assert.Equal(new LatencySummary(2, 40, 520, 520, 520), report.LastClient);
        Assert.Equal(new LatencySummary(2, 5, 5, 5, 5), report.EnqueueWebhook);
    }

    [Fact]
    public void A_card_fitting_no_call_or_several_calls_is_left_out()
    {
        var a = Call("CA1", at: 0);
        var overlapping = Call("CA2", at: 2); // in flight at the same time as CA1
        var alone = Call("CA3", at: 1000);
        var shared = Guid.NewGuid();
        var foreign = Guid.NewGuid();
        var mine = Guid.NewGuid();
        CardArrival[] arrivals =
        [
            Arrival(0, shared, a, arrivedMs: 10),
            new CardArrival(0, foreign, Start.AddSeconds(-30), Start.AddSeconds(-20), Ticks(5)),
            Arrival(0, mine, alone, arrivedMs: 1008),
        ];

        var report = DeliveryTracker.Analyse([a, overlapping, alone], arrivals, clients: 1, TicksPerSecond);

        Assert.Equal(1, report.CallsMatched);
        Assert.Equal(1, report.AmbiguousCards);
        Assert.Equal(1, report.UnmatchedCards);
        Assert.Equal(new LatencySummary(1, 8, 8, 8, 8), report.Latency);
        Assert.Equal(2, report.MissingDeliveries);
    }

    [Theory]
    [InlineData("   123456 kB", 123456L * 1024)]
    [InlineData("\t42 kB", 42L * 1024)]
    [InlineData("42 MB", null)]
    [InlineData("", null)]
    public void Memory_is_read_from_proc_status_in_kilobytes(string text, long? bytes) =>
        Assert.Equal(bytes, ServerProcess.ParseKilobytes(text));

    /// <summary>
    /// A call whose voice webhook is in flight over [at − 4000, at − 3990] ms and whose postal-code webhook is
    /// sent at <paramref name="at"/> ms (t0) and answered 5 ms later.
    /// </summary>
    private static CallTiming Call(string sid, double at) => new(
        sid,
        Start.AddMilliseconds(at - 4000),
        Start.AddMilliseconds(at - 3990),
        Start.AddMilliseconds(at),
        Start.AddMilliseconds(at + 5),
        Ticks(at),
        Ticks(at + 5),
        Enqueued: true);

    /// <summary>The card as the server stamps it (inside both requests), received <paramref name="arrivedMs"/> ms after the start.</summary>
    private static CardArrival Arrival(int client, Guid callId, CallTiming call, double arrivedMs) =>
        new(client, callId, call.VoiceSent!.Value.AddMilliseconds(2), call.EnqueueSent!.Value.AddMilliseconds(1), Ticks(arrivedMs));

    private static long Ticks(double ms) => (long)(ms * TicksPerSecond / 1000);
}
