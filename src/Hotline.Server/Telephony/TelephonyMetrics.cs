using System.Diagnostics;
using System.Diagnostics.Metrics;
using Hotline.Server.Hosting.Telemetry;

namespace Hotline.Server.Telephony;

/// <summary>
/// <c>hotline.webhook.duration</c>: how long each Twilio webhook took to answer, by IVR step (<c>step</c> = the route's
/// last segment: <c>voice</c>, <c>menu</c>, <c>postal-code</c>, <c>wait</c>, …, a fixed list, never a value from the
/// request); Twilio gives up after 15 s. <c>hotline.outage_journal.backlog</c>: webhooks recorded on this instance's
/// disk while PostgreSQL was unreachable and not yet replayed (<c>state</c> = pending | set_aside).
/// </summary>
public sealed class TelephonyMetrics : IHotlineInstruments
{
    private readonly Histogram<double> _webhooks;

    public TelephonyMetrics(HotlineMeter meter, OutageJournal journal)
    {
        _webhooks = meter.Meter.CreateHistogram<double>(
            "hotline.webhook.duration", unit: "s", description: "Time to answer a Twilio webhook, by IVR step",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = HotlineMeter.LatencyBuckets });
        meter.Meter.CreateObservableGauge("hotline.outage_journal.backlog", () =>
        {
            var (pending, setAside) = journal.Backlog();
            return new[]
            {
                new Measurement<int>(pending, new KeyValuePair<string, object?>("state", "pending")),
                new Measurement<int>(setAside, new KeyValuePair<string, object?>("state", "set_aside")),
            };
        }, unit: "{webhook}", description: "Webhooks journaled during a database outage, not yet replayed (this instance)");
    }

    /// <summary>Times every endpoint of the group it is added to, labelled with the step its route names.</summary>
    public static async ValueTask<object?> TimeWebhook(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await next(context);
        }
        finally
        {
            var http = context.HttpContext;
            if (http.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } route })
            {
                http.RequestServices.GetRequiredService<TelephonyMetrics>()._webhooks.Record(
                    Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("step", route[(route.LastIndexOf('/') + 1)..]));
            }
        }
    }
}
