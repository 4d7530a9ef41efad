namespace Hotline.Telephony.Simulator.Calls;

/// <summary>Passes everything on to another observer and counts failed webhooks.</summary>
public sealed class WebhookErrorCounter(ICallObserver inner) : ICallObserver
{
    private int _errors;

    public int Errors => Volatile.Read(ref _errors);

    public void OnEvent(SimulatedCall call, CallEvent callEvent) => inner.OnEvent(call, callEvent);

    public void OnWebhook(SimulatedCall call, WebhookRecord record)
    {
        if (record.Error is not null)
        {
            Interlocked.Increment(ref _errors);
        }

        inner.OnWebhook(call, record);
    }

    public void OnCompleted(SimulatedCall call) => inner.OnCompleted(call);
}
