// One simulated call's life shares its state across partial files: the TwiML loop here; the verbs in SimulatedCall.Verbs.cs,
// the queue in SimulatedCall.Queue.cs, REST control and interruptible waits in SimulatedCall.Control.cs, requests to the
// server in SimulatedCall.Webhooks.cs.
using Hotline.Telephony.Simulator.Exchange;
using Hotline.Telephony.Simulator.Protocol;
using Hotline.Telephony.Simulator.Twiml;

namespace Hotline.Telephony.Simulator.Calls;

/// <summary>
/// One call, followed the way Twilio follows it: request TwiML, execute its verbs in order, move on to the
/// URL a verb names (action, Redirect) and stop when the TwiML ends or the caller hangs up; then post the
/// status callback. The REST API can redirect, dequeue, bridge or end it at any time (<see cref="CallControl"/>).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The call releases its cancellation sources itself when it finishes.")]
public sealed partial class SimulatedCall
{
    /// <summary>More TwiML documents than this in one (real) second is a redirect loop.</summary>
    private const int MaxDocumentsPerSecond = 20;

    private readonly CallSpec _spec;
    private readonly WebhookClient _web;
    private readonly Switchboard _switchboard;
    private readonly SimulationClock _clock;
    private readonly ICallObserver _observer;
    private readonly CancellationTokenSource _hangup;
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<Task> _background = [];
    private readonly Lock _gate = new();
    private CancellationTokenSource _interrupt = new();

    private TimeSpan? _answeredAt;
    private TimeSpan? _endedAt;
    private TimeSpan? _hangupDueAt;
    private int _statusSequence;
    private string _status;

    public SimulatedCall(
        CallSpec spec,
        WebhookClient web,
        Switchboard switchboard,
        ICallObserver observer,
        CancellationToken abort,
        CancellationToken shutdown = default)
    {
        if (spec.Url is null && spec.Twiml is null)
        {
            throw new ArgumentException("A call needs a TwiML URL or inline TwiML.", nameof(spec));
        }

        _spec = spec;
        _web = web;
        _switchboard = switchboard;
        _clock = switchboard.Clock;
        _observer = observer;
        _hangup = CancellationTokenSource.CreateLinkedTokenSource(abort, shutdown);
        CreatedAt = _clock.Elapsed;
        _status = spec.Direction == "inbound" ? "ringing" : "queued";
        Sid = spec.CallSid ?? Sids.New(Sids.CallPrefix);
        DateCreated = _clock.UtcNow;
    }

    public string Sid { get; }

    public string AccountSid => _switchboard.AccountSid;

    public string From => _spec.From;

    public string To => _spec.To;

    public string Direction => _spec.Direction;

    public string? ParentCallSid => _spec.ParentCallSid;

    public DateTimeOffset DateCreated { get; }

    public DateTimeOffset? StartTime { get; private set; }

    public DateTimeOffset? EndTime { get; private set; }

    /// <summary>queued, ringing, in-progress, completed, busy, no-answer, canceled or failed.</summary>
    public string Status
    {
        get
        {
            lock (_gate)
            {
                return _status;
            }
        }
    }

    public bool IsFinished => Status is "completed" or "busy" or "no-answer" or "canceled" or "failed";

    /// <summary>Answered time so far (simulated), as Twilio reports it in CallDuration.</summary>
    public TimeSpan Duration
    {
        get
        {
            lock (_gate)
            {
                return _answeredAt is { } answered ? (_endedAt ?? _clock.Elapsed) - answered : TimeSpan.Zero;
            }
        }
    }

    public string? EndReason { get; private set; }

    public Task Completion => _completion.Task;

    private bool CallerHungUp => _hangup.IsCancellationRequested;

    /// <summary>Simulated time at which the call was created.</summary>
    private TimeSpan CreatedAt { get; }

    private TimeSpan Now => _clock.Elapsed - CreatedAt;

    /// <summary>Starts the call in the background; <see cref="Completion"/> ends after the status callback.</summary>
    public void Start()
    {
        _switchboard.Register(this);
        _hangupDueAt = _clock.Elapsed + _spec.HangupAfter;
        _hangup.CancelAfter(_clock.ToReal(_spec.HangupAfter));
        _ = Task.Run(RunAsync);
    }

    /// <summary>The caller hangs up now (Ctrl-C, end of a load test).</summary>
    public void HangUp()
    {
        try
        {
            _hangup.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The call is already over.
        }
    }

    private async Task RunAsync()
    {
        var end = new EndFlow("erreur interne", "failed");
        try
        {
            Emit(CallEventKind.Progress, Direction == "inbound"
                ? $"Appel entrant {Sid} de {DescribeCaller()} vers {To}"
                : $"Appel sortant {Sid} de {From} vers {To}");

            if (Direction != "inbound" && await RingOutboundAsync() is { } notAnswered)
            {
                end = notAnswered;
                return;
            }

            Flow first = _spec.Twiml is { } twiml
                ? new DocumentFlow(TwimlParser.Parse(twiml), _spec.Url ?? _web.Endpoint.VoiceUrl)
                : new FetchFlow(_spec.Url!, _spec.Method, [], "voice");
            end = await FollowAsync(first);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Emit(CallEventKind.Error, $"Erreur du simulateur: {e.Message}");
        }
        finally
        {
            await FinishAsync(end);
        }
    }

