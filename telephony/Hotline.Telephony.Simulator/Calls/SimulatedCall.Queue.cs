using Hotline.Telephony.Simulator.Exchange;
using Hotline.Telephony.Simulator.Protocol;
using Hotline.Telephony.Simulator.Twiml;

namespace Hotline.Telephony.Simulator.Calls;

public sealed partial class SimulatedCall
{
    /// <summary>Twilio re-requests the wait URL when its TwiML ends; never faster than this.</summary>
    private static readonly TimeSpan _minimumHoldCycle = TimeSpan.FromSeconds(1);

    private enum HoldOutcome
    {
        Left,
        HungUp,
        HangupVerb,
        Error,
        Interrupted,
    }

    /// <summary>
    /// &lt;Enqueue&gt;: the caller waits in the queue, running the wait URL's TwiML over and over (Twilio's hold
    /// loop), until it leaves (&lt;Leave&gt;), hangs up, is dequeued by the REST API (redirected to a URL), or is
    /// bridged by a &lt;Dial&gt;&lt;Queue&gt;. The action URL then gets QueueResult and QueueTime.
    /// </summary>
    private async Task<Flow> EnqueueAsync(EnqueueVerb verb, Uri documentUrl)
    {
        var action = Resolve(documentUrl, verb.Action);
        var member = _switchboard.Enqueue(verb.QueueName, this);
        if (member is null)
        {
            var full = _switchboard.GetOrCreateQueue(verb.QueueName);
            Emit(CallEventKind.Queue, $"La file « {verb.QueueName} » est pleine ({full.MaxSize})");
            return QueueAction(action, verb.Method, "queue-full", full.Sid, TimeSpan.Zero);
        }

        var standing = _switchboard.Standing(member);
        Emit(CallEventKind.Queue, $"Mis en attente dans la file « {verb.QueueName} » ({member.Queue.Sid}) — position {standing.Position} sur {standing.Size}");

        var outcome = await HoldAsync(member, Resolve(documentUrl, verb.WaitUrl), verb.WaitUrlMethod);
        var leftByItself = _switchboard.Leave(member);
        var queueTime = _switchboard.WaitTime(member);
        var control = leftByItself && outcome != HoldOutcome.Interrupted ? null : TakeControl();
        var queueSid = member.Queue.Sid;

        if (control is BridgeControl bridge)
        {
            if (outcome == HoldOutcome.HungUp)
            {
                bridge.Bridge.End();
                return await QueueActionAfterHangupAsync(action, verb.Method, "hangup", queueSid, queueTime);
            }

            return await BridgedAsync(bridge, action, verb.Method, queueSid, queueTime);
        }

        switch (control)
        {
            case RedirectControl redirect:
                Emit(CallEventKind.Queue, $"Sorti de la file par l'API REST après {TwilioFormats.Seconds(queueTime)} s : redirigé vers {redirect.Url}");
                await PostQueueActionIgnoredAsync(action, verb.Method, "redirected", queueSid, queueTime);
                return new FetchFlow(redirect.Url, redirect.Method, [], redirect.Source);
            case TwimlControl twiml:
                Emit(CallEventKind.Queue, "Sorti de la file par l'API REST : TwiML fourni");
                await PostQueueActionIgnoredAsync(action, verb.Method, "redirected", queueSid, queueTime);
                return new DocumentFlow(twiml.Document, twiml.DocumentUrl);
            case EndControl end:
                await PostQueueActionIgnoredAsync(action, verb.Method, "hangup", queueSid, queueTime);
                return new EndFlow("terminé par l'API REST pendant l'attente", end.Status == "canceled" && _answeredAt is null ? "canceled" : "completed");
        }

        switch (outcome)
        {
            case HoldOutcome.HungUp:
                Emit(CallEventKind.Queue, $"L'appelant raccroche après {TwilioFormats.Seconds(queueTime)} s d'attente");
                return await QueueActionAfterHangupAsync(action, verb.Method, "hangup", queueSid, queueTime);
            case HoldOutcome.HangupVerb:
                await PostQueueActionIgnoredAsync(action, verb.Method, "hangup", queueSid, queueTime);
                return new EndFlow("<Hangup> dans le TwiML d'attente");
            case HoldOutcome.Error:
                Emit(CallEventKind.Queue, "Sorti de la file sur erreur du TwiML d'attente");
                return QueueAction(action, verb.Method, "error", queueSid, queueTime);
            default:
                Emit(CallEventKind.Queue, $"Quitte la file (<Leave>) après {TwilioFormats.Seconds(queueTime)} s");
                return QueueAction(action, verb.Method, "leave", queueSid, queueTime);
        }
    }

