namespace Hotline.Server.Calls;

/// <summary>The legal moves of a call; anything else is ignored (late or duplicate webhooks) or refused.</summary>
public static class CallStateMachine
{
    private static readonly Dictionary<CallStatus, CallStatus[]> Moves = new()
    {
        [CallStatus.InMenu] = [CallStatus.Queued, CallStatus.MessageMenu, CallStatus.Abandoned],
        [CallStatus.MessageMenu] = [CallStatus.Voicemail, CallStatus.CallbackRequested, CallStatus.Abandoned],
        [CallStatus.Queued] = [CallStatus.Offered, CallStatus.Connecting, CallStatus.MessageMenu, CallStatus.Abandoned],
        [CallStatus.Offered] = [CallStatus.Queued, CallStatus.Connecting, CallStatus.Abandoned],
        [CallStatus.Connecting] = [CallStatus.Connected, CallStatus.Queued, CallStatus.Abandoned],
        // Back to the queue when the counsellor's leg fails (browser not answering, network).
        [CallStatus.Connected] = [CallStatus.Completed, CallStatus.Queued],
        // A recording callback may arrive after the hang-up was recorded: the message still counts.
        [CallStatus.Abandoned] = [CallStatus.Voicemail],
        [CallStatus.Completed] = [],
        [CallStatus.Voicemail] = [],
        [CallStatus.CallbackRequested] = [],
        [CallStatus.WebMessage] = [],
    };

    public static bool CanMove(CallStatus from, CallStatus to) => Moves[from].Contains(to);

    /// <summary>The caller is still on the line waiting for someone (menu, queue, offer, connecting).</summary>
    public static bool IsWaiting(CallStatus status) =>
        status is CallStatus.InMenu or CallStatus.MessageMenu or CallStatus.Queued or CallStatus.Offered or CallStatus.Connecting;

    public static bool IsInQueue(CallStatus status) =>
        status is CallStatus.Queued or CallStatus.Offered or CallStatus.Connecting;
}
