using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Hotline.Server.Calls;

/// <summary>
/// In-process signals: "this call changed" (publish its card, settle offers) and "look at the queue
/// now". Webhooks never wait for SignalR: they drop a signal and return. The database stays the
/// truth; a lost signal only delays what the dispatcher's periodic pass does anyway.
/// </summary>
public sealed class QueueSignals
{
    private readonly Channel<Guid> _changedCalls = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>
    /// Calls signalled and not yet taken by the publisher: a call changed twice before its turn is published once,
    /// as it is then (under a burst the publisher falls behind; it catches up instead of replaying every step).
    /// </summary>
    private readonly ConcurrentDictionary<Guid, byte> _pending = new();

    public void CallChanged(Guid callId)
    {
        if (_pending.TryAdd(callId, 0))
        {
            _changedCalls.Writer.TryWrite(callId);
        }

        Wake();
    }

    /// <summary>
    /// A call's status was saved (before: null for a call just recorded): signalled when it moved, except a caller
    /// hanging up in a menu (before the queue, or in the message menu after it), who had no card on any console, no
    /// offer and no counsellor: nothing to publish or settle (the wallboard reads it from the event log). Common on a
    /// real line; under a burst it spared every console a removal message per caller.
    /// </summary>
    public void CallMoved(Guid callId, CallStatus? before, CallStatus after)
    {
        var hungUpInAMenu = before is CallStatus.InMenu or CallStatus.MessageMenu && after is CallStatus.Completed or CallStatus.Abandoned;
        if (before != after && !hungUpInAMenu)
        {
            CallChanged(callId);
        }
    }

    public void Wake() => _wake.Writer.TryWrite(true);

    /// <summary>The next changed call, taken: a change signalled from now on queues it again.</summary>
    internal bool TryTakeChangedCall(out Guid callId)
    {
        if (_changedCalls.Reader.TryRead(out callId))
        {
            _pending.TryRemove(callId, out _);
            return true;
        }

        return false;
    }

    internal ChannelReader<Guid> ChangedCalls => _changedCalls.Reader;

    internal ChannelReader<bool> WakeUps => _wake.Reader;
}