    /// <summary>The outbound call rings, then the callee answers (unless the call is ended first).</summary>
    private async Task<EndFlow?> RingOutboundAsync()
    {
        await SendStatusCallbackAsync("initiated");
        SetStatus("ringing");
        await SendStatusCallbackAsync("ringing");
        var wake = await SleepAsync(_spec.RingDuration);
        if (wake == Wake.HungUp)
        {
            return new EndFlow("pas de réponse", "no-answer");
        }

        if (wake == Wake.Interrupted && TakeControl() is EndControl end)
        {
            return new EndFlow("annulé par l'API", end.Status == "canceled" ? "canceled" : "completed");
        }

        Answer();
        return null;
    }

    private void Answer()
    {
        lock (_gate)
        {
            if (_answeredAt is not null)
            {
                return;
            }

            _answeredAt = _clock.Elapsed;
            _status = "in-progress";
        }

        StartTime = _clock.UtcNow;
        if (Direction != "inbound")
        {
            Emit(CallEventKind.Progress, "L'appelé décroche");
            _background.Add(SendStatusCallbackAsync("answered"));
        }
    }

    private void SetStatus(string status)
    {
        lock (_gate)
        {
            _status = status;
        }
    }

    /// <summary>The main loop: fetch, execute, follow, until the call ends.</summary>
    private async Task<EndFlow> FollowAsync(Flow flow)
    {
        var burstStarted = Environment.TickCount64;
        var burst = 0;
        while (true)
        {
            if (CallerHungUp && flow is not EndFlow)
            {
                return new EndFlow("l'appelant raccroche");
            }

            switch (flow)
            {
                case FetchFlow fetch:
                    // TwiML that only redirects would otherwise hammer the server until the caller hangs up.
                    if (Environment.TickCount64 - burstStarted > 1000)
                    {
                        (burstStarted, burst) = (Environment.TickCount64, 0);
                    }

                    if (++burst > MaxDocumentsPerSecond)
                    {
                        Emit(CallEventKind.Error, $"Plus de {MaxDocumentsPerSecond} documents TwiML en une seconde (temps réel) : boucle de redirections, l'appel est coupé");
                        return new EndFlow("boucle de redirections", "failed");
                    }

                    flow = await FetchDocumentAsync(fetch, useFallback: true);
                    break;
                case DocumentFlow document:
                    flow = HasPendingControl
                        ? FollowControl(TakeControl())
                        : await ExecuteAsync(document.Document, document.Url, TwimlContext.Call);
                    break;
                case ContinueFlow:
                    // Twilio hangs up when the TwiML runs out of verbs.
                    return new EndFlow("fin du TwiML");
                case InterruptedFlow:
                    flow = FollowControl(TakeControl());
                    break;
                case HungUpFlow:
                    return new EndFlow("l'appelant raccroche");
                case LeaveFlow:
                    flow = Flow.Continue;
                    break;
                case EndFlow end:
                    return end;
                default:
                    throw new InvalidOperationException($"Unexpected flow {flow}.");
            }
        }
    }

    private async Task FinishAsync(EndFlow end)
    {
        try
        {
            var membership = _switchboard.FindMembership(this);
            if (membership is not null)
            {
                _switchboard.Leave(membership);
            }

            lock (_gate)
            {
                // A caller who hung up by the script did so at the moment due, however late this code runs on a busy
                // machine: Twilio's CallDuration counts to the hang-up, not to when it was noticed.
                var now = _clock.Elapsed;
                var ended = CallerHungUp && _hangupDueAt is { } due && due < now ? due : now;
                _endedAt = _answeredAt is { } answered && answered > ended ? answered : ended;
                _status = end.FinalStatus;
            }

            EndReason = end.Reason;
            EndTime = _clock.UtcNow;
            if (TakeControl() is BridgeControl stray)
            {
                stray.Bridge.End();
            }

            Emit(CallEventKind.Hangup, $"Fin de l'appel ({end.Reason}) — statut {end.FinalStatus}, durée {TwilioFormats.Seconds(Duration)} s");
            await SendStatusCallbackAsync("completed");
            await Task.WhenAll(_background);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Emit(CallEventKind.Error, $"Erreur du simulateur en fin d'appel: {e.Message}");
        }
        finally
        {
            _hangup.Dispose();
            lock (_gate)
            {
                _interrupt.Dispose();
            }

            _observer.OnCompleted(this);
            _completion.TrySetResult();
        }
    }

    // ---- Transcript ----

    private void Emit(CallEventKind kind, string text) => _observer.OnEvent(this, new CallEvent(Now, kind, text));

    private string DescribeCaller() => From is TwilioFormats.AnonymousCaller or "anonymous" or "Anonymous" ? $"numéro masqué ({From})" : From;

    private static Uri? Resolve(Uri documentUrl, string? url) => url is null ? null : new Uri(documentUrl, url);
}
