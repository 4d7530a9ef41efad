using System.Collections.Concurrent;
using System.Net;

namespace Hotline.Telephony.Simulator.Bench;

/// <summary>What a step must answer: its status and, for TwiML, a piece of the body naming the next step.</summary>
public sealed record Expected(HttpStatusCode Status, string Marker = "")
{
    public bool Matches(HttpStatusCode status, string body) =>
        status == Status && (Marker.Length == 0 || body.Contains(Marker, StringComparison.Ordinal));

    /// <summary>The error a wrong answer counts as.</summary>
    public static string ErrorKind(HttpStatusCode status) => (int)status is >= 200 and < 300 ? "réponse inattendue" : $"HTTP {(int)status}";
}

/// <summary>
/// Runs one closed-loop phase: <c>connections</c> clients, each sending its next request as soon as the previous one
/// answered, until the time is up or no request is left.
/// </summary>
public interface ILoadGenerator
{
    /// <summary>Each prepared request sent once; <paramref name="succeeded"/> sees each answered as expected.</summary>
    Task<LoopResult> RunAsync(
        string name, int connections, TimeSpan duration, PreparedRequests requests, Expected expected, Action<LoopRequest> succeeded,
        CancellationToken cancellationToken);

    /// <summary>The same request, again and again (<c>/health/live</c>).</summary>
    Task<LoopResult> RepeatAsync(string name, int connections, TimeSpan duration, Func<LoopRequest> request, Expected expected, CancellationToken cancellationToken);
}

/// <summary>
/// Requests built (and signed) before a phase, handed out once each; those never sent are disposed with it.
/// <c>taken</c> sees each request that was sent.
/// </summary>
public sealed class PreparedRequests(IEnumerable<LoopRequest> requests, Action<LoopRequest>? taken) : IDisposable
{
    private readonly ConcurrentQueue<LoopRequest> _requests = new(requests);
    private int _notSent;

    /// <summary>Requests never sent.</summary>
    public int Left => _requests.Count + Volatile.Read(ref _notSent);

    /// <summary>The next request, marked as sent; null when none is left.</summary>
    public LoopRequest? Next()
    {
        if (!_requests.TryDequeue(out var request))
        {
            return null;
        }

        taken?.Invoke(request);
        return request;
    }

    /// <summary>
    /// Every request at once, for a generator that hands them out itself; it then reports each with
    /// <see cref="Sent"/> or <see cref="NotSent"/>.
    /// </summary>
    public List<LoopRequest> TakeAll()
    {
        var all = new List<LoopRequest>(_requests.Count);
        while (_requests.TryDequeue(out var request))
        {
            all.Add(request);
        }

        return all;
    }

    public void Sent(LoopRequest request) => taken?.Invoke(request);

    public void NotSent(LoopRequest request)
    {
        Interlocked.Increment(ref _notSent);
        request.Message.Dispose();
    }

    public void Dispose()
    {
        while (_requests.TryDequeue(out var request))
        {
            request.Message.Dispose();
        }
    }
}
