namespace Hotline.Telephony.Simulator.Calls;

/// <summary>Everything that defines one simulated call before it starts.</summary>
public sealed record CallSpec
{
    public required string From { get; init; }

    public required string To { get; init; }

    /// <summary><c>inbound</c> for a caller ringing the line, <c>outbound-api</c> for a call created with POST /Calls.json.</summary>
    public string Direction { get; init; } = "inbound";

    /// <summary>The first TwiML URL as Twilio sees it (the number's voice URL, or the Url of POST /Calls.json).</summary>
    public Uri? Url { get; init; }

    public string Method { get; init; } = "POST";

    /// <summary>TwiML given inline (the Twiml parameter of POST /Calls.json) instead of <see cref="Url"/>.</summary>
    public string? Twiml { get; init; }

    public Uri? FallbackUrl { get; init; }

    public string FallbackMethod { get; init; } = "POST";

    /// <summary>Static fallback TwiML (e.g. telephony/fallback.xml) used when a webhook fails and no fallback URL is set.</summary>
    public string? FallbackTwiml { get; init; }

    public Uri? StatusCallback { get; init; }

    public string StatusCallbackMethod { get; init; } = "POST";

    /// <summary>Which call-progress events are posted to <see cref="StatusCallback"/> (a phone number only sends completed).</summary>
    public IReadOnlySet<string> StatusCallbackEvents { get; init; } = new HashSet<string>(StringComparer.Ordinal) { "completed" };

    /// <summary>Send the completed status callback a second time with the same idempotency token, as a Twilio retry would.</summary>
    public bool RepeatStatusCallback { get; init; }

    /// <summary>When the caller hangs up (simulated time from the first ring).</summary>
    public TimeSpan HangupAfter { get; init; } = TimeSpan.FromSeconds(30);

    public CallScript Script { get; init; } = CallScript.Empty;

    /// <summary>How long a &lt;Play&gt; lasts, since the simulator does not download the audio.</summary>
    public TimeSpan PlayDuration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long the caller talks during a &lt;Record&gt;.</summary>
    public TimeSpan RecordDuration { get; init; } = TimeSpan.FromSeconds(6);

    /// <summary>How long a dialled party rings before answering.</summary>
    public TimeSpan RingDuration { get; init; } = TimeSpan.FromSeconds(3);

    public string? CallSid { get; init; }

    public string? ParentCallSid { get; init; }
}
