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
    ILogger<QueueDispatcher> logger) : BackgroundService
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>
    /// A wait alert is counted in minutes: looking for long waits once per dispatch interval is enough. Every pass did it
    /// before, and a burst of callers wakes the dispatcher dozens of times a second: with 17,000 callers queued, that
    /// query was a tenth of PostgreSQL's time in bench-webhooks (5,029 runs in one run, 0.85 ms each with its planning).
    /// </summary>
    private DateTimeOffset _longWaitsCheckedAt = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var changes = Task.Run(() => PublishChangesAsync(stoppingToken), stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The database may be away: keep trying, never take the host down.
                logger.LogWarning(exception, "Dispatch pass failed; retrying");
            }

            try
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var woken = signals.WakeUps.WaitToReadAsync(wait.Token).AsTask();
                var tick = Task.Delay(options.Value.DispatchInterval, time, wait.Token);
                await Task.WhenAny(woken, tick);
                await wait.CancelAsync();
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
    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            using var pool = scope.ServiceProvider.GetRequiredService<HotlineDbContext>().UseBackgroundPool();
            var offers = scope.ServiceProvider.GetRequiredService<OfferService>();
            await offers.ExpireOffersAsync(cancellationToken);
            await scope.ServiceProvider.GetRequiredService<PresenceService>().SettlePresenceAsync(cancellationToken);
            await offers.OfferWaitingCallsAsync(cancellationToken);
            var now = time.GetUtcNow();
            if (now - _longWaitsCheckedAt >= options.Value.DispatchInterval)
            {
                _longWaitsCheckedAt = now;
                await offers.AlertLongWaitsAsync(cancellationToken);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>At most this many changed calls are read and published together.</summary>
    internal const int PublishBatch = 200;

    private async Task PublishChangesAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Guid>(PublishBatch);
        try
        {
            while (await signals.ChangedCalls.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                while (batch.Count < PublishBatch && signals.TryTakeChangedCall(out var callId))
                {
                    batch.Add(callId);
                }

                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    using var pool = scope.ServiceProvider.GetRequiredService<HotlineDbContext>().UseBackgroundPool();
                    await scope.ServiceProvider.GetRequiredService<CallChanges>().SettleAsync(batch, stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    logger.LogWarning(exception, "Publishing {Count} changed call(s) failed", batch.Count);
                }
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
