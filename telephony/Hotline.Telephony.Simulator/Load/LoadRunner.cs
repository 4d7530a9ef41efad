using System.Diagnostics;
using System.Globalization;
using Hotline.Telephony.Simulator.Calls;
using Hotline.Telephony.Simulator.Protocol;

namespace Hotline.Telephony.Simulator.Load;

public sealed record LoadPlan(
    int Calls,
    double CallsPerSecond,
    int MaxConcurrent,
    TimeSpan HangupAfter,
    IReadOnlyList<string> Digits,
    string? PostalCode,
    double AnonymousShare,
    string? FallbackTwiml = null);

/// <summary>
/// Starts calls at a steady rate, never more than <see cref="LoadPlan.MaxConcurrent"/> at once, and stops by itself:
/// each call hangs up after its time, and a deadline hangs up whatever is left. The calls report to
/// <paramref name="observer"/> when given (it must pass what it sees on to <paramref name="statistics"/>).
/// </summary>
public sealed class LoadRunner(SimulatorHost host, LoadStatistics statistics, ICallObserver? observer = null)
{
    public static TimeSpan Deadline(LoadPlan plan, double speed) =>
        TimeSpan.FromSeconds(plan.Calls / plan.CallsPerSecond) + plan.HangupAfter / speed + TimeSpan.FromSeconds(60);

    public async Task RunAsync(LoadPlan plan, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Deadline(plan, host.Clock.Speed));
        using var slots = new SemaphoreSlim(plan.MaxConcurrent);
        var calls = new List<Task>(plan.Calls);
        var stopwatch = Stopwatch.StartNew();
        var endpoint = host.Options.Endpoint;
        try
        {
            for (var i = 0; i < plan.Calls; i++)
            {
                var due = TimeSpan.FromSeconds(i / plan.CallsPerSecond) - stopwatch.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, deadline.Token);
                }

                await slots.WaitAsync(deadline.Token);
                var call = host.PlaceCall(new CallSpec
                {
                    From = Random.Shared.NextDouble() < plan.AnonymousShare ? TwilioFormats.AnonymousCaller : RandomMobile(),
                    To = TwilioFormats.HotlineNumber,
                    Url = endpoint.VoiceUrl,
                    StatusCallback = endpoint.StatusCallbackUrl,
                    HangupAfter = plan.HangupAfter,
                    Script = CallScript.From(plan.Digits, plan.PostalCode, null),
                    FallbackTwiml = plan.FallbackTwiml,
                }, observer ?? statistics, deadline.Token);
                statistics.CallStarted();
                calls.Add(call.Completion.ContinueWith(_ => slots.Release(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default));
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped (Ctrl-C or deadline): the calls already placed hang up and report below.
        }

        await Task.WhenAll(calls);
    }

    private static string RandomMobile() =>
        "+336" + Random.Shared.Next(0, 100_000_000).ToString("D8", CultureInfo.InvariantCulture);
}
