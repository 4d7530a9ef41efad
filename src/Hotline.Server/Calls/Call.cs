namespace Hotline.Server.Calls;

/// <summary>
/// One inbound call to the line. Never holds the caller's number in clear. Its status changes only here
/// (<see cref="MoveTo"/>, along <see cref="CallStateMachine"/>) or in <see cref="CallTransitions"/> (races settled in SQL).
/// </summary>
public sealed class Call
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>Twilio's CallSid: the natural key every webhook carries.</summary>
    public required string CallSid { get; set; }

    /// <summary>Keyed HMAC of the caller's number (repeat-caller recognition); null when withheld.</summary>
    public string? CallerHash { get; set; }

    /// <summary>Private setter: only this class and EF write it (see <see cref="MoveTo"/>).</summary>
    public CallStatus Status { get; private set; } = CallStatus.InMenu;

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

    /// <summary>When the counsellor's wrap-up after this call ended (<see cref="CallEventKind.WrapUpEnded"/>): handle time ends there.</summary>
    public DateTimeOffset? WrapUpEndedAt { get; set; }

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

    /// <summary>
    /// Whether the family allows a message to be left on the callback number; null when not said, treated as no
    /// (the discreet default: someone at home may hear it).
    /// </summary>
    public bool? CallbackMessageAllowed { get; set; }

    /// <summary>When calling back is safe; null when not said (any time).</summary>
    public CallbackWindow? CallbackWindow { get; set; }

    /// <summary>
    /// A web message beyond <c>Contact:MaxOpenItems</c>: kept, but off the board until a supervisor reviews it
    /// (a flood must not push genuine items out of sight).
    /// </summary>
    public bool HeldForReview { get; set; }

    /// <summary>An admin froze this record (a legal request): no retention rule touches it.</summary>
    public bool LegalHold { get; set; }

    public string? LegalHoldReason { get; set; }

    /// <summary>When retention removed what could identify the caller (the statistics remain).</summary>
    public DateTimeOffset? AnonymisedAt { get; set; }

    public List<CallEvent> Events { get; set; } = [];

    /// <summary>A call we see for the first time: in the menu, with its <see cref="CallEventKind.Entered"/> event.</summary>
    public static Call Enter(string callSid, string? callerHash, DateTimeOffset at, string? detail = null)
    {
        var call = new Call { CallSid = callSid, CallerHash = callerHash, ReceivedAt = at };
        call.Record(CallEventKind.Entered, at, detail);
        return call;
    }

    /// <summary>
    /// A message from the contact page: a work item from the start. Its CallSid is <c>WEB-</c> and the reference the
    /// family was given (unique like every CallSid, and never a Twilio one).
    /// </summary>
    public static Call ReceiveWebMessage(string reference, CallMotive motive, DateTimeOffset at, bool held)
    {
        var call = new Call
        {
            CallSid = WebMessagePrefix + reference,
            Status = CallStatus.WebMessage,
            Motive = motive,
            Priority = WebPriorityOf(motive),
            ReceivedAt = at,
            QueuedAt = at,
            HeldForReview = held,
        };
        call.Record(CallEventKind.WebMessageReceived, at, held ? "held for review" : null);
        return call;
    }

    public const string WebMessagePrefix = "WEB-";

    /// <summary>A written message waits less urgently than a caller on the line: never above an urgent call.</summary>
    public static int WebPriorityOf(CallMotive motive) => motive switch
    {
        CallMotive.Urgent => PriorityOf(CallMotive.Urgent) - 5,
        _ => PriorityOf(motive),
    };

    /// <summary>
    /// Moves the call along <see cref="CallStateMachine"/> and records the event; false (nothing changed)
    /// when the move is not legal from where the call is (a late or duplicate webhook).
    /// </summary>
    public bool MoveTo(CallStatus to, DateTimeOffset at, string? detail = null)
    {
        if (!CallStateMachine.CanMove(Status, to))
        {
            return false;
        }

        Status = to;
        switch (to)
        {
            case CallStatus.Queued:
                QueuedAt ??= at;
                // A queued call is nobody's (back from a failed connection: the counsellor is released).
                CounsellorId = null;
                break;
            case CallStatus.Connected:
                AnsweredAt ??= at;
                WaitSeconds ??= WaitedSeconds(at);
                break;
        }

        var kind = to switch
        {
            CallStatus.Queued => CallEventKind.Queued,
            CallStatus.Abandoned => CallEventKind.Abandoned,
            CallStatus.Completed => CallEventKind.Completed,
            CallStatus.Voicemail => CallEventKind.Voicemail,
            CallStatus.CallbackRequested => CallEventKind.CallbackRequested,
            CallStatus.Connected => CallEventKind.Connected,
            CallStatus.Offered => CallEventKind.Offered,
            _ => (CallEventKind?)null,
        };
        if (kind is not null)
        {
            Record(kind.Value, at, detail);
        }

        return true;
    }

    /// <summary>
    /// An offer to a counsellor: a queued call becomes Offered (an offered one stays so, reassigned);
    /// voicemail and callback items keep their status, the pending offer marks them. The event is recorded either way.
    /// </summary>
    public void Offer(Guid counsellorId, DateTimeOffset at, bool bySupervisor)
    {
        var detail = bySupervisor ? $"counsellor={counsellorId} by-supervisor" : $"counsellor={counsellorId}";
        if (!MoveTo(CallStatus.Offered, at, detail))
        {
            Record(CallEventKind.Offered, at, detail);
        }
    }

    /// <summary>An event that changes no status (menu choice, announcement, …).</summary>
    public void Record(CallEventKind kind, DateTimeOffset at, string? detail = null) =>
        Events.Add(new CallEvent { Kind = kind, At = at, Detail = detail });

    /// <summary>Seconds since the caller joined the queue (or arrived, when never queued).</summary>
    public int WaitedSeconds(DateTimeOffset at) => (int)Math.Max(0, (at - (QueuedAt ?? ReceivedAt)).TotalSeconds);

    public static int PriorityOf(CallMotive motive) => motive switch
    {
        CallMotive.Urgent => 30,
        CallMotive.Signal => 20,
        CallMotive.Question => 10,
        _ => 0,
    };
}
