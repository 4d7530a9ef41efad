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
    /// <summary>A family wrote through the public contact page: a work item, never a call on the line.</summary>
    WebMessage,
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
    /// <summary>A message from the contact page arrived (held for a supervisor's review when the board is full).</summary>
    WebMessageReceived,
    /// <summary>A supervisor put a held web message on the board.</summary>
    ReleasedFromReview,
    /// <summary>Supervisors were alerted: the caller waited past Console:WaitAlert with no counsellor Available.</summary>
    WaitAlerted,
    /// <summary>The counsellor's wrap-up after the call ended (ended, timed out or left): the end of its handle time.</summary>
    WrapUpEnded,
}

/// <summary>When the family said calling them is safe (a discreet callback). Local line time.</summary>
public enum CallbackWindow
{
    /// <summary>Any time the line is open.</summary>
    AnyTime,
    /// <summary>Before noon.</summary>
    Morning,
    /// <summary>From noon.</summary>
    Afternoon,
}
