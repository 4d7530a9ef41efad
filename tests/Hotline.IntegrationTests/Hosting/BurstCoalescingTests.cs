using System.Diagnostics;
using Hotline.IntegrationTests.Telephony;
using Hotline.Server.Calls;
using Hotline.Server.LiveConsole;
using Hotline.Testing;

namespace Hotline.IntegrationTests.Hosting;

/// <summary>
/// Under a burst of callers every queued call signals the publisher and wakes the dispatcher. Signals this close
/// together are served together: a batch (or a pass) starts at least <see cref="QueueDispatcher.Coalescing"/> after
/// the previous one ended, and every changed call is still published, once. Its own host: the scrape's figures are
/// this burst's only.
/// </summary>
[Collection(nameof(MetricsCollection))]
public sealed class BurstCoalescingTests(MetricsApp app) : IClassFixture<MetricsApp>
{
    private const int Calls = 30;

    [Fact]
    public async Task A_burst_of_changed_calls_is_published_in_a_few_batches_and_passes_each_call_once()
    {
        await using var console = await ConsoleClient.ConnectAsync(app, "counsellor1");
        await console.WaitForAsync<ConsoleSnapshot>("Snapshot");
        var ids = new List<Guid>();
        for (var i = 0; i < Calls; i++)
        {
            var callSid = Twiml.NewCallSid();
            await app.CallIntoQueueAsync(callSid, "2", "13150");
            ids.Add((await app.FindCallAsync(callSid))!.Id);
        }

        foreach (var id in ids)
        {
            await console.WaitForCardAsync(id);
        }

        await Task.Delay(100, TestContext.Current.CancellationToken);
        var before = await app.ScrapeAsync();
        var mark = console.Events.Max(e => e.Sequence ?? 0);

        // One changed call every 2 ms: without coalescing, each is a batch and a pass of its own.
        var signals = app.Service<QueueSignals>();
        var clock = Stopwatch.StartNew();
        foreach (var id in ids)
        {
            signals.CallChanged(id);
            await Task.Delay(2, TestContext.Current.CancellationToken);
        }

        while (console.Events.Count(e => e.Name is "CallQueued" or "CallUpdated" && e.Sequence > mark) < Calls)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "the burst's cards did not all arrive");
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }

        await Task.Delay(QueueDispatcher.Coalescing * 3, TestContext.Current.CancellationToken);
        var elapsed = clock.Elapsed;
        var after = await app.ScrapeAsync();

        double Delta(string name, params (string, string)[] labels) => (after.Value(name, labels) ?? 0) - (before.Value(name, labels) ?? 0);
        // Each call once (the cards counted above), in no more batches than the span allows.
        Assert.Equal(Calls, Delta("hotline_console_published_calls_sum"));
        var atMost = 1 + (int)(elapsed / QueueDispatcher.Coalescing);
        var batches = Delta("hotline_console_published_calls_count");
        Assert.True(batches >= 1 && batches <= Math.Min(atMost, Calls - 1), $"{batches} batches in {elapsed.TotalMilliseconds:F0} ms");
        var offerPasses = Delta("hotline_dispatcher_passes_total", ("kind", "offers"));
        Assert.True(offerPasses >= 1 && offerPasses <= Math.Min(atMost, Calls - 1), $"{offerPasses} passes in {elapsed.TotalMilliseconds:F0} ms");
        // The test's clock does not move: every pass woken by the burst only offered calls.
        Assert.Equal(0, Delta("hotline_dispatcher_passes_total", ("kind", "full")));

        // A dispatch interval later, the next wake-up makes a full pass (offers expired, wrap-ups ended, consoles swept).
        app.Clock.Advance(app.Service<Microsoft.Extensions.Options.IOptions<ConsoleOptions>>().Value.DispatchInterval);
        signals.Wake();
        while ((await app.ScrapeAsync()).Value("hotline_dispatcher_passes_total", ("kind", "full")) == before.Value("hotline_dispatcher_passes_total", ("kind", "full")))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "no full pass after a dispatch interval");
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }
    }
}
