namespace Hotline.Server.Telephony.TwilioRest;

// Outcomes are values, not exceptions: the caller (a counsellor's action) must tell the counsellor what
// happened and, when nothing happened, leave the caller in the queue. Reasons never contain a phone number.

/// <summary>What became of a request to take one caller out of the queue.</summary>
public abstract record DequeueResult
{
    private DequeueResult()
    {
    }

    /// <summary>
    /// Twilio took the caller out and is fetching the connect URL. <paramref name="Confirmed"/> is false
    /// when our request timed out and the caller was gone when we looked: see <see cref="TwilioApi.DequeueAsync"/>.
    /// </summary>
    public sealed record Dequeued(bool Confirmed) : DequeueResult;

    /// <summary>404: the caller is no longer in that queue (hung up, or taken by someone else).</summary>
    public sealed record CallerGone : DequeueResult;

    /// <summary>Nothing was done (refused, rate-limited, Twilio unreachable): the caller is still waiting.</summary>
    public sealed record Failed(string Reason) : DequeueResult;

    /// <summary>We cannot tell whether the caller was dequeued: wait for the connect URL or the status callback.</summary>
    public sealed record Unknown(string Reason) : DequeueResult;
}

/// <summary>What became of a request to call someone back.</summary>
public abstract record CreateCallResult
{
    private CreateCallResult()
    {
    }

    /// <summary>
    /// The call exists. <paramref name="Confirmed"/> is false when it was found by listing calls after
    /// a request of unknown outcome rather than from Twilio's answer.
    /// </summary>
    public sealed record Created(string CallSid, bool Confirmed) : CreateCallResult;

    /// <summary>No call was created; trying again later cannot duplicate one.</summary>
    public sealed record Failed(string Reason) : CreateCallResult;

    /// <summary>A call may exist: do not try again before its status callback or a look at Twilio says otherwise.</summary>
    public sealed record Unknown(string Reason) : CreateCallResult;
}

/// <summary>What became of a request to delete a recording.</summary>
public abstract record DeleteRecordingResult
{
    private DeleteRecordingResult()
    {
    }

    /// <summary>The recording no longer exists (<paramref name="AlreadyGone"/>: it was not there any more).</summary>
    public sealed record Deleted(bool AlreadyGone) : DeleteRecordingResult;

    /// <summary>It may still exist; deleting is safe to try again later.</summary>
    public sealed record Failed(string Reason) : DeleteRecordingResult;
}

/// <summary>A queue's sid looked up by its friendly name.</summary>
public abstract record QueueLookupResult
{
    private QueueLookupResult()
    {
    }

    public sealed record Found(string QueueSid) : QueueLookupResult;

    public sealed record NotFound : QueueLookupResult;

    public sealed record Failed(string Reason) : QueueLookupResult;
}

/// <summary>What became of a request to hang up a call.</summary>
public abstract record HangUpResult
{
    private HangUpResult()
    {
    }

    /// <summary>The call is over (<paramref name="AlreadyOver"/>: Twilio no longer knew it).</summary>
    public sealed record Ended(bool AlreadyOver) : HangUpResult;

    public sealed record Failed(string Reason) : HangUpResult;
}
