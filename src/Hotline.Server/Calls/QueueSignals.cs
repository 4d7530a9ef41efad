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

    public void CallChanged(Guid callId)
    {
        _changedCalls.Writer.TryWrite(callId);
        Wake();
    }

    public void Wake() => _wake.Writer.TryWrite(true);

    internal ChannelReader<Guid> ChangedCalls => _changedCalls.Reader;

    internal ChannelReader<bool> WakeUps => _wake.Reader;
}
