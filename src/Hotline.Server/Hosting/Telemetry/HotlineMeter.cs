using System.Diagnostics.Metrics;

namespace Hotline.Server.Hosting.Telemetry;

/// <summary>
/// The project's own meter, shared by the features that publish measurements (each feature owns its instruments:
/// Calls the wait times, Telephony the webhooks and the outage journal, the live console the offers and hub
/// connections, Referrals the overdue ones). Labels never carry personal data: no CallSid, no phone number, no name,
/// nothing finer than a département.
/// </summary>
public sealed class HotlineMeter(IMeterFactory factory)
{
    public const string Name = "Hotline";

    public Meter Meter { get; } = factory.Create(Name);

    /// <summary>Bucket bounds for request latencies (seconds): Twilio waits 15 s for a webhook before its fallback.</summary>
    public static readonly IReadOnlyList<double> LatencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 15];

    /// <summary>Bucket bounds for a caller's wait (seconds): the service level is 30 s, the longest wait offered 10 min.</summary>
    public static readonly IReadOnlyList<double> WaitBuckets = [5, 10, 20, 30, 45, 60, 90, 120, 180, 300, 600, 900, 1800];
}

/// <summary>
/// A feature's set of instruments. Registered as a singleton and as this interface, so the telemetry set-up creates it
/// at start-up: an observable gauge exists (and is scraped) from the start, not from its first use.
/// </summary>
public interface IHotlineInstruments;

public static class InstrumentRegistration
{
    /// <summary>A feature's instruments: one instance, created at start-up with the others.</summary>
    public static IServiceCollection AddInstruments<TInstruments>(this IServiceCollection services)
        where TInstruments : class, IHotlineInstruments
    {
        services.AddSingleton<TInstruments>();
        services.AddSingleton<IHotlineInstruments>(provider => provider.GetRequiredService<TInstruments>());
        return services;
    }
}
