using Hotline.Telephony.Simulator.Twiml;

namespace Hotline.Telephony.Simulator.Calls;

/// <summary>What to do after a verb: go on, fetch TwiML, execute TwiML, or stop for a reason.</summary>
internal abstract record Flow
{
    public static readonly Flow Continue = new ContinueFlow();
    public static readonly Flow HungUp = new HungUpFlow();
    public static readonly Flow Interrupted = new InterruptedFlow();
    public static readonly Flow Leave = new LeaveFlow();
}

/// <summary>Go on with the next verb.</summary>
internal sealed record ContinueFlow : Flow;

/// <summary>Request TwiML from a URL (action, Redirect, wait URL) with extra parameters.</summary>
internal sealed record FetchFlow(Uri Url, string Method, IReadOnlyList<KeyValuePair<string, string>> Parameters, string Purpose) : Flow;

/// <summary>Execute TwiML already fetched; relative URLs in it resolve against <see cref="Url"/>.</summary>
internal sealed record DocumentFlow(TwimlDocument Document, Uri Url) : Flow;

/// <summary>The call ends (Hangup, Reject, end of TwiML, error).</summary>
internal sealed record EndFlow(string Reason, string FinalStatus = "completed") : Flow;

/// <summary>The caller hung up.</summary>
internal sealed record HungUpFlow : Flow;

/// <summary>An order arrived from outside (<see cref="CallControl"/>).</summary>
internal sealed record InterruptedFlow : Flow;

/// <summary>&lt;Leave&gt;: out of the queue, on with the verb after &lt;Enqueue&gt;.</summary>
internal sealed record LeaveFlow : Flow;

/// <summary>Where TwiML runs: the call itself, the queue's wait URL, or the announcement before a bridge.</summary>
internal enum TwimlContext
{
    Call,
    Hold,
    Announcement,
}
