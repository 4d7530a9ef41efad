// Long file: one method per TwiML verb the simulator executes, each following Twilio's documented behaviour.
using System.Globalization;
using Hotline.Telephony.Simulator.Exchange;
using Hotline.Telephony.Simulator.Protocol;
using Hotline.Telephony.Simulator.Twiml;

namespace Hotline.Telephony.Simulator.Calls;

public sealed partial class SimulatedCall
{
    /// <summary>French speech synthesis says about 15 characters a second.</summary>
    private const double SpokenCharactersPerSecond = 15;

    private static readonly TimeSpan _keyInterval = TimeSpan.FromMilliseconds(400);

    /// <summary>Executes a document's verbs in order until one moves the call elsewhere.</summary>
    private async Task<Flow> ExecuteAsync(TwimlDocument document, Uri documentUrl, TwimlContext context)
    {
        foreach (var verb in document.Verbs)
        {
            if (CallerHungUp)
            {
                return Flow.HungUp;
            }

            if (HasPendingControl)
            {
                return Flow.Interrupted;
            }

            if (context == TwimlContext.Call && verb is not RejectVerb)
            {
                Answer();
            }

            if (!IsAllowed(verb, context))
            {
                Emit(CallEventKind.Warning, $"<{verb.Name}> n'est pas permis ici ({Describe(context)}) : Twilio l'ignore");
                continue;
            }

            var flow = verb switch
            {
                SayVerb say => await SayAsync(say),
                PlayVerb play => await PlayAsync(play),
                PauseVerb pause => await PauseAsync(pause),
                GatherVerb gather => await GatherAsync(gather, documentUrl),
                RedirectVerb redirect => new FetchFlow(Resolve(documentUrl, redirect.Url)!, redirect.Method, [], "redirect"),
                HangupVerb => new EndFlow("<Hangup> du serveur"),
                RejectVerb reject => Reject(reject),
                LeaveVerb => Flow.Leave,
                RecordVerb record => await RecordAsync(record, documentUrl),
                EnqueueVerb enqueue => await EnqueueAsync(enqueue, documentUrl),
                DialVerb dial => await DialAsync(dial, documentUrl),
                _ => Unsupported(verb),
            };
            if (flow is not ContinueFlow)
            {
                return flow;
            }
        }

        return Flow.Continue;
    }

    private static bool IsAllowed(TwimlVerb verb, TwimlContext context) => context switch
    {
        TwimlContext.Call => verb is not LeaveVerb,
        TwimlContext.Hold => verb is SayVerb or PlayVerb or PauseVerb or GatherVerb or RedirectVerb or HangupVerb or LeaveVerb or UnsupportedVerb,
        _ => verb is SayVerb or PlayVerb or PauseVerb or RedirectVerb or UnsupportedVerb,
    };

    private static string Describe(TwimlContext context) => context switch
    {
        TwimlContext.Call => "dans l'appel",
        TwimlContext.Hold => "dans le TwiML d'attente (waitUrl)",
        _ => "dans l'annonce avant mise en relation",
    };

    private Flow Unsupported(TwimlVerb verb)
    {
        Emit(CallEventKind.Warning, $"<{verb.Name}> n'est pas simulé : ignoré");
        return Flow.Continue;
    }

    private EndFlow Reject(RejectVerb reject)
    {
        if (_answeredAt is not null)
        {
            Emit(CallEventKind.Warning, "<Reject> après le décroché : Twilio raccroche");
            return new EndFlow("<Reject> après le décroché");
        }

        return new EndFlow($"rejeté ({reject.Reason})", reject.Reason == "busy" ? "busy" : "no-answer");
    }

    private async Task<Flow> SayAsync(SayVerb say)
    {
        var voice = say.Voice is null && say.Language is null ? string.Empty : $" [{string.Join(", ", new[] { say.Voice, say.Language }.Where(v => v is not null))}]";
        var repeat = say.Loop switch
        {
            0 => " (en boucle)",
            1 => string.Empty,
            var n => $" (×{n})",
        };
        Emit(CallEventKind.ServerSays, $"« {say.Text} »{voice}{repeat}");
        var once = TimeSpan.FromSeconds(Math.Max(0.5, say.Text.Length / SpokenCharactersPerSecond));
        return await RepeatAsync(once, say.Loop);
    }

