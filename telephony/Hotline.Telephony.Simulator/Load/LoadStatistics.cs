using Hotline.Telephony.Simulator.Calls;

namespace Hotline.Telephony.Simulator.Load;

public sealed record LatencySummary(int Count, double P50, double P95, double P99, double Max);

public sealed record LoadSnapshot(
    int CallsStarted,
    int CallsCompleted,
    int Webhooks,
    int WebhookErrors,
    TimeSpan Elapsed,
    LatencySummary Latency,
    IReadOnlyDictionary<string, LatencySummary> LatencyByPurpose,
    IReadOnlyDictionary<string, int> ErrorsByKind,
    IReadOnlyDictionary<string, int> CallOutcomes)
{
    public double WebhooksPerSecond => Elapsed.TotalSeconds > 0 ? Webhooks / Elapsed.TotalSeconds : 0;
}

/// <summary>Collects webhook latencies (milliseconds, real time), errors and call outcomes from many calls at once.</summary>
public sealed class LoadStatistics : ICallObserver
{
    private readonly Lock _lock = new();
    private readonly List<(string Purpose, double Milliseconds)> _latencies = [];
    private readonly Dictionary<string, int> _errors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _outcomes = new(StringComparer.Ordinal);
    private readonly System.Diagnostics.Stopwatch _stopwatch = System.Diagnostics.Stopwatch.StartNew();
    private int _started;
    private int _completed;
    private int _errorCount;

    public void CallStarted() => Interlocked.Increment(ref _started);

    public void OnEvent(SimulatedCall call, CallEvent callEvent)
    {
    }

    public void OnWebhook(SimulatedCall call, WebhookRecord record)
    {
        lock (_lock)
        {
            if (record.Error is { } error)
            {
                _errorCount++;
                var kind = $"{record.Purpose}: {error}";
                _errors[kind] = _errors.GetValueOrDefault(kind) + 1;
            }
            else
            {
                _latencies.Add((record.Purpose, record.Latency.TotalMilliseconds));
            }
        }
    }

    public void OnCompleted(SimulatedCall call)
    {
        var outcome = $"{call.Status} ({call.EndReason})";
        lock (_lock)
        {
            _outcomes[outcome] = _outcomes.GetValueOrDefault(outcome) + 1;
        }

        Interlocked.Increment(ref _completed);
    }

    public LoadSnapshot Snapshot()
    {
        lock (_lock)
        {
            return new LoadSnapshot(
                Volatile.Read(ref _started),
                Volatile.Read(ref _completed),
                _latencies.Count + _errorCount,
                _errorCount,
                _stopwatch.Elapsed,
                Summarize(_latencies.Select(l => l.Milliseconds)),
                _latencies.GroupBy(l => l.Purpose).ToDictionary(g => g.Key, g => Summarize(g.Select(l => l.Milliseconds))),
                new Dictionary<string, int>(_errors),
                new Dictionary<string, int>(_outcomes));
        }
    }

    public static LatencySummary Summarize(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return new LatencySummary(0, 0, 0, 0, 0);
        }

        return new LatencySummary(sorted.Length, Percentile(sorted, 0.50), Percentile(sorted, 0.95), Percentile(sorted, 0.99), sorted[^1]);
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    public static double Percentile(double[] sorted, double fraction)
    {
        var rank = (int)Math.Ceiling(fraction * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
