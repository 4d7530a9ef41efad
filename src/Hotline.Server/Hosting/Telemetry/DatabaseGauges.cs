using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;

namespace Hotline.Server.Hosting.Telemetry;

/// <summary>
/// A gauge whose values come from the database. <see cref="DatabaseGaugeRefresher"/> reads it at most every
/// <c>Management:DatabaseGaugeInterval</c> in a scope of its own; a scrape only reads what was cached, so scraping
/// (every instance, as often as Prometheus likes) never queries the database.
/// </summary>
public abstract class DatabaseGauge : IHotlineInstruments
{
    private volatile Measurement<int>[] _current = [];

    protected DatabaseGauge(HotlineMeter meter, string name, string description) =>
        meter.Meter.CreateObservableGauge(name, () => _current, unit: "{item}", description: description);

    /// <summary>The current values, one per label set.</summary>
    protected abstract Task<IReadOnlyList<Measurement<int>>> ReadAsync(IServiceProvider services, CancellationToken cancellationToken);

    internal async Task RefreshAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        _current = [.. await ReadAsync(services, cancellationToken)];

    /// <summary>No value rather than a stale one while the database cannot be read: the dashboard shows a gap.</summary>
    internal void Forget() => _current = [];
}

public sealed class DatabaseGaugeRefresher(
    IEnumerable<IHotlineInstruments> instruments,
    IServiceScopeFactory scopes,
    IOptions<ManagementOptions> options,
    TimeProvider time,
    ILogger<DatabaseGaugeRefresher> logger) : BackgroundService
{
    private readonly DatabaseGauge[] _gauges = [.. instruments.OfType<DatabaseGauge>()];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var timer = new ClockTicker(options.Value.DatabaseGaugeInterval, time);
        try
        {
            do
            {
                await RefreshAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        foreach (var gauge in _gauges)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await gauge.RefreshAsync(scope.ServiceProvider, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                gauge.Forget();
                logger.LogWarning("Gauge {Gauge} not refreshed: {Reason}", gauge.GetType().Name, exception.GetType().Name);
            }
        }
    }
}