    private async Task<Flow> PlayAsync(PlayVerb play)
    {
        if (play.Digits is { } digits)
        {
            Emit(CallEventKind.ServerPlays, $"tonalités DTMF {digits}");
            return AfterWake(await SleepAsync(TimeSpan.FromSeconds(0.5 * Math.Max(1, digits.Length)))) ?? Flow.Continue;
        }

        var repeat = play.Loop == 0 ? " (en boucle)" : play.Loop > 1 ? $" (×{play.Loop})" : string.Empty;
        Emit(CallEventKind.ServerPlays, $"{play.Url}{repeat}");
        return await RepeatAsync(_spec.PlayDuration, play.Loop);
    }

    private async Task<Flow> RepeatAsync(TimeSpan once, int loop)
    {
        for (var i = 0; loop == 0 || i < loop; i++)
        {
            if (AfterWake(await SleepAsync(once)) is { } stop)
            {
                return stop;
            }
        }

        return Flow.Continue;
    }

    private async Task<Flow> PauseAsync(PauseVerb pause)
    {
        Emit(CallEventKind.Pause, $"(pause {pause.Length} s)");
        return AfterWake(await SleepAsync(TimeSpan.FromSeconds(pause.Length))) ?? Flow.Continue;
    }

    /// <summary>
    /// &lt;Gather&gt;: plays its prompts, then takes the caller's next scripted answer. Keys are pressed one by
    /// one: finishOnKey ends the input (and is not sent), numDigits ends it when reached, otherwise Twilio waits
    /// <c>timeout</c> seconds for more. With no answer Twilio times out: it posts an empty result to the action if
    /// actionOnEmptyResult is set, else goes on with the next verb.
    /// </summary>
    private async Task<Flow> GatherAsync(GatherVerb gather, Uri documentUrl)
    {
        foreach (var prompt in gather.Prompts)
        {
            var flow = prompt switch
            {
                SayVerb say => await SayAsync(say),
                PlayVerb play => await PlayAsync(play),
                PauseVerb pause => await PauseAsync(pause),
                _ => Flow.Continue,
            };
            if (flow is not ContinueFlow)
            {
                return flow;
            }
        }

        var action = Resolve(documentUrl, gather.Action) ?? documentUrl;
        var timeout = TimeSpan.FromSeconds(gather.Timeout);
        switch (_spec.Script.TryTake(gather.Input))
        {
            case DtmfInput dtmf:
                return await GatherDigitsAsync(gather, dtmf.Keys, action, timeout);
            case SpeechInput speech:
                Emit(CallEventKind.CallerSays, $"« {speech.Text} »");
                if (AfterWake(await SleepAsync(TimeSpan.FromSeconds(speech.Text.Length / SpokenCharactersPerSecond + 1))) is { } stop)
                {
                    return stop;
                }

                return new FetchFlow(action, gather.Method, [new("SpeechResult", speech.Text), new("Confidence", "0.92"), new("Language", gather.Language ?? "en-US")], "gather");
            default:
                if (AfterWake(await SleepAsync(timeout)) is { } stopped)
                {
                    return stopped;
                }

                if (gather.ActionOnEmptyResult)
                {
                    Emit(CallEventKind.CallerSilent, $"(aucune saisie en {gather.Timeout} s : Twilio envoie un résultat vide à l'action)");
                    return new FetchFlow(action, gather.Method, [new("Digits", string.Empty), new("FinishedOnKey", string.Empty), new("msg", "Gather End")], "gather");
                }

                Emit(CallEventKind.CallerSilent, $"(aucune saisie en {gather.Timeout} s : Twilio passe au verbe suivant)");
                return Flow.Continue;
        }
    }

