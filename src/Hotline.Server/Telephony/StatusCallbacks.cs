namespace Hotline.Server.Telephony;

/// <summary>
/// Twilio's status callbacks: the end of an inbound call (counted once, journaled during an outage),
/// and the end of an outbound callback, which the live console settles (<see cref="ICallbackOutcomes"/>).
/// </summary>
public sealed class StatusCallbacks(TimeProvider time, JournalReplay replay, ICallbackOutcomes callbacks)
{
    public Task CallStatusAsync(TwilioRequest request)
    {
        var now = time.GetUtcNow();
        if (request.CallStatus is not ("completed" or "busy" or "failed" or "no-answer" or "canceled"))
        {
            return Task.CompletedTask; // initiated, ringing, answered, in-progress: nothing to record
        }

        return replay.ApplyOnceAsync(new JournalEntry(JournalEntryKind.Status, request.CallSid!, now, Status: request.CallStatus, IdempotencyToken: request.IdempotencyToken));
    }

    /// <summary>The outbound callback ended: answered means the item is done; otherwise it returns to the board.</summary>
    public Task CallbackStatusAsync(TwilioRequest request, Guid itemId, Guid counsellorId, CancellationToken cancellationToken) =>
        request.CallStatus switch
        {
            // A machine answered a discreet callback and was hung up on: the family was not reached.
            "completed" when request.AnsweredByMachine => callbacks.UnansweredAsync(itemId, counsellorId, cancellationToken),
            "completed" => callbacks.AnsweredAsync(itemId, counsellorId, cancellationToken),
            "busy" or "no-answer" or "failed" or "canceled" => callbacks.UnansweredAsync(itemId, counsellorId, cancellationToken),
            _ => Task.CompletedTask,
        };
}
