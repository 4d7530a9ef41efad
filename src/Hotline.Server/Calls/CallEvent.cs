namespace Hotline.Server.Calls;

/// <summary>What happened to a call and when (TimeProvider time): the source of ASA, abandon rate, service level.</summary>
public sealed class CallEvent
{
    public long Id { get; set; }

    public Guid CallId { get; set; }

    public CallEventKind Kind { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>A short, non-personal detail ("motive=Signal", "wait=42s").</summary>
    public string? Detail { get; set; }
}

/// <summary>A webhook already applied (Twilio may deliver the same one twice).</summary>
public sealed class ProcessedWebhook
{
    public required string Key { get; set; }

    public DateTimeOffset ProcessedAt { get; set; }
}