    private async Task<Flow> GatherDigitsAsync(GatherVerb gather, string keys, Uri action, TimeSpan timeout)
    {
        var digits = new System.Text.StringBuilder();
        var finishedOnKey = string.Empty;
        var pressed = 0;
        foreach (var key in keys)
        {
            if (AfterWake(await SleepAsync(key == 'w' ? TimeSpan.FromMilliseconds(500) : _keyInterval)) is { } stop)
            {
                return stop;
            }

            if (key == 'w')
            {
                continue;
            }

            pressed++;
            if (gather.FinishOnKey.Contains(key, StringComparison.Ordinal))
            {
                finishedOnKey = key.ToString();
                break;
            }

            digits.Append(key);
            if (gather.NumDigits is { } numDigits && digits.Length >= numDigits)
            {
                break;
            }
        }

        var typed = keys.Replace("w", string.Empty, StringComparison.Ordinal);
        Emit(CallEventKind.CallerTypes, typed.Length > pressed
            ? $"{typed[..pressed]} (Twilio ignore la suite : {typed[pressed..]})"
            : typed);

        if (finishedOnKey.Length == 0 && (gather.NumDigits is null || digits.Length < gather.NumDigits))
        {
            // No end key and not enough digits: Twilio waits for more until the timeout, then sends what it has.
            if (AfterWake(await SleepAsync(timeout)) is { } stop)
            {
                return stop;
            }
        }

        if (digits.Length == 0 && !gather.ActionOnEmptyResult)
        {
            Emit(CallEventKind.CallerSilent, "(aucun chiffre : Twilio passe au verbe suivant)");
            return Flow.Continue;
        }

        return new FetchFlow(action, gather.Method, [new("Digits", digits.ToString()), new("FinishedOnKey", finishedOnKey), new("msg", "Gather End")], "gather");
    }

    /// <summary>&lt;Record&gt;: the caller talks, then falls silent; the recording goes to the action URL and the recording status callback.</summary>
    private async Task<Flow> RecordAsync(RecordVerb record, Uri documentUrl)
    {
        var talk = TimeSpan.FromSeconds(Math.Min(_spec.RecordDuration.TotalSeconds, record.MaxLength));
        Emit(CallEventKind.Record, $"Enregistrement (au plus {record.MaxLength} s){(record.PlayBeep ? " — bip" : string.Empty)}");
        var started = _clock.Elapsed;
        var wake = await SleepAsync(talk);
        // Measured only when cut short: at high --speed, measuring would add scheduling delays to the duration.
        var recorded = wake == Wake.Elapsed ? talk : _clock.Elapsed - started;
        if (wake == Wake.Interrupted)
        {
            return Flow.Interrupted;
        }

        Emit(CallEventKind.CallerSays, wake == Wake.HungUp
            ? $"(parle {TwilioFormats.Seconds(recorded)} s puis raccroche)"
            : $"(parle {TwilioFormats.Seconds(recorded)} s puis se tait)");
        if (wake == Wake.Elapsed)
        {
            // Twilio ends the recording after `timeout` seconds of silence.
            wake = await SleepAsync(TimeSpan.FromSeconds(record.Timeout));
            if (wake == Wake.Interrupted)
            {
                return Flow.Interrupted;
            }
        }

        var sid = Sids.New(Sids.RecordingPrefix);
        var url = new Uri($"https://api.twilio.com/{TwilioFormats.ApiVersion}/Accounts/{AccountSid}/Recordings/{sid}");
        _switchboard.AddRecording(new RecordingInfo(sid, Sid, url, recorded, _clock.UtcNow));
        var duration = TwilioFormats.Seconds(recorded);
        var parameters = new List<KeyValuePair<string, string>>
        {
            new("RecordingUrl", url.AbsoluteUri),
            new("RecordingSid", sid),
            new("RecordingDuration", duration),
        };
        if (wake == Wake.HungUp)
        {
            parameters.Add(new("Digits", "hangup"));
        }

        if (Resolve(documentUrl, record.RecordingStatusCallback) is { } statusCallback)
        {
            _background.Add(PostIgnoringResponseAsync("recording-status", statusCallback, record.RecordingStatusCallbackMethod,
            [
                new("RecordingSid", sid),
                new("RecordingUrl", url.AbsoluteUri),
                new("RecordingStatus", "completed"),
                new("RecordingDuration", duration),
                new("RecordingChannels", "1"),
                new("RecordingSource", "RecordVerb"),
                new("RecordingStartTime", TwilioFormats.Rfc2822(_clock.UtcNow - recorded)),
                new("ErrorCode", "0"),
            ]));
        }

        var action = Resolve(documentUrl, record.Action) ?? documentUrl;
        if (wake == Wake.HungUp)
        {
            // Twilio still delivers the recording to the action URL after a hang-up, and ignores the answer.
            await PostIgnoringResponseAsync("record", action, record.Method, parameters);
            return Flow.HungUp;
        }

        return new FetchFlow(action, record.Method, parameters, "record");
    }

