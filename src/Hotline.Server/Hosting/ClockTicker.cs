namespace Hotline.Server.Hosting;

/// <summary>
/// What a background job waits on between passes: <see cref="PeriodicTimer"/>'s schedule (ticks at start + k × period,
/// one pass for any number of missed periods), on a <see cref="TimeProvider"/>, armed one period at a time. A
/// <see cref="PeriodicTimer"/> on a test's FakeTimeProvider replays every missed period when the clock jumps: moving it
/// a year ran the 5-second sweeps six million times (minutes of a test's time) for the single pass that is due.
/// </summary>
public sealed class ClockTicker
{
    private readonly TimeSpan _period;
    private readonly TimeProvider _time;
    private DateTimeOffset _next;

    public ClockTicker(TimeSpan period, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        _period = period;
        _time = time;
        _next = time.GetUtcNow() + period;
    }

    /// <summary>Waits for the next tick (at once when one was missed while the caller worked); throws when cancelled.</summary>
    public async Task<bool> WaitForNextTickAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (_next > now)
        {
            await Task.Delay(_next - now, _time, cancellationToken);
        }
        else
        {
            cancellationToken.ThrowIfCancellationRequested();
        }

        var missed = (_time.GetUtcNow() - _next).Ticks / _period.Ticks;
        _next += _period * (Math.Max(missed, 0) + 1);
        return true;
    }
}
