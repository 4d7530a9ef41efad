using Hotline.Telephony.Simulator.Twiml;

namespace Hotline.Telephony.Simulator.Calls;

/// <summary>An order given to a live call from outside its TwiML: the REST API, or another call's &lt;Dial&gt;.</summary>
public abstract record CallControl;

/// <summary>Leave whatever runs and follow the TwiML at this URL (queue member update, call update with Url).</summary>
public sealed record RedirectControl(Uri Url, string Method, string Source) : CallControl;

/// <summary>Leave whatever runs and follow this TwiML (call update with Twiml).</summary>
public sealed record TwimlControl(TwimlDocument Document, Uri DocumentUrl) : CallControl;

/// <summary>End the call (call update with Status=completed or canceled).</summary>
public sealed record EndControl(string Status) : CallControl;

/// <summary>Connect this queued call to the call whose &lt;Dial&gt;&lt;Queue&gt; took it out of the queue.</summary>
public sealed record BridgeControl(CallBridge Bridge, DialTarget Target, Uri DialerDocumentUrl) : CallControl;

/// <summary>Two calls talking to each other; ends when either side leaves.</summary>
public sealed class CallBridge(SimulatedCall dialer, SimulatedCall member)
{
    private readonly TaskCompletionSource<bool> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SimulatedCall Dialer { get; } = dialer;

    public SimulatedCall Member { get; } = member;

    /// <summary>Completes true when the parties are connected, false if the member never got there.</summary>
    public Task<bool> Connected => _connected.Task;

    public Task Ended => _ended.Task;

    public void Connect() => _connected.TrySetResult(true);

    public void End()
    {
        _connected.TrySetResult(false);
        _ended.TrySetResult();
    }
}
