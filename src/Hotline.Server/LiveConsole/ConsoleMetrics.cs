using System.Diagnostics.Metrics;
using Hotline.Server.Hosting.Telemetry;
using Hotline.Server.Identity;

namespace Hotline.Server.LiveConsole;

/// <summary>
/// The live console's instruments: offers made (<c>by</c> = dispatcher | supervisor), expired and declined (counters,
/// on the instance that made or closed them: sum over instances), <c>hotline.hub.connections</c>, the console
/// connections open on this instance, and the background work a burst of callers causes: dispatcher passes by
/// <c>kind</c> (<c>full</c>, or <c>offers</c> when woken between two full passes) and changed calls per published batch.
/// </summary>
public sealed class ConsoleMetrics : IHotlineInstruments
{
    private readonly Counter<long> _made;
    private readonly Counter<long> _expired;
    private readonly Counter<long> _declined;
    private readonly Counter<long> _passes;
    private readonly Histogram<int> _published;

    public ConsoleMetrics(HotlineMeter meter, HubSessions sessions)
    {
        _made = meter.Meter.CreateCounter<long>("hotline.offers.made", unit: "{offer}", description: "Calls and items offered to a counsellor");
        _expired = meter.Meter.CreateCounter<long>("hotline.offers.expired", unit: "{offer}", description: "Offers not answered in Console:OfferTimeout");
        _declined = meter.Meter.CreateCounter<long>("hotline.offers.declined", unit: "{offer}", description: "Offers a counsellor declined");
        meter.Meter.CreateObservableGauge("hotline.hub.connections", () => sessions.Count,
            unit: "{connection}", description: "Console (SignalR hub) connections open on this instance");
        _passes = meter.Meter.CreateCounter<long>("hotline.dispatcher.passes", unit: "{pass}",
            description: "Dispatcher passes: full (offers, expiries, wrap-ups, sweeps) or offers only (woken between two full passes)");
        _published = meter.Meter.CreateHistogram<int>("hotline.console.published_calls", unit: "{call}",
            description: "Changed calls published to the consoles together, per batch",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 5, 10, 20, 50, 100, 200] });
    }

    public void DispatcherPass(bool full) => _passes.Add(1, new KeyValuePair<string, object?>("kind", full ? "full" : "offers"));

    public void Published(int calls) => _published.Record(calls);

    public void OfferMade(bool bySupervisor) =>
        _made.Add(1, new KeyValuePair<string, object?>("by", bySupervisor ? "supervisor" : "dispatcher"));

    public void OfferClosed(OfferOutcome outcome)
    {
        switch (outcome)
        {
            case OfferOutcome.Expired:
                _expired.Add(1);
                break;
            case OfferOutcome.Declined:
                _declined.Add(1);
                break;
        }
    }
}
