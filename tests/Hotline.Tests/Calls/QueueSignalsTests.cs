using Hotline.Server.Calls;

namespace Hotline.Tests.Calls;

public sealed class QueueSignalsTests
{
    [Fact]
    public void A_call_changed_twice_before_its_turn_is_taken_once_and_again_after_a_later_change()
    {
        var signals = new QueueSignals();
        Guid a = Guid.NewGuid(), b = Guid.NewGuid();
        signals.CallChanged(a);
        signals.CallChanged(b);
        signals.CallChanged(a);

        Assert.True(signals.TryTakeChangedCall(out var first));
        Assert.True(signals.TryTakeChangedCall(out var second));
        Assert.False(signals.TryTakeChangedCall(out _));
        Assert.Equal([a, b], [first, second]);

        // Taken, then changed again: published again.
        signals.CallChanged(a);
        Assert.True(signals.TryTakeChangedCall(out var again));
        Assert.Equal(a, again);
        Assert.False(signals.TryTakeChangedCall(out _));
    }
}
