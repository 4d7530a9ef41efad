using Hotline.Server.Calls;
using Hotline.Server.Data;
using Hotline.Server.Telephony;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Server.LiveConsole;

/// <summary>
/// Voicemail and callback items: a voicemail opens for listening, a callback places the outbound call
/// through Twilio; the counsellor finishes the item, or an unanswered callback returns it to the board.
/// </summary>
public sealed class WorkItemService(
    HotlineDbContext db,
    TimeProvider time,
    CallCards cards,
    ConsolePublisher publisher,
    CallConnector connector,
    CallTransitions transitions,
    CounsellorStates counsellors,
    QueueSignals signals,
    ILogger<WorkItemService> logger) : ICallbackOutcomes
{
    /// <summary>The counsellor took the item (their accepted offer): open it, or place the callback.</summary>
    public async Task<AcceptResult> StartAsync(Guid callId, Guid userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var call = await db.Calls.AsNoTracking().FirstAsync(c => c.Id == callId, cancellationToken);
        if (call.Status == CallStatus.CallbackRequested)
        {
            var placed = await connector.CallBackAsync(callId, userId, cancellationToken);
            if (!placed.Connected)
            {
                logger.LogWarning("Callback for item {CallId} not placed: {Reason}", callId, placed.Reason);
                await ReleaseAsync(callId, userId, "callback-failed", cancellationToken);
                return new AcceptResult(false, "callback-failed", null);
            }

            await transitions.RecordAsync(callId, CallEventKind.Connected, now, "callback placed", cancellationToken);
        }

        var current = new CurrentCall(callId, (await cards.CardAsync(callId, cancellationToken))!, now, await connector.ModeOfAsync(userId, cancellationToken), null);
        await publisher.ConnectedAsync(userId, current, cancellationToken);
        return new AcceptResult(true, null, current);
    }

    /// <summary>The counsellor is done with a voicemail or a callback: the item leaves the board, wrap-up starts.</summary>
    public async Task<bool> FinishAsync(Guid userId, Guid callId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!await transitions.FinishWorkItemAsync(callId, userId, now, cancellationToken))
        {
            return false;
        }

        await counsellors.StartWrapUpAsync(userId, callId, now, cancellationToken);
        await publisher.CallChangedAsync(callId, cancellationToken);
        return true;
    }

    /// <summary>A callback that was not answered, or could not be placed: the item returns to the board.</summary>
    public async Task ReleaseAsync(Guid callId, Guid userId, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await transitions.ReleaseWorkItemAsync(callId, userId, cancellationToken);
        await counsellors.FreeAsync(userId, now, cancellationToken);
        await publisher.NoticeAsync(userId, new ConsoleNotice(reason, callId));
        await publisher.FinishedAsync(userId, callId, cancellationToken);
        await publisher.CallChangedAsync(callId, cancellationToken);
        signals.Wake();
    }

    Task ICallbackOutcomes.AnsweredAsync(Guid itemId, Guid counsellorId, CancellationToken cancellationToken) =>
        FinishAsync(counsellorId, itemId, cancellationToken);

    Task ICallbackOutcomes.UnansweredAsync(Guid itemId, Guid counsellorId, CancellationToken cancellationToken) =>
        ReleaseAsync(itemId, counsellorId, "callback-unanswered", cancellationToken);
}