    /// <summary>The hold loop: fetch the wait URL (with the queue standing), run its TwiML, again.</summary>
    private async Task<HoldOutcome> HoldAsync(QueueMember member, Uri? waitUrl, string waitMethod)
    {
        var announcedDefaultMusic = false;
        while (true)
        {
            if (CallerHungUp)
            {
                return HoldOutcome.HungUp;
            }

            if (HasPendingControl)
            {
                return HoldOutcome.Interrupted;
            }

            var cycleStarted = _clock.Elapsed;
            if (waitUrl is null)
            {
                // Twilio's default classical playlist: nothing to ask the server.
                if (!announcedDefaultMusic)
                {
                    Emit(CallEventKind.ServerPlays, "musique d'attente par défaut de Twilio");
                    announcedDefaultMusic = true;
                }

                switch (await SleepAsync(_spec.PlayDuration))
                {
                    case Wake.HungUp:
                        return HoldOutcome.HungUp;
                    case Wake.Interrupted:
                        return HoldOutcome.Interrupted;
                }

                continue;
            }

            var standing = _switchboard.Standing(member);
            Flow flow = new FetchFlow(waitUrl, waitMethod,
            [
                new("QueuePosition", Count(standing.Position)),
                new("QueueSid", member.Queue.Sid),
                new("QueueTime", TwilioFormats.Seconds(standing.Wait)),
                new("AvgQueueTime", TwilioFormats.Seconds(standing.AverageWait)),
                new("CurrentQueueSize", Count(standing.Size)),
                new("MaxQueueSize", Count(standing.MaxSize)),
            ], "wait");

            // Run the wait TwiML, and whatever its Gather actions or Redirects lead to, still on hold.
            while (flow is not ContinueFlow)
            {
                switch (flow)
                {
                    case FetchFlow fetch:
                        flow = await FetchDocumentAsync(fetch, useFallback: false);
                        if (flow is EndFlow)
                        {
                            return HoldOutcome.Error;
                        }

                        break;
                    case DocumentFlow document:
                        flow = await ExecuteAsync(document.Document, document.Url, TwimlContext.Hold);
                        break;
                    case LeaveFlow:
                        return HoldOutcome.Left;
                    case HungUpFlow:
                        return HoldOutcome.HungUp;
                    case InterruptedFlow:
                        return HoldOutcome.Interrupted;
                    case EndFlow:
                        return CallerHungUp ? HoldOutcome.HungUp : HoldOutcome.HangupVerb;
                    default:
                        throw new InvalidOperationException($"Unexpected flow {flow} on hold.");
                }

                if (CallerHungUp)
                {
                    return HoldOutcome.HungUp;
                }

                if (HasPendingControl)
                {
                    return HoldOutcome.Interrupted;
                }
            }

            var rest = _minimumHoldCycle - (_clock.Elapsed - cycleStarted);
            if (rest > TimeSpan.Zero)
            {
                switch (await SleepAsync(rest))
                {
                    case Wake.HungUp:
                        return HoldOutcome.HungUp;
                    case Wake.Interrupted:
                        return HoldOutcome.Interrupted;
                }
            }
        }
    }

    /// <summary>
    /// Taken out of the queue by another call's &lt;Dial&gt;&lt;Queue&gt;: hear the queue noun's url TwiML, talk,
    /// and when the conversation ends post QueueResult=bridged to the action.
    /// </summary>
    private async Task<Flow> BridgedAsync(BridgeControl control, Uri? action, string method, string queueSid, TimeSpan queueTime)
    {
        var bridge = control.Bridge;
        if (Resolve(control.DialerDocumentUrl, control.Target.Url) is { } announcementUrl)
        {
            Flow flow = new FetchFlow(announcementUrl, control.Target.Method,
            [
                new("QueueSid", queueSid),
                new("QueueTime", TwilioFormats.Seconds(queueTime)),
                new("DequeingCallSid", bridge.Dialer.Sid),
            ], "queue-url");
            while (flow is FetchFlow or DocumentFlow)
            {
                flow = flow is FetchFlow fetch
                    ? await FetchDocumentAsync(fetch, useFallback: false)
                    : await ExecuteAsync(((DocumentFlow)flow).Document, ((DocumentFlow)flow).Url, TwimlContext.Announcement);
            }

            if (flow is HungUpFlow || CallerHungUp)
            {
                bridge.End();
                return await QueueActionAfterHangupAsync(action, method, "hangup", queueSid, queueTime);
            }
        }

        bridge.Connect();
        Emit(CallEventKind.Dial, $"Mis en relation avec {bridge.Dialer.To} ({bridge.Dialer.Sid}) après {TwilioFormats.Seconds(queueTime)} s d'attente");
        var wake = await WaitForAsync(bridge.Ended);
        bridge.End();
        if (wake == Wake.HungUp)
        {
            return await QueueActionAfterHangupAsync(action, method, "bridged", queueSid, queueTime);
        }

        Emit(CallEventKind.Dial, "L'interlocuteur a raccroché");
        if (wake == Wake.Interrupted)
        {
            await PostQueueActionIgnoredAsync(action, method, "redirected-from-bridged", queueSid, queueTime);
            return Flow.Interrupted;
        }

        return QueueAction(action, method, "bridged", queueSid, queueTime);
    }

    private static List<KeyValuePair<string, string>> QueueParameters(string result, string queueSid, TimeSpan queueTime) =>
    [
        new("QueueResult", result),
        new("QueueSid", queueSid),
        new("QueueTime", TwilioFormats.Seconds(queueTime)),
    ];

    /// <summary>The call goes on: with the action's TwiML, or with the verb after &lt;Enqueue&gt; when there is no action.</summary>
    private static Flow QueueAction(Uri? action, string method, string result, string queueSid, TimeSpan queueTime) =>
        action is null ? Flow.Continue : new FetchFlow(action, method, QueueParameters(result, queueSid, queueTime), "enqueue-action");

    private async Task<Flow> QueueActionAfterHangupAsync(Uri? action, string method, string result, string queueSid, TimeSpan queueTime)
    {
        await PostQueueActionIgnoredAsync(action, method, result, queueSid, queueTime);
        return Flow.HungUp;
    }

    private async Task PostQueueActionIgnoredAsync(Uri? action, string method, string result, string queueSid, TimeSpan queueTime)
    {
        if (action is not null)
        {
            await PostIgnoringResponseAsync("enqueue-action", action, method, QueueParameters(result, queueSid, queueTime));
        }
    }
}
