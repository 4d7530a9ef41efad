// Long file: one simulated call's life (TwiML loop, REST control, status callbacks) shares its state; the verbs are in SimulatedCall.Verbs.cs.
using System.Globalization;
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

    /// <summary>
    /// The interrupt current when the pending control was set: the one <see cref="Interrupt"/> cancels. Cancelling whatever
    /// is current by then could hit the next step's once the control was already taken (cut short a &lt;Say&gt; of the
    /// redirected call with nothing to follow: "fin du TwiML" instead of its &lt;Hangup&gt;).
    /// </summary>
    private CancellationTokenSource? _interruptOfPending;
    private CallControl? _pending;
    private TimeSpan? _answeredAt;
    private TimeSpan? _endedAt;
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
                _endedAt = _clock.Elapsed;
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

    // ---- Webhooks ----

    /// <summary>The parameters Twilio sends with every voice request.</summary>
    private List<KeyValuePair<string, string>> StandardParameters(string? callStatus = null) =>
        TwilioParameters.Voice(AccountSid, Sid, callStatus ?? WebhookCallStatus(), From, To, Direction, ParentCallSid);

    private string WebhookCallStatus()
    {
        lock (_gate)
        {
            if (CallerHungUp || _endedAt is not null)
            {
                return "completed";
            }

            return _answeredAt is null ? _status : "in-progress";
        }
    }

    private static List<KeyValuePair<string, string>> Merge(List<KeyValuePair<string, string>> standard, IEnumerable<KeyValuePair<string, string>> extra)
    {
        foreach (var pair in extra)
        {
            standard.RemoveAll(p => p.Key == pair.Key);
            standard.Add(pair);
        }

        return standard;
    }

    /// <summary>Requests TwiML and parses it. On failure, Twilio turns to the fallback URL, else apologises and hangs up.</summary>
    private async Task<Flow> FetchDocumentAsync(FetchFlow fetch, bool useFallback)
    {
        var parameters = Merge(StandardParameters(), fetch.Parameters);
        int errorCode;
        try
        {
            _observer.OnWebhookSending(this, fetch.Purpose, fetch.Url);
            var response = await _web.SendAsync(fetch.Purpose, fetch.Method, fetch.Url, parameters);
            _observer.OnWebhook(this, response.Record);
            return new DocumentFlow(TwimlParser.Parse(response.Body), fetch.Url);
        }
        catch (WebhookException e)
        {
            _observer.OnWebhook(this, e.Record);
            Emit(CallEventKind.Error, e.Message);
            errorCode = e.TwilioErrorCode;
        }
        catch (TwimlParseException e)
        {
            Emit(CallEventKind.Error, $"{fetch.Url}: {e.Message}");
            errorCode = 12100;
        }

        if (useFallback && (_spec.FallbackUrl is not null || _spec.FallbackTwiml is not null))
        {
            return await FallbackAsync(fetch.Url, errorCode);
        }

        return ApplicationError();
    }

    private async Task<Flow> FallbackAsync(Uri failedUrl, int errorCode)
    {
        if (_spec.FallbackUrl is { } fallbackUrl)
        {
            Emit(CallEventKind.Warning, $"Twilio passe à l'URL de secours {fallbackUrl}");
            var parameters = Merge(StandardParameters(), [new("ErrorCode", errorCode.ToString(CultureInfo.InvariantCulture)), new("ErrorUrl", failedUrl.AbsoluteUri)]);
            try
            {
                var response = await _web.SendAsync("fallback", _spec.FallbackMethod, fallbackUrl, parameters);
                _observer.OnWebhook(this, response.Record);
                return new DocumentFlow(TwimlParser.Parse(response.Body), fallbackUrl);
            }
            catch (WebhookException e)
            {
                _observer.OnWebhook(this, e.Record);
                Emit(CallEventKind.Error, e.Message);
                return ApplicationError();
            }
            catch (TwimlParseException e)
            {
                Emit(CallEventKind.Error, $"{fallbackUrl}: {e.Message}");
                return ApplicationError();
            }
        }

        Emit(CallEventKind.Warning, "Twilio passe au TwiML de secours statique");
        return new DocumentFlow(TwimlParser.Parse(_spec.FallbackTwiml!), failedUrl);
    }

    private EndFlow ApplicationError()
    {
        Emit(CallEventKind.ServerSays, "« We are sorry, an application error has occurred. Goodbye. » (message de Twilio)");
        return new EndFlow("erreur d'application", "completed");
    }

    /// <summary>Posts to an action URL whose TwiML Twilio will not execute (the caller is gone or redirected).</summary>
    private async Task PostIgnoringResponseAsync(string purpose, Uri url, string method, IEnumerable<KeyValuePair<string, string>> extra)
    {
        try
        {
            var response = await _web.SendAsync(purpose, method, url, Merge(StandardParameters(), extra));
            _observer.OnWebhook(this, response.Record);
        }
        catch (WebhookException e)
        {
            _observer.OnWebhook(this, e.Record);
            Emit(CallEventKind.Warning, e.Message);
        }
    }

    /// <summary>Posts a call-progress event to the status callback, if it was asked for.</summary>
    private async Task SendStatusCallbackAsync(string callbackEvent)
    {
        if (_spec.StatusCallback is not { } url || !_spec.StatusCallbackEvents.Contains(callbackEvent))
        {
            return;
        }

        string callStatus;
        lock (_gate)
        {
            callStatus = callbackEvent switch
            {
                "initiated" => "initiated",
                "ringing" => "ringing",
                "answered" => "in-progress",
                _ => _status,
            };
        }

        var extra = new List<KeyValuePair<string, string>>
        {
            new("CallbackSource", "call-progress-events"),
            new("SequenceNumber", (Interlocked.Increment(ref _statusSequence) - 1).ToString(CultureInfo.InvariantCulture)),
            new("Timestamp", TwilioFormats.Rfc2822(_clock.UtcNow)),
        };
        if (callbackEvent == "completed")
        {
            var duration = Duration;
            extra.Add(new("CallDuration", TwilioFormats.Seconds(duration)));
            extra.Add(new("Duration", ((long)Math.Ceiling(duration.TotalMinutes)).ToString(CultureInfo.InvariantCulture)));
        }

        var parameters = Merge(StandardParameters(callStatus), extra);
        var token = WebhookClient.NewIdempotencyToken();
        var attempts = callbackEvent == "completed" && _spec.RepeatStatusCallback ? 2 : 1;
        for (var attempt = 1; attempt <= attempts; attempt++)
        {
            try
            {
                var response = await _web.SendAsync("status", _spec.StatusCallbackMethod, url, parameters, token);
                _observer.OnWebhook(this, response.Record);
                Emit(CallEventKind.Progress, attempt == 1
                    ? $"Rappel de statut « {callStatus} » envoyé ({response.Record.StatusCode})"
                    : $"Rappel de statut « {callStatus} » renvoyé avec le même I-Twilio-Idempotency-Token ({response.Record.StatusCode})");
            }
            catch (WebhookException e)
            {
                _observer.OnWebhook(this, e.Record);
                Emit(CallEventKind.Error, $"Rappel de statut: {e.Message}");
            }
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

    // ---- Transcript ----

    private void Emit(CallEventKind kind, string text) => _observer.OnEvent(this, new CallEvent(Now, kind, text));

    private string DescribeCaller() => From is TwilioFormats.AnonymousCaller or "anonymous" or "Anonymous" ? $"numéro masqué ({From})" : From;

    private static Uri? Resolve(Uri documentUrl, string? url) => url is null ? null : new Uri(documentUrl, url);
}
