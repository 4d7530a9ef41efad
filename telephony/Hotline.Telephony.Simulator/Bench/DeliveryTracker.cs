using System.Diagnostics;
using Hotline.Telephony.Simulator.Calls;
using Hotline.Telephony.Simulator.Load;

namespace Hotline.Telephony.Simulator.Bench;

/// <summary>
/// What the benchmark knows of one simulated call. Wall-clock times (<see cref="DateTimeOffset"/>) bracket the
/// server's own timestamps, to recognise the call's card; <see cref="EnqueueSentTicks"/> (Stopwatch ticks) is t0.
/// </summary>
public sealed record CallTiming(
    string CallSid,
    DateTimeOffset? VoiceSent,
    DateTimeOffset? VoiceAnswered,
    DateTimeOffset? EnqueueSent,
    DateTimeOffset? EnqueueAnswered,
    long? EnqueueSentTicks,
    long? EnqueueAnsweredTicks,
    bool Enqueued);

/// <summary>One <c>CallQueued</c> event as one client received it (Stopwatch ticks, taken first thing in the handler).</summary>
public sealed record CardArrival(int Client, Guid CallId, DateTimeOffset ReceivedAt, DateTimeOffset? QueuedAt, long ArrivedTicks);

public sealed record DeliveryReport(
    int Clients,
    int CallsDriven,
    int CallsEnqueued,
    int CallsMatched,
    int UnmatchedCards,
    int AmbiguousCards,
    int ExpectedDeliveries,
    int MissingDeliveries,
    LatencySummary Latency,
    LatencySummary FirstClient,
    LatencySummary LastClient,
    LatencySummary EnqueueWebhook);

/// <summary>
/// Observes the benchmark's calls (t0 just before the postal-code webhook, the one answering &lt;Enqueue&gt;) and the
/// cards the clients receive, then pairs them.
/// <para>
/// Matching: the webhook does not return the call's id, and calls overlap, so arrival order proves nothing. The card
/// carries two server timestamps taken inside our own requests: <c>ReceivedAt</c> (during the voice webhook) and
/// <c>QueuedAt</c> (during the postal-code webhook). Server and simulator share this machine's clock (loopback only),
/// so a card belongs to the one call whose voice request was in flight at <c>ReceivedAt</c> and whose postal-code
/// request was in flight at <c>QueuedAt</c>. A card that fits no call, or several, is counted and left out.
/// </para>
/// </summary>
public sealed class DeliveryTracker(ICallObserver inner) : ICallObserver
{
    /// <summary>Slack on the brackets: PostgreSQL keeps microseconds, the clocks are read a few instructions apart.</summary>
    public static readonly TimeSpan Slack = TimeSpan.FromMilliseconds(1);

    public const string EnqueuePath = "/telephony/twilio/postal-code";
    public const string VoicePurpose = "voice";

    private readonly Lock _lock = new();
    private readonly Dictionary<string, CallTiming> _calls = new(StringComparer.Ordinal);
    private readonly List<CardArrival> _arrivals = [];

    public void OnEvent(SimulatedCall call, CallEvent callEvent) => inner.OnEvent(call, callEvent);

    public void OnWebhookSending(SimulatedCall call, string purpose, Uri url)
    {
        var isEnqueue = IsEnqueue(url);
        var isVoice = purpose == VoicePurpose;
        if (!isEnqueue && !isVoice)
        {
            inner.OnWebhookSending(call, purpose, url);
            return;
        }

        var now = DateTimeOffset.UtcNow;
        var ticks = Stopwatch.GetTimestamp();
        lock (_lock)
        {
            var timing = Timing(call.Sid);
            _calls[call.Sid] = isVoice
                ? timing with { VoiceSent = now, VoiceAnswered = null }
                : timing with { EnqueueSent = now, EnqueueSentTicks = ticks, EnqueueAnswered = null, EnqueueAnsweredTicks = null, Enqueued = false };
        }

        inner.OnWebhookSending(call, purpose, url);
    }

    public void OnWebhook(SimulatedCall call, WebhookRecord record)
    {
        var isEnqueue = IsEnqueue(record.Url);
        if (isEnqueue || record.Purpose == VoicePurpose)
        {
            var ticks = Stopwatch.GetTimestamp();
            var now = DateTimeOffset.UtcNow;
            lock (_lock)
            {
                var timing = Timing(call.Sid);
                _calls[call.Sid] = isEnqueue
                    ? timing with { EnqueueAnswered = now, EnqueueAnsweredTicks = ticks, Enqueued = record.Error is null }
                    : timing with { VoiceAnswered = now };
            }
        }

        inner.OnWebhook(call, record);
    }

