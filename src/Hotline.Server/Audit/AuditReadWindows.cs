using Hotline.Server.Hosting;
using System.Collections.Concurrent;
using Hotline.Server.Data;

namespace Hotline.Server.Audit;

/// <summary>
/// Keeps a signed-in user from flooding the audit trail by re-reading a record: the first read of a record by
/// a user is written at once; the same read again within <see cref="Window"/> is only counted, and the count is
/// written as one entry (<see cref="AuditEntry.Count"/>) when the minute ends. The trail is append-only, so the
/// first entry cannot be updated with the count: the repeats get an entry of their own. Per server instance.
/// </summary>
public sealed class AuditReadWindows(TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private sealed record Key(Guid? UserId, AuditAction Action, AuditOutcome Outcome, string EntityType, string EntityId, string? Address);

    private sealed class Repeats(DateTimeOffset openedAt)
    {
        public DateTimeOffset OpenedAt { get; } = openedAt;

        public int Count { get; set; }
    }

    private readonly Lock _gate = new();
    private readonly Dictionary<Key, Repeats> _open = [];
    private readonly ConcurrentQueue<AuditEntry> _due = new();

    /// <summary>True when this read opens a window (write it now); false when it was counted in an open one.</summary>
    public bool IsFirst(AuditEntry read)
    {
        var key = new Key(read.UserId, read.Action, read.Outcome, read.EntityType, read.EntityId, read.Address);
        lock (_gate)
        {
            if (_open.TryGetValue(key, out var window))
            {
                if (read.At - window.OpenedAt < Window)
                {
                    window.Count++;
                    return false;
                }

                Close(key, window);
            }

            _open[key] = new Repeats(read.At);
            return true;
        }
    }

    /// <summary>Closes the user's open read windows on one record (their repeats are written at the next flush).</summary>
    public void Forget(Guid? userId, string entityType, string entityId)
    {
        lock (_gate)
        {
            foreach (var (key, window) in _open.Where(pair => pair.Key.UserId == userId && pair.Key.EntityType == entityType && pair.Key.EntityId == entityId).ToList())
            {
                Close(key, window);
                _open.Remove(key);
            }
        }
    }

    /// <summary>The entries for the repeats of the windows that are over (all of them when <paramref name="all"/>), taken once.</summary>
    public List<AuditEntry> TakeDue(bool all = false)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            foreach (var (key, window) in _open.Where(pair => all || now - pair.Value.OpenedAt >= Window).ToList())
            {
                Close(key, window);
                _open.Remove(key);
            }
        }

        var due = new List<AuditEntry>();
        while (_due.TryDequeue(out var entry))
        {
            due.Add(entry);
        }

        return due;
    }

    private void Close(Key key, Repeats window)
    {
        if (window.Count > 0)
        {
            _due.Enqueue(new AuditEntry
            {
                At = window.OpenedAt,
                UserId = key.UserId,
                Action = key.Action,
                Outcome = key.Outcome,
                EntityType = key.EntityType,
                EntityId = key.EntityId,
                Address = key.Address,
                Count = window.Count,
            });
        }
    }
}

/// <summary>Writes the counted repeats every few seconds, and what is left when the server stops.</summary>
public sealed class AuditReadFlush(AuditReadWindows windows, IServiceScopeFactory scopes, TimeProvider time, ILogger<AuditReadFlush> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var timer = new ClockTicker(TimeSpan.FromSeconds(10), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await FlushAsync(all: false, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await FlushAsync(all: true, CancellationToken.None);
    }

    /// <summary>Writes the repeats due (all of them when <paramref name="all"/>); public so tests need not wait a minute.</summary>
    public async Task FlushAsync(bool all, CancellationToken cancellationToken)
    {
        var due = windows.TakeDue(all);
        if (due.Count == 0)
        {
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
            db.AuditEntries.AddRange(due);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "Writing {Count} counted audit read(s) failed", due.Count);
        }
    }
}
