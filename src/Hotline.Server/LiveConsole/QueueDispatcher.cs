using System.Diagnostics;
using Hotline.Server.Data;
using Hotline.Server.Hosting;
using Hotline.Server.Calls;
using Microsoft.Extensions.Options;

namespace Hotline.Server.LiveConsole;

/// <summary>
/// Keeps the queue moving: publishes changed calls, offers the head of the queue to the longest-idle
/// counsellor, expires offers, ends wrap-ups. Woken by signals, and on a short period anyway so that a
/// lost signal, a restart or another instance's change is picked up.
/// </summary>
public sealed class QueueDispatcher(
    QueueSignals signals,
    IServiceScopeFactory scopes,
    TimeProvider time,
    IOptions<ConsoleOptions> options,
    ConsoleMetrics metrics,
    ILogger<QueueDispatcher> logger) : BackgroundService
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>
    /// When the last full pass started: a wake-up sooner than a dispatch interval after it only offers calls. Expiries,
    /// wrap-up ends, console sweeps and wait alerts are due by the clock (an alert is counted in minutes); under a burst
    /// every queued caller wakes the dispatcher, and with 17,000 callers queued the wait-alert query alone was a tenth
    /// of PostgreSQL's time in bench-webhooks when every wake-up ran it (docs/performance.md).
    /// </summary>
    private DateTimeOffset _fullPassAt = DateTimeOffset.MinValue;

    /// <summary>
    /// Under a burst every queued caller wakes the dispatcher and every changed call signals the publisher, hundreds of
    /// times a second. A wake-up (or a change) this soon after the previous pass (or batch) waits for the rest of this
    /// span and is served with the others that came meanwhile; after a quiet moment it is served at once. Real time,
    /// not the line's clock: it spares the machine's CPU and has no meaning for the calls.
    /// </summary>
    internal static readonly TimeSpan Coalescing = TimeSpan.FromMilliseconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var changes = Task.Run(() => PublishChangesAsync(stoppingToken), stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PassAsync(full: time.GetUtcNow() - _fullPassAt >= options.Value.DispatchInterval, stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The database may be away: keep trying, never take the host down.
                logger.LogWarning(exception, "Dispatch pass failed; retrying");
            }

            var passEndedAt = Stopwatch.GetTimestamp();

            try
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var woken = signals.WakeUps.WaitToReadAsync(wait.Token).AsTask();
                var tick = Task.Delay(options.Value.DispatchInterval, time, wait.Token);
                var first = await Task.WhenAny(woken, tick);
                await wait.CancelAsync();
                if (first == woken)
                {
                    await CoalesceAsync(passEndedAt, stoppingToken);
                }

                signals.WakeUps.TryRead(out _);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }

        await changes;
    }

    /// <summary>One full pass; public so tests with a fake clock can drive it.</summary>
    public Task RunOnceAsync(CancellationToken cancellationToken) => PassAsync(full: true, cancellationToken);

    /// <summary>
    /// A full pass, or one woken by a signal (a caller queued, a counsellor free again) between two full passes, which
    /// only offers waiting calls: one query when nobody is available, instead of seven (bench-webhooks woke the
    /// dispatcher about 680 times a second).
    /// </summary>
    private async Task PassAsync(bool full, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (full)
            {
                _fullPassAt = time.GetUtcNow();
            }

            metrics.DispatcherPass(full);
            await using var scope = scopes.CreateAsyncScope();
            using var pool = scope.ServiceProvider.GetRequiredService<HotlineDbContext>().UseBackgroundPool();
            var offers = scope.ServiceProvider.GetRequiredService<OfferService>();
            if (full)
            {
                await offers.ExpireOffersAsync(cancellationToken);
                await scope.ServiceProvider.GetRequiredService<PresenceService>().SettlePresenceAsync(cancellationToken);
            }

            await offers.OfferWaitingCallsAsync(cancellationToken);
            if (full)
            {
                await offers.AlertLongWaitsAsync(cancellationToken);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private static async Task CoalesceAsync(long previousEndedAt, CancellationToken cancellationToken)
    {
        var remaining = Coalescing - Stopwatch.GetElapsedTime(previousEndedAt);
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining, cancellationToken);
        }
    }

    /// <summary>At most this many changed calls are read and published together.</summary>
    internal const int PublishBatch = 200;

    private async Task PublishChangesAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Guid>(PublishBatch);
        var batchEndedAt = 0L;
        try
        {
            while (await signals.ChangedCalls.WaitToReadAsync(stoppingToken))
            {
                await CoalesceAsync(batchEndedAt, stoppingToken);
                batch.Clear();
                while (batch.Count < PublishBatch && signals.TryTakeChangedCall(out var callId))
                {
                    batch.Add(callId);
                }

                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    using var pool = scope.ServiceProvider.GetRequiredService<HotlineDbContext>().UseBackgroundPool();
                    metrics.Published(batch.Count);
                    await scope.ServiceProvider.GetRequiredService<CallChanges>().SettleAsync(batch, stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    logger.LogWarning(exception, "Publishing {Count} changed call(s) failed", batch.Count);
                }

                batchEndedAt = Stopwatch.GetTimestamp();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}

/// <summary>
/// Marks this instance's console connections alive every <see cref="ConsoleOptions.HeartbeatInterval"/>, so those of an
/// instance that died without running its disconnects (SIGKILL, a host lost) expire after three missed beats and the
/// dispatcher stops offering calls to counsellors it can no longer reach (their pending offers are withdrawn then).
/// </summary>
public sealed class ConsoleHeartbeat(IServiceScopeFactory scopes, TimeProvider time, ServerInstance instance, IOptions<ConsoleOptions> options, ILogger<ConsoleHeartbeat> logger) : BackgroundService
{
    private readonly Lock _lock = new();
    private DateTimeOffset? _beatingSince;

    /// <summary>
    /// Whether other instances' silence means anything: only once this instance has itself been beating for a whole
    /// expiry. Right after a database outage every instance looks silent; the live ones get that long to beat again.
    /// </summary>
    public bool MaySweep(DateTimeOffset now)
    {
        lock (_lock)
        {
            return _beatingSince is { } since && since <= now - options.Value.HeartbeatExpiry;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await BeatAsync(stoppingToken);
        var timer = new ClockTicker(options.Value.HeartbeatInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await BeatAsync(stoppingToken);
        }
    }

    /// <summary>One beat; public so tests with a fake clock can drive it.</summary>
    public async Task BeatAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<Data.HotlineDbContext>();
            await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ExecuteUpdateAsync(
                db.ConsoleConnections.Where(c => c.Instance == instance.Id),
                set => set.SetProperty(c => c.LastSeenAt, now), cancellationToken);
            lock (_lock)
            {
                _beatingSince ??= now;
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            lock (_lock)
            {
                _beatingSince = null;
            }

            logger.LogWarning(exception, "Console heartbeat failed");
        }
    }
}
