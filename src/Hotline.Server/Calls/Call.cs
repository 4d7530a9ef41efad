namespace Hotline.Server.Calls;

/// <summary>Why the family calls, as chosen in the voice menu. Drives the queue priority.</summary>
public enum CallMotive
{
    Unspecified,
    Question,
    Signal,
    Urgent,
}

/// <summary>A call's life, server-enforced (see <see cref="CallStateMachine"/>).</summary>
public enum CallStatus
{
    /// <summary>The voice webhook arrived; the caller is in the greeting or the menu.</summary>
    InMenu,
    /// <summary>The caller is choosing voicemail or callback (outside hours, or after a long wait).</summary>
    MessageMenu,
    Queued,
    Offered,
    Connecting,
    Connected,
    Completed,
    Abandoned,
    /// <summary>A message was left: a work item for the counsellors.</summary>
    Voicemail,
    /// <summary>The caller asked to be called back: a work item for the counsellors.</summary>
    CallbackRequested,
}

/// <summary>What the caller's postal code told us. Location is always optional.</summary>
public enum CallLocation
{
    NotGiven,
    Resolved,
    /// <summary>The postal code spans several départements: the counsellor chooses.</summary>
    Ambiguous,
    /// <summary>Not a postal code we know (a typo, a CEDEX code).</summary>
    Unknown,
}

public enum CallEventKind
{
    Entered,
    MenuChoice,
    LocationGiven,
    Queued,
    Announced,
    OverflowOffered,
    Offered,
    Connected,
    Abandoned,
    Voicemail,
    CallbackRequested,
    Completed,
    /// <summary>The call arrived while the database was unreachable and was recorded afterwards.</summary>
    Reconciled,
}

/// <summary>One inbound call to the line. Never holds the caller's number in clear.</summary>
public sealed class Call
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>Twilio's CallSid: the natural key every webhook carries.</summary>
    public required string CallSid { get; set; }

    /// <summary>Keyed HMAC of the caller's number (repeat-caller recognition); null when withheld.</summary>
    public string? CallerHash { get; set; }

    public CallStatus Status { get; set; } = CallStatus.InMenu;

    public CallMotive Motive { get; set; } = CallMotive.Unspecified;

    /// <summary>Queue priority derived from the motive (higher first); stored for the queue index.</summary>
    public int Priority { get; set; }

    public CallLocation Location { get; set; } = CallLocation.NotGiven;

    public string? PostalCode { get; set; }

    /// <summary>The département when known (one commune, or several in one département).</summary>
    public string? DepartementCode { get; set; }

    /// <summary>The INSEE code when the postal code designates a single commune.</summary>
    public string? CommuneCode { get; set; }

    /// <summary>Every commune the postal code may designate (INSEE codes).</summary>
    public List<string> CandidateCommuneCodes { get; set; } = [];

    /// <summary>The official geography version the location was resolved with.</summary>
    public string? GeographyVersion { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    public DateTimeOffset? QueuedAt { get; set; }

    public DateTimeOffset? AnsweredAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>Seconds spent in the queue, kept when the caller hung up or was answered.</summary>
    public int? WaitSeconds { get; set; }

    public DateTimeOffset? LastAnnouncedAt { get; set; }

    public DateTimeOffset? OverflowOfferedAt { get; set; }

    /// <summary>The caller pressed the key to leave the queue for voicemail or callback.</summary>
    public bool LeavingQueue { get; set; }

    public int MenuAttempts { get; set; }

    /// <summary>Twilio's queue the caller waits in (from the wait URL), needed to dequeue this caller.</summary>
    public string? QueueSid { get; set; }

    /// <summary>The counsellor holding (or being connected to) the call.</summary>
    public Guid? CounsellorId { get; set; }

    /// <summary>For voicemail and callback items: when a counsellor finished handling it.</summary>
    public DateTimeOffset? HandledAt { get; set; }

    public string? RecordingSid { get; set; }

    public string? RecordingUrl { get; set; }

    public int? RecordingSeconds { get; set; }

    /// <summary>The number to call back, encrypted with Data Protection; only when a callback was asked for.</summary>
    public string? ProtectedCallbackNumber { get; set; }

    /// <summary>An admin froze this record (a legal request): no retention rule touches it.</summary>
    public bool LegalHold { get; set; }

    public string? LegalHoldReason { get; set; }

    /// <summary>When retention removed what could identify the caller (the statistics remain).</summary>
    public DateTimeOffset? AnonymisedAt { get; set; }

    public List<CallEvent> Events { get; set; } = [];

    public static int PriorityOf(CallMotive motive) => motive switch
    {
        CallMotive.Urgent => 30,
        CallMotive.Signal => 20,
        CallMotive.Question => 10,
        _ => 0,
    };
}

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
