using System.Globalization;
using Hotline.Telephony.Simulator.Protocol;
using Hotline.Telephony.Simulator.Twiml;

namespace Hotline.Telephony.Simulator.Calls;

/// <summary>What the call asks of the server: TwiML documents (with the fallback URL), action posts and status callbacks.</summary>
public sealed partial class SimulatedCall
{
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
}