    /// <summary>
    /// &lt;Dial&gt;: a number, client or SIP address answers after ringing and talks until the caller hangs up;
    /// &lt;Queue&gt; takes the first caller of that queue and bridges to it.
    /// </summary>
    private async Task<Flow> DialAsync(DialVerb dial, Uri documentUrl)
    {
        var description = string.Join(", ", dial.Targets.Select(DescribeTarget));
        Emit(CallEventKind.Dial, $"Le serveur compose : {description}{(dial.CallerId is null ? string.Empty : $" (présenté comme {dial.CallerId})")}");

        var started = _clock.Elapsed;
        string dialStatus;
        string? dialCallSid = null;
        var wake = Wake.Elapsed;
        var queueTarget = dial.Targets.FirstOrDefault(t => t.Kind == DialTargetKind.Queue);
        if (queueTarget is not null)
        {
            (dialStatus, dialCallSid, wake) = await DialQueueAsync(queueTarget, dial, documentUrl);
        }
        else
        {
            wake = await SleepAsync(_spec.RingDuration);
            if (wake == Wake.Elapsed)
            {
                dialCallSid = Sids.New(Sids.CallPrefix);
                Emit(CallEventKind.Dial, $"{DescribeTarget(dial.Targets[0])} décroche : conversation en cours");
                started = _clock.Elapsed;
                wake = await SleepAsync(Timeout.InfiniteTimeSpan);
            }

            dialStatus = wake == Wake.HungUp && dialCallSid is null ? "canceled" : "completed";
        }

        if (wake == Wake.Interrupted)
        {
            return Flow.Interrupted;
        }

        var parameters = new List<KeyValuePair<string, string>>
        {
            new("DialCallStatus", dialStatus),
            new("DialCallDuration", TwilioFormats.Seconds(_clock.Elapsed - started)),
            new("DialBridged", dialCallSid is null ? "false" : "true"),
        };
        if (dialCallSid is not null)
        {
            parameters.Add(new("DialCallSid", dialCallSid));
        }

        var action = Resolve(documentUrl, dial.Action);
        if (wake == Wake.HungUp)
        {
            if (action is not null)
            {
                await PostIgnoringResponseAsync("dial", action, dial.Method, parameters);
            }

            return Flow.HungUp;
        }

        Emit(CallEventKind.Dial, $"Fin de la communication ({dialStatus})");
        return action is null ? Flow.Continue : new FetchFlow(action, dial.Method, parameters, "dial");
    }

    private async Task<(string Status, string? DialCallSid, Wake Wake)> DialQueueAsync(DialTarget target, DialVerb dial, Uri documentUrl)
    {
        var queue = _switchboard.FindQueueByName(target.Value);
        if (queue is null)
        {
            Emit(CallEventKind.Dial, $"La file « {target.Value} » n'existe pas");
            return ("failed", null, Wake.Elapsed);
        }

        var deadline = _clock.Elapsed + TimeSpan.FromSeconds(dial.Timeout);
        while (true)
        {
            if (_switchboard.FindMember(queue, "Front") is { } front)
            {
                var bridge = new CallBridge(this, front.Call);
                if (_switchboard.TryDequeue(front, new BridgeControl(bridge, target, documentUrl)))
                {
                    var wake = await WaitForAsync(bridge.Connected);
                    if (wake != Wake.Elapsed || !await bridge.Connected)
                    {
                        bridge.End();
                        return (wake == Wake.Elapsed ? "no-answer" : "completed", null, wake);
                    }

                    Emit(CallEventKind.Dial, $"En relation avec l'appelant {front.Call.Sid} de la file « {queue.FriendlyName} »");
                    wake = await WaitForAsync(bridge.Ended);
                    bridge.End();
                    return ("completed", front.Call.Sid, wake);
                }

                continue;
            }

            if (_clock.Elapsed >= deadline)
            {
                Emit(CallEventKind.Dial, $"Personne dans la file « {queue.FriendlyName} » après {dial.Timeout} s");
                return ("no-answer", null, Wake.Elapsed);
            }

            var waited = await SleepAsync(TimeSpan.FromSeconds(1));
            if (waited != Wake.Elapsed)
            {
                return ("canceled", null, waited);
            }
        }
    }

    private static string DescribeTarget(DialTarget target) => target.Kind switch
    {
        DialTargetKind.Number => target.Value,
        DialTargetKind.Client => $"client:{target.Value}",
        DialTargetKind.Sip => target.Value,
        DialTargetKind.Queue => $"file « {target.Value} »",
        DialTargetKind.Conference => $"conférence « {target.Value} »",
        _ => target.Value,
    };

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
}
