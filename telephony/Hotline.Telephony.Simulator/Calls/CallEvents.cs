namespace Hotline.Telephony.Simulator.Calls;

public enum CallEventKind
{
    /// <summary>The call starts, is answered, changes state.</summary>
    Progress,
    ServerSays,
    ServerPlays,
    Pause,
    CallerTypes,
    CallerSays,
    CallerSilent,
    Queue,
    Dial,
    Record,
    Warning,
    Error,
    Hangup,
}

/// <summary>One line of a call's transcript; <see cref="At"/> is simulated time since the call started.</summary>
public sealed record CallEvent(TimeSpan At, CallEventKind Kind, string Text);

/// <summary>Receives what calls do. Implementations must be thread-safe: many calls report at once.</summary>
public interface ICallObserver
{
    void OnEvent(SimulatedCall call, CallEvent callEvent);

    /// <summary>A request for the call's TwiML is about to be sent (the console benchmark takes its t0 here).</summary>
    void OnWebhookSending(SimulatedCall call, string purpose, Uri url)
    {
    }

    void OnWebhook(SimulatedCall call, WebhookRecord record);

    void OnCompleted(SimulatedCall call);
}

/// <summary>Observes nothing.</summary>
public sealed class NullCallObserver : ICallObserver
{
    public static readonly NullCallObserver Instance = new();

    public void OnEvent(SimulatedCall call, CallEvent callEvent)
    {
    }

    public void OnWebhook(SimulatedCall call, WebhookRecord record)
    {
    }

    public void OnCompleted(SimulatedCall call)
    {
    }
}
