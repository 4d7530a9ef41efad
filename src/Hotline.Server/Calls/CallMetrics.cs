using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Hotline.Server.Data;
using Hotline.Server.Hosting.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Hotline.Server.Calls;

/// <summary>
/// <c>hotline.call.wait.duration</c>: from joining the queue to being answered, or to hanging up unanswered
/// (<c>outcome</c> = <c>answered</c> | <c>abandoned</c>). Read from the calls being saved, whatever code moved them
/// (<see cref="Call.MoveTo"/> is the only way there), and recorded once the save succeeded: a move lost to a
/// concurrent change is not counted.
/// </summary>
public sealed class CallWaitTimes : SaveChangesInterceptor, IHotlineInstruments
{
    private readonly Histogram<double> _waits;
    private readonly ConditionalWeakTable<DbContext, List<(string Outcome, double Seconds)>> _pending = [];

    public CallWaitTimes(HotlineMeter meter, TimeProvider time)
    {
        Time = time;
        _waits = meter.Meter.CreateHistogram<double>(
            "hotline.call.wait.duration", unit: "s", description: "A caller's wait in the queue, until answered or abandoned",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = HotlineMeter.WaitBuckets });
    }

    private TimeProvider Time { get; }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Collect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Record(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Record(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => Forget(eventData.Context);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    private void Collect(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        context.ChangeTracker.DetectChanges();
        List<(string, double)>? waits = null;
        foreach (var entry in context.ChangeTracker.Entries<Call>())
        {
            var status = entry.Property(c => c.Status);
            if (entry.State != EntityState.Modified || !status.IsModified || status.OriginalValue == status.CurrentValue
                || entry.Entity is not { QueuedAt: { } queuedAt } call)
            {
                continue;
            }

            if (call.Status == CallStatus.Connected && entry.Property(c => c.AnsweredAt).OriginalValue is null && call.AnsweredAt is { } answeredAt)
            {
                (waits ??= []).Add(("answered", Math.Max(0, (answeredAt - queuedAt).TotalSeconds)));
            }
            else if (call.Status == CallStatus.Abandoned && call.AnsweredAt is null)
            {
                // Twilio's own count of the queue time when it gave one, else the time until the hang-up.
                var seconds = call.WaitSeconds ?? ((call.EndedAt ?? Time.GetUtcNow()) - queuedAt).TotalSeconds;
                (waits ??= []).Add(("abandoned", Math.Max(0, seconds)));
            }
        }

        if (waits is null)
        {
            _pending.Remove(context);
        }
        else
        {
            _pending.AddOrUpdate(context, waits);
        }
    }

    private void Record(DbContext? context)
    {
        if (context is not null && _pending.TryGetValue(context, out var waits))
        {
            _pending.Remove(context);
            foreach (var (outcome, seconds) in waits)
            {
                _waits.Record(seconds, new KeyValuePair<string, object?>("outcome", outcome));
            }
        }
    }

    private void Forget(DbContext? context)
    {
        if (context is not null)
        {
            _pending.Remove(context);
        }
    }
}

/// <summary><c>hotline.calls.waiting</c>: callers in the queue now (<c>status</c> = queued | offered | connecting), from the database.</summary>
public sealed class CallsWaitingGauge(HotlineMeter meter)
    : DatabaseGauge(meter, "hotline.calls.waiting", "Callers waiting in the queue (every instance reads the same database)")
{
    private static readonly CallStatus[] Waiting = [CallStatus.Queued, CallStatus.Offered, CallStatus.Connecting];

    protected override async Task<IReadOnlyList<Measurement<int>>> ReadAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<HotlineDbContext>();
        var counts = await db.Calls.AsNoTracking().Where(c => Waiting.Contains(c.Status))
            .GroupBy(c => c.Status).Select(g => new { Status = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Status, g => g.Count, cancellationToken);
        return [.. Waiting.Select(status => new Measurement<int>(counts.GetValueOrDefault(status),
            new KeyValuePair<string, object?>("status", status.ToString().ToLowerInvariant())))];
    }
}
