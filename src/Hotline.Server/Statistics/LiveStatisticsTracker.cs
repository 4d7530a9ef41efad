using System.Collections.Concurrent;
using System.Threading.Channels;
using Hotline.Server.Calls;
using Hotline.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Hotline.Server.Statistics;

/// <summary>
/// The wallboard's figures, kept incrementally: today's calls are loaded once (at start and at midnight, line time),
/// then each changed call is read again alone and its old contribution replaced by its new one — never a recount of
/// the day. Pushes to supervisors are coalesced: at most one a second, as soon as a change allows.
/// </summary>
public sealed class LiveStatisticsTracker(
    IServiceScopeFactory scopes,
    TimeProvider time,
    IOptions<StatisticsOptions> options,
    ILogger<LiveStatisticsTracker> logger) : BackgroundService, IConsoleActivity
{
    private static readonly TimeSpan PushInterval = TimeSpan.FromSeconds(1);

    /// <summary>A change nobody signalled (another instance, a lost signal) shows within this.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);

    /// <summary>
    /// An event id is taken from a sequence when its row is inserted and seen when its transaction commits, so an id
    /// below the last one read may still appear: each missing id is asked for again this long, then taken as rolled back.
    /// </summary>
    private static readonly TimeSpan CommitLag = TimeSpan.FromSeconds(30);

    /// <summary>How far below the newest event a (re)load of the day looks for ids not yet committed.</summary>
    private const int GapSearchOnLoad = 1000;

    /// <summary>
    /// More changed calls than this in one pass (and than a quarter of the day's), or a jump in the ids, and the day is
    /// reloaded instead (one aggregate; measured: the day's 100,000 calls in 500 ms, 1,000 changed calls in 12 ms).
    /// </summary>
    private const int MaxCallsPerPass = 2000;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<Guid, byte> _changedCalls = new();
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Dictionary<Guid, CallContribution> _today = [];
    private CallSums _sums = CallSums.Zero;
    private int[] _hours = new int[24];
    private int[] _lastWeekHours = new int[24];
    private string? _day;
    private LiveStatistics? _pushed;
    private DateTimeOffset _refreshedAt = DateTimeOffset.MinValue;

    /// <summary>The highest event id read; every event is read once.</summary>
    private long _lastEventId;

    /// <summary>Ids below <see cref="_lastEventId"/> not seen yet (a transaction still open when read), with when first missed.</summary>
    private readonly Dictionary<long, DateTimeOffset> _missingEventIds = [];

    private TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    public void CallChanged(Guid callId)
    {
        _changedCalls.TryAdd(callId, 0);
        _wake.Writer.TryWrite(true);
    }

    public void PresenceChanged() => _wake.Writer.TryWrite(true);

    /// <summary>The figures now (the changes signalled so far applied first).</summary>
    public async Task<LiveStatistics> CurrentAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            return await RefreshAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                await Task.WhenAny(_wake.Reader.WaitToReadAsync(wait.Token).AsTask(), Task.Delay(PollInterval, time, wait.Token));
                await wait.CancelAsync();
                _wake.Reader.TryRead(out _);
                // Coalescing: a burst of changes makes one pass (and at most one push) a second, whether the
                // figures moved or not: calls in the menu change often without changing a figure.
                var sinceRefresh = time.GetUtcNow() - _refreshedAt;
                if (sinceRefresh < PushInterval)
                {
                    await Task.Delay(PushInterval - sinceRefresh, time, stoppingToken);
                }

                await PushIfChangedAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                // The database may be away: the wallboard waits, the host stays up.
                logger.LogWarning(exception, "Live statistics update failed; retrying");
                _day = null; // reload from scratch once the database answers
                await Task.Delay(PollInterval, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task PushIfChangedAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var current = await RefreshAsync(cancellationToken);
            _refreshedAt = time.GetUtcNow();
            if (_pushed is null || !SameFigures(_pushed, current))
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<IStatisticsPublisher>().StatisticsChangedAsync(current);
                _pushed = current;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The longest wait grows by itself every second: only a change of anything else is worth a push.</summary>
    private static bool SameFigures(LiveStatistics a, LiveStatistics b) =>
        a.Waiting == b.Waiting && a.Today == b.Today && a.Counsellors.SequenceEqual(b.Counsellors) && a.Hours.SequenceEqual(b.Hours)
        && (a.LongestWaitSeconds is null) == (b.LongestWaitSeconds is null);

    /// <summary>Under the gate: reloads the day when it changed, applies the changed calls, reads the queue and presence.</summary>
    private async Task<LiveStatistics> RefreshAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var zone = Zone;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        var dayKey = StatisticsReports.PeriodKey(StatisticsGroupBy.Day, today);
        if (_day != dayKey)
        {
            await LoadDayAsync(db, today, zone, cancellationToken);
            _day = dayKey;
        }
        else
        {
            await ApplyChangesAsync(db, now, today, zone, cancellationToken);
        }

        var queue = (await db.Database.SqlQueryRaw<QueueNow>(
            $"""
            SELECT count(*)::int AS waiting, min(c.queued_at) AS oldest_queued_at FROM calls c
            WHERE c.status IN ('{nameof(CallStatus.Queued)}', '{nameof(CallStatus.Offered)}', '{nameof(CallStatus.Connecting)}')
            """).ToListAsync(cancellationToken)).Single();
        var counsellors = await scope.ServiceProvider.GetRequiredService<ICounsellorStateCounts>().CountAsync(cancellationToken);
        return new LiveStatistics(
            now,
            options.Value.ServiceLevelSeconds,
            queue.Waiting,
            queue.OldestQueuedAt is { } oldest ? (int)Math.Max(0, (now - oldest).TotalSeconds) : null,
            _sums.ToDayFigures(),
            counsellors,
            [.. Enumerable.Range(0, 24).Select(hour => new HourCount(hour, _hours[hour], _lastWeekHours[hour]))]);
    }

    /// <summary>Today's calls, one contribution each, in one query; and last week's same day per hour (a count per hour).</summary>
    private async Task LoadDayAsync(HotlineDbContext db, DateOnly today, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        _changedCalls.Clear(); // read below as they are now
        // Events from here on are read as changes (on every instance, signalled or not); so are those of transactions
        // still open now, whose ids are the holes among the latest ones.
        var latest = await db.Database.SqlQueryRaw<long>(
            "SELECT id AS \"Value\" FROM call_events WHERE id > (SELECT COALESCE(max(id), 0) FROM call_events) - @span ORDER BY id",
            new NpgsqlParameter("span", (long)GapSearchOnLoad)).ToListAsync(cancellationToken);
        _missingEventIds.Clear();
        _lastEventId = latest.Count == 0 ? 0 : Math.Max(0, latest[^1] - GapSearchOnLoad);
        NoteRead(latest, time.GetUtcNow());
        var contributions = await Contributions(db, "c.queued_at >= @from AND c.queued_at < @to",
            new NpgsqlParameter("from", StartOf(today, zone)), new NpgsqlParameter("to", StartOf(today.AddDays(1), zone))).ToListAsync(cancellationToken);
        _today.Clear();
        _sums = CallSums.Zero;
        _hours = new int[24];
        foreach (var contribution in contributions)
        {
            Add(contribution);
        }

        var lastWeek = today.AddDays(-7);
        var hours = await db.Database.SqlQueryRaw<HourRow>(
            $"""
            SELECT EXTRACT(HOUR FROM c.queued_at AT TIME ZONE @zone)::int AS hour, count(*)::int AS count FROM calls c
            WHERE c.queued_at >= @from AND c.queued_at < @to AND {CallFigures.OfferedCalls} GROUP BY 1
            """,
            new NpgsqlParameter("zone", options.Value.TimeZone), new NpgsqlParameter("from", StartOf(lastWeek, zone)),
            new NpgsqlParameter("to", StartOf(lastWeek.AddDays(1), zone))).ToListAsync(cancellationToken);
        _lastWeekHours = new int[24];
        foreach (var row in hours)
        {
            _lastWeekHours[row.Hour] += row.Count;
        }
    }

    /// <summary>Replaces the contributions of the calls that changed since the last pass (one query for them all).</summary>
    private async Task ApplyChangesAsync(HotlineDbContext db, DateTimeOffset now, DateOnly today, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        // The event log says which calls changed anywhere (another instance, a lost signal): the events after the
        // last one read and those still missing below it, each read once, by the primary key.
        var logged = await db.Database.SqlQueryRaw<LoggedEvent>(
            "SELECT id, call_id FROM call_events WHERE id > @last OR id = ANY(@missing) ORDER BY id",
            new NpgsqlParameter("last", _lastEventId), new NpgsqlParameter("missing", _missingEventIds.Keys.ToArray())).ToListAsync(cancellationToken);
        var calls = logged.Select(e => e.CallId).Distinct().ToList();
        var highest = logged.Count == 0 ? _lastEventId : Math.Max(_lastEventId, logged[^1].Id);
        if (calls.Count > Math.Max(MaxCallsPerPass, _today.Count / 4) || highest - _lastEventId > MaxCallsPerPass * 10L)
        {
            // A bulk change (a replayed journal, an import) or a jump in the ids: one reload of the day costs less.
            await LoadDayAsync(db, today, zone, cancellationToken);
            return;
        }

        foreach (var call in calls)
        {
            _changedCalls.TryAdd(call, 0);
        }

        NoteRead(logged.Select(e => e.Id).ToList(), now);

        var changed = _changedCalls.Keys.ToArray();
        if (changed.Length == 0)
        {
            return;
        }

        foreach (var id in changed)
        {
            _changedCalls.TryRemove(id, out _);
        }

        var fresh = await Contributions(db, "c.id = ANY(@ids)", new NpgsqlParameter("ids", changed)).ToListAsync(cancellationToken);
        foreach (var id in changed)
        {
            if (_today.Remove(id, out var old))
            {
                _sums = _sums.Minus(old.Sums);
                _hours[old.Hour] -= old.Offered;
            }
        }

        foreach (var contribution in fresh.Where(c => c.Day == _day))
        {
            Add(contribution);
        }
    }

    /// <summary>Advances past the ids read (in order), remembering the holes below the highest as missing, for a while.</summary>
    private void NoteRead(List<long> ids, DateTimeOffset now)
    {
        foreach (var id in ids)
        {
            if (!_missingEventIds.Remove(id) && id > _lastEventId)
            {
                for (var missing = _lastEventId + 1; missing < id; missing++)
                {
                    _missingEventIds[missing] = now;
                }

                _lastEventId = id;
            }
        }

        foreach (var expired in _missingEventIds.Where(m => m.Value < now - CommitLag).Select(m => m.Key).ToList())
        {
            _missingEventIds.Remove(expired);
        }
    }

    private void Add(CallContribution contribution)
    {
        _today[contribution.CallId] = contribution;
        _sums = _sums.Plus(contribution.Sums);
        _hours[contribution.Hour] += contribution.Offered;
    }

    /// <summary>Each matching call's own sums (<see cref="CallFigures.Sums"/> grouped by call): the same definitions as the reports.</summary>
    private IQueryable<CallContribution> Contributions(HotlineDbContext db, string where, params NpgsqlParameter[] parameters)
    {
        var settings = options.Value;
        // The condition is one of this class's constants, never input.
        var sql = $"""
            SELECT c.id AS call_id, to_char(c.queued_at AT TIME ZONE @zone, 'YYYY-MM-DD') AS day,
                   EXTRACT(HOUR FROM c.queued_at AT TIME ZONE @zone)::int AS hour,
            {CallFigures.Sums}
            FROM calls c WHERE {where} AND {CallFigures.OfferedCalls}
            GROUP BY c.id
            """;
        return db.Database.SqlQueryRaw<CallContribution>(
            sql,
            [
                .. parameters,
                new NpgsqlParameter("zone", settings.TimeZone),
                new NpgsqlParameter("service_level", (double)settings.ServiceLevelSeconds),
                new NpgsqlParameter("short_abandon", (double)settings.ShortAbandonSeconds),
            ]);
    }

    internal static DateTimeOffset StartOf(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}
