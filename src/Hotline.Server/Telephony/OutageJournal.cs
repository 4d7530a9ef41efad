using Hotline.Server.Hosting;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Hotline.Server.Telephony;

/// <summary>What a webhook that could not reach the database still had to record.</summary>
public enum JournalEntryKind
{
    /// <summary>A caller arrived and was enqueued without a database record.</summary>
    Arrived,
    /// <summary>A call status callback (e.g. completed).</summary>
    Status,
    /// <summary>The Enqueue action (hang-up while waiting, leave, bridged).</summary>
    QueueResult,
    /// <summary>A voicemail recording became available.</summary>
    Recording,
}

/// <summary>No personal data: the caller is only a keyed hash.</summary>
public sealed record JournalEntry(
    JournalEntryKind Kind,
    string CallSid,
    DateTimeOffset At,
    string? CallerHash = null,
    string? Status = null,
    int? QueueSeconds = null,
    string? RecordingSid = null,
    string? RecordingUrl = null,
    int? RecordingSeconds = null,
    string? IdempotencyToken = null);

/// <summary>
/// A durable local buffer for webhooks that arrive while PostgreSQL is unreachable: one file per entry,
/// written to a temporary name, flushed to disk, then renamed, so a crash never leaves half an entry.
/// </summary>
public sealed class OutageJournal
{
    private readonly string _directory;

    public OutageJournal(IOptions<TelephonyOptions> options, IHostEnvironment environment)
    {
        _directory = Path.GetFullPath(options.Value.OutageJournalPath, environment.ContentRootPath);
        System.IO.Directory.CreateDirectory(_directory);
    }

    public void Append(JournalEntry entry)
    {
        var name = $"{entry.At.UtcTicks:D20}-{Guid.NewGuid():N}";
        var temporary = Path.Combine(_directory, name + ".tmp");
        using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.WriteThrough))
        {
            JsonSerializer.Serialize(stream, entry);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, Path.Combine(_directory, name + ".json"));
    }

    /// <summary>Whether an entry could be written now: a probe file is created, flushed and removed.</summary>
    public bool AcceptsWrites()
    {
        try
        {
            var probe = Path.Combine(_directory, $"probe-{Guid.NewGuid():N}.tmp");
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.WriteThrough | FileOptions.DeleteOnClose))
            {
            }

            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Pending entries, oldest first.</summary>
    public IReadOnlyList<(string File, JournalEntry Entry)> Pending()
    {
        var entries = new List<(string, JournalEntry)>();
        foreach (var file in System.IO.Directory.EnumerateFiles(_directory, "*.json").Order(StringComparer.Ordinal))
        {
            try
            {
                var entry = JsonSerializer.Deserialize<JournalEntry>(File.ReadAllBytes(file));
                if (entry is not null)
                {
                    entries.Add((file, entry));
                }
            }
            catch (FileNotFoundException)
            {
                // Applied and removed meanwhile.
            }
        }

        return entries;
    }

    /// <summary>Entries waiting for the database, and entries set aside after a failed replay (a file count, no reading).</summary>
    public (int Pending, int SetAside) Backlog() =>
        (System.IO.Directory.EnumerateFiles(_directory, "*.json").Count(), System.IO.Directory.EnumerateFiles(_directory, "*.failed").Count());

    public static void Remove(string file) => File.Delete(file);

    public static void SetAside(string file) => File.Move(file, file + ".failed", overwrite: true);

    /// <summary>True when an exception means "the database cannot be reached now" rather than a bug.</summary>
    public static bool IsDatabaseOutage(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case PostgresException postgres:
                    // Server-side errors are bugs, except the server shutting down or refusing connections.
                    return postgres.SqlState is "57P01" or "57P02" or "57P03" or "53300" or "08006" or "08001";
                case NpgsqlException:
                case TimeoutException:
                case OperationCanceledException:
                case System.Net.Sockets.SocketException:
                    return true;
                case DbUpdateException or InvalidOperationException:
                    continue;
            }
        }

        return false;
    }
}

/// <summary>Replays the journal into the database once it answers again.</summary>
public sealed class OutageJournalReconciler(
    OutageJournal journal,
    IServiceScopeFactory scopes,
    TimeProvider time,
    ILogger<OutageJournalReconciler> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _gate = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var timer = new ClockTicker(Interval, time);
        do
        {
            await ReconcileAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Applies pending entries in order; stops at the first outage and tries again later.</summary>
    public async Task<int> ReconcileAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await ReconcilePendingAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<int> ReconcilePendingAsync(CancellationToken cancellationToken)
    {
        var applied = 0;
        foreach (var (file, entry) in journal.Pending())
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<JournalReplay>().ApplyJournalEntryAsync(entry, cancellationToken);
                OutageJournal.Remove(file);
                applied++;
            }
            catch (Exception exception) when (OutageJournal.IsDatabaseOutage(exception) && !cancellationToken.IsCancellationRequested)
            {
                logger.LogDebug("Database still unreachable; journal entries wait");
                break;
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested && exception is not OperationCanceledException)
            {
                // Never lose it, never loop on it: set it aside for an operator and go on.
                logger.LogError(exception, "Could not apply journal entry {Kind} for call {CallSid}; kept as {File}.failed", entry.Kind, entry.CallSid, file);
                OutageJournal.SetAside(file);
            }
        }

        if (applied > 0)
        {
            logger.LogInformation("Reconciled {Count} webhook(s) recorded while the database was unreachable", applied);
        }

        return applied;
    }
}
