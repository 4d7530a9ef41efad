using Hotline.Server.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Hotline.Tests.Hosting;

public sealed class ClockTickerTests
{
    private static readonly TimeSpan _period = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_clock_moved_a_year_gives_one_tick_at_once_and_keeps_the_schedule()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 9, 8, 0, 0, TimeSpan.Zero));
        var start = clock.GetUtcNow();
        var ticker = new ClockTicker(_period, clock);

        var first = ticker.WaitForNextTickAsync(CancellationToken.None);
        Assert.False(first.IsCompleted);
        var moved = System.Diagnostics.Stopwatch.StartNew();
        clock.Advance(TimeSpan.FromDays(365) + TimeSpan.FromSeconds(2));
        Assert.True(moved.Elapsed < TimeSpan.FromSeconds(1), $"moving the clock took {moved.Elapsed}");
        Assert.True(await first);

        // The missed periods make one pass, not 6 million; the next tick is on the original phase.
        var second = ticker.WaitForNextTickAsync(CancellationToken.None);
        Assert.False(second.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.False(second.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(await second);
        Assert.Equal(0, (clock.GetUtcNow() - start).Ticks % _period.Ticks);
    }

    [Fact]
    public async Task A_tick_missed_while_working_comes_at_once_and_cancellation_throws()
    {
        var clock = new FakeTimeProvider();
        var ticker = new ClockTicker(_period, clock);
        clock.Advance(TimeSpan.FromSeconds(12));
        Assert.True(await ticker.WaitForNextTickAsync(CancellationToken.None));

        using var cancel = new CancellationTokenSource();
        var waiting = ticker.WaitForNextTickAsync(cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }
}
