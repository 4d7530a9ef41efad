using System.Diagnostics;

namespace Hotline.Telephony.Simulator.Calls;

/// <summary>
/// Simulated time: speech, pauses, timeouts and hang-up timers run <see cref="Speed"/> times faster than the wall
/// clock (1 = real time). Webhook latency is real; the durations reported to the server are simulated.
/// </summary>
public sealed class SimulationClock
{
    private readonly Stopwatch _stopwatch = Stopwatch.StartNew();
    private readonly TimeProvider _time = TimeProvider.System;

    public SimulationClock(double speed = 1)
    {
        if (!(speed is > 0 and <= 1000))
        {
            throw new ArgumentOutOfRangeException(nameof(speed), speed, "Speed must be in (0, 1000].");
        }

        Speed = speed;
    }

    public double Speed { get; }

    public TimeSpan Elapsed => _stopwatch.Elapsed * Speed;

    public DateTimeOffset UtcNow => _time.GetUtcNow();

    public TimeSpan ToReal(TimeSpan simulated) =>
        simulated == Timeout.InfiniteTimeSpan ? Timeout.InfiniteTimeSpan
        : simulated <= TimeSpan.Zero ? TimeSpan.Zero
        : simulated / Speed;

    /// <summary>Waits a simulated duration; <see cref="Timeout.InfiniteTimeSpan"/> waits until cancelled.</summary>
    public Task DelayAsync(TimeSpan simulated, CancellationToken cancellationToken) =>
        simulated == Timeout.InfiniteTimeSpan || simulated > TimeSpan.Zero
            ? Task.Delay(ToReal(simulated), cancellationToken)
            : cancellationToken.IsCancellationRequested ? Task.FromCanceled(cancellationToken) : Task.CompletedTask;
}
