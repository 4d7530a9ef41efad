namespace Hotline.Telephony.Simulator.Twiml;

/// <summary>A parsed TwiML document: the verbs of its <c>&lt;Response&gt;</c>, in order.</summary>
public sealed record TwimlDocument(IReadOnlyList<TwimlVerb> Verbs);

/// <summary>One TwiML verb. URLs are kept as written (possibly relative): the follower resolves them.</summary>
public abstract record TwimlVerb(string Name);

public sealed record SayVerb(string Text, string? Voice, string? Language, int Loop) : TwimlVerb("Say");

public sealed record PlayVerb(string? Url, int Loop, string? Digits) : TwimlVerb("Play");

public sealed record PauseVerb(int Length) : TwimlVerb("Pause");

[Flags]
public enum GatherInput
{
    None = 0,
    Dtmf = 1,
    Speech = 2,
}

public sealed record GatherVerb(
    string? Action,
    string Method,
    int Timeout,
    string FinishOnKey,
    int? NumDigits,
    GatherInput Input,
    bool ActionOnEmptyResult,
    string? Language,
    IReadOnlyList<TwimlVerb> Prompts) : TwimlVerb("Gather");

public sealed record RedirectVerb(string Url, string Method) : TwimlVerb("Redirect");

public sealed record RecordVerb(
    string? Action,
    string Method,
    int MaxLength,
    int Timeout,
    string FinishOnKey,
    bool PlayBeep,
    string? RecordingStatusCallback,
    string RecordingStatusCallbackMethod) : TwimlVerb("Record");

public sealed record EnqueueVerb(string QueueName, string? Action, string Method, string? WaitUrl, string WaitUrlMethod)
    : TwimlVerb("Enqueue");

public enum DialTargetKind
{
    Number,
    Client,
    Sip,
    Queue,
    Conference,
}

/// <summary>A noun of <c>&lt;Dial&gt;</c>; for a queue, <see cref="Url"/> is played to the dequeued caller first.</summary>
public sealed record DialTarget(DialTargetKind Kind, string Value, string? Url = null, string Method = "POST");

public sealed record DialVerb(string? Action, string Method, int Timeout, string? CallerId, IReadOnlyList<DialTarget> Targets)
    : TwimlVerb("Dial");

public sealed record HangupVerb() : TwimlVerb("Hangup");

public sealed record RejectVerb(string Reason) : TwimlVerb("Reject");

public sealed record LeaveVerb() : TwimlVerb("Leave");

/// <summary>A verb the simulator does not act on (Twilio would, e.g. &lt;Sms&gt;, &lt;Connect&gt;): reported and skipped.</summary>
public sealed record UnsupportedVerb(string VerbName) : TwimlVerb(VerbName);
