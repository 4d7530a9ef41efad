namespace Hotline.Telephony.Simulator.Calls;

/// <summary>Orders from the REST API (redirect, dequeue, bridge, end) and the waits they, or the caller's hang-up, interrupt.</summary>
public sealed partial class SimulatedCall
{
    /// <summary>
    /// The interrupt current when the pending control was set: the one <see cref="Interrupt"/> cancels. Cancelling whatever
    /// is current by then could hit the next step's once the control was already taken (cut short a &lt;Say&gt; of the
    /// redirected call with nothing to follow: "fin du TwiML" instead of its &lt;Hangup&gt;).
    /// </summary>
    private CancellationTokenSource? _interruptOfPending;
    private CallControl? _pending;

    /// <summary>Gives the call an order to follow as soon as possible; false if the call is over or busy with one.</summary>
    public bool TryControl(CallControl control)
    {
        if (!SetPendingControl(control))
        {
            return false;
        }

        Interrupt();
        return true;
    }

    internal bool SetPendingControl(CallControl control)
    {
        lock (_gate)
        {
            if (_endedAt is not null || _pending is not null)
            {
                return false;
            }

            _pending = control;
            _interruptOfPending = _interrupt;
            return true;
        }
    }

    internal void Interrupt()
    {
        CancellationTokenSource? interrupt;
        lock (_gate)
        {
            interrupt = _interruptOfPending;
        }

        try
        {
            interrupt?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The control was taken meanwhile (its interrupt replaced): nothing left to wake.
        }
    }

    private bool HasPendingControl
    {
        get
        {
            lock (_gate)
            {
                return _pending is not null;
            }
        }
    }

    private CallControl? TakeControl()
    {
        lock (_gate)
        {
            var control = _pending;
            _pending = null;
            _interruptOfPending = null;
            // A control taken gets a fresh interrupt even if its own was not cancelled yet: that cancel is then void.
            if (control is not null || _interrupt.IsCancellationRequested)
            {
                _interrupt.Dispose();
                _interrupt = new CancellationTokenSource();
            }

            return control;
        }
    }

    /// <summary>An order from outside, while the call is not in a queue.</summary>
    private Flow FollowControl(CallControl? control)
    {
        switch (control)
        {
            case RedirectControl redirect:
                Emit(CallEventKind.Progress, $"Appel redirigé par l'API REST vers {redirect.Url}");
                return new FetchFlow(redirect.Url, redirect.Method, [], "redirect");
            case TwimlControl twiml:
                Emit(CallEventKind.Progress, "Appel redirigé par l'API REST vers un TwiML fourni");
                return new DocumentFlow(twiml.Document, twiml.DocumentUrl);
            case EndControl end:
                return new EndFlow("terminé par l'API REST", end.Status == "canceled" && _answeredAt is null ? "canceled" : "completed");
            case BridgeControl bridge:
                // Only queued calls are bridged; the dialer gave up before this call could join.
                bridge.Bridge.End();
                return Flow.Continue;
            default:
                return Flow.Continue;
        }
    }

    // ---- Time ----

    private enum Wake
    {
        Elapsed,
        HungUp,
        Interrupted,
    }

    private CancellationTokenSource LinkedToken()
    {
        CancellationToken interrupt;
        lock (_gate)
        {
            interrupt = _interrupt.Token;
        }

        return CancellationTokenSource.CreateLinkedTokenSource(_hangup.Token, interrupt);
    }

    /// <summary>Lets simulated time pass, unless the caller hangs up or an order arrives.</summary>
    private async Task<Wake> SleepAsync(TimeSpan duration)
    {
        using var linked = LinkedToken();
        try
        {
            await _clock.DelayAsync(duration, linked.Token);
            return Wake.Elapsed;
        }
        catch (OperationCanceledException)
        {
            return CallerHungUp ? Wake.HungUp : Wake.Interrupted;
        }
    }

    /// <summary>Waits for something else to happen, unless the caller hangs up or an order arrives.</summary>
    private async Task<Wake> WaitForAsync(Task task)
    {
        using var linked = LinkedToken();
        try
        {
            await task.WaitAsync(linked.Token);
            return Wake.Elapsed;
        }
        catch (OperationCanceledException)
        {
            return CallerHungUp ? Wake.HungUp : Wake.Interrupted;
        }
    }

    private static Flow? AfterWake(Wake wake) => wake switch
    {
        Wake.HungUp => Flow.HungUp,
        Wake.Interrupted => Flow.Interrupted,
        _ => null,
    };
}