    public void OnCompleted(SimulatedCall call) => inner.OnCompleted(call);

    /// <summary>Called from each client's handler; <paramref name="arrivedTicks"/> is read before anything else.</summary>
    public void Arrived(int client, Guid callId, DateTimeOffset receivedAt, DateTimeOffset? queuedAt, long arrivedTicks)
    {
        var arrival = new CardArrival(client, callId, receivedAt, queuedAt, arrivedTicks);
        lock (_lock)
        {
            _arrivals.Add(arrival);
        }
    }

    public DeliveryReport Report(int clients)
    {
        lock (_lock)
        {
            return Analyse([.. _calls.Values], [.. _arrivals], clients, Stopwatch.Frequency);
        }
    }

    /// <summary>Pairs cards with calls (see the class summary) and computes latency per (call, client) = arrival − t0.</summary>
    public static DeliveryReport Analyse(IReadOnlyList<CallTiming> calls, IReadOnlyList<CardArrival> arrivals, int clients, long ticksPerSecond)
    {
        var enqueued = calls.Where(c => c.Enqueued && c.EnqueueSentTicks is not null).ToList();
        var callOfCard = new Dictionary<Guid, CallTiming>();
        var unmatched = 0;
        var ambiguous = 0;
        foreach (var card in arrivals.GroupBy(a => a.CallId).Select(g => g.First()))
        {
            var candidates = enqueued.Where(c => Fits(card, c)).Take(2).ToList();
            switch (candidates.Count)
            {
                case 1:
                    callOfCard[card.CallId] = candidates[0];
                    break;
                case 0:
                    unmatched++;
                    break;
                default:
                    ambiguous++;
                    break;
            }
        }

        // One card per call: a call two cards claim is not trusted either.
        foreach (var shared in callOfCard.GroupBy(p => p.Value.CallSid).Where(g => g.Count() > 1).ToList())
        {
            foreach (var pair in shared)
            {
                callOfCard.Remove(pair.Key);
                ambiguous++;
            }
        }

        var latencies = new List<double>();
        var firsts = new List<double>();
        var lasts = new List<double>();
        foreach (var callArrivals in arrivals.Where(a => callOfCard.ContainsKey(a.CallId)).GroupBy(a => a.CallId))
        {
            var t0 = callOfCard[callArrivals.Key].EnqueueSentTicks!.Value;
            var perClient = callArrivals
                .GroupBy(a => a.Client)
                .Select(g => (g.Min(a => a.ArrivedTicks) - t0) * 1000.0 / ticksPerSecond)
                .ToList();
            latencies.AddRange(perClient);
            firsts.Add(perClient.Min());
            lasts.Add(perClient.Max());
        }

        var expected = enqueued.Count * clients;
        return new DeliveryReport(
            clients,
            calls.Count,
            enqueued.Count,
            callOfCard.Count,
            unmatched,
            ambiguous,
            expected,
            expected - latencies.Count,
            LoadStatistics.Summarize(latencies),
            LoadStatistics.Summarize(firsts),
            LoadStatistics.Summarize(lasts),
            LoadStatistics.Summarize(enqueued
                .Where(c => c.EnqueueAnsweredTicks is not null)
                .Select(c => (c.EnqueueAnsweredTicks!.Value - c.EnqueueSentTicks!.Value) * 1000.0 / ticksPerSecond)));
    }

    private static bool Fits(CardArrival card, CallTiming call) =>
        card.QueuedAt is { } queuedAt
        && Within(queuedAt, call.EnqueueSent, call.EnqueueAnswered)
        && Within(card.ReceivedAt, call.VoiceSent, call.VoiceAnswered);

    /// <summary>Inside [sent, answered] with slack; a request not answered yet is open-ended.</summary>
    private static bool Within(DateTimeOffset at, DateTimeOffset? sent, DateTimeOffset? answered) =>
        sent is { } from && at >= from - Slack && (answered is not { } to || at <= to + Slack);

    private static bool IsEnqueue(Uri url) => url.AbsolutePath.EndsWith(EnqueuePath, StringComparison.Ordinal);

    private CallTiming Timing(string callSid) =>
        _calls.TryGetValue(callSid, out var timing) ? timing : new CallTiming(callSid, null, null, null, null, null, null, false);
}
