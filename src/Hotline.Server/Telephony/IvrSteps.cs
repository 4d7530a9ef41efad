using Hotline.Server.Calls;
using Hotline.Server.Geography;
using Microsoft.Extensions.Options;
using Twilio.TwiML;

namespace Hotline.Server.Telephony;

/// <summary>
/// The voice menu: the incoming call, the motive (1 question, 2 signal, 3 urgent) and the optional postal
/// code. If the database cannot be reached within the budget, the caller is still greeted and enqueued,
/// and the arrival is journaled for later.
/// </summary>
public sealed class IvrSteps(
    TimeProvider time,
    IOptions<TelephonyOptions> telephony,
    OpeningHours hours,
    Prompts prompts,
    CallerNumbers callerNumbers,
    GeographyCatalog geography,
    OutageJournal journal,
    CallRecords records,
    CallTransitions transitions,
    IvrTwiml twiml,
    ILogger<IvrSteps> logger)
{
    public async Task<VoiceResponse> IncomingAsync(TwilioRequest request)
    {
        var now = time.GetUtcNow();
        var callerHash = callerNumbers.Hash(request.From);
        var open = telephony.Value.AlwaysOpen || hours.IsOpen(now);
        try
        {
            using var budget = records.Budget();
            var call = Call.Enter(request.CallSid!, callerHash, now, open ? null : "closed");
            if (!open)
            {
                call.MoveTo(CallStatus.MessageMenu, now);
            }

            // Stored first, read only if the CallSid is known: a new call costs one round trip.
            if (!await transitions.EnterAsync(call, budget.Token))
            {
                var known = await records.FindAsync(request.CallSid!, budget.Token);
                if (known is not null && known.Status is not (CallStatus.InMenu or CallStatus.MessageMenu))
                {
                    // Twilio repeated the webhook after the caller moved on: put them back in the queue.
                    return twiml.Enqueue(new VoiceResponse());
                }
            }
        }
        catch (Exception exception) when (OutageJournal.IsDatabaseOutage(exception))
        {
            return EnqueueWithoutDatabase(request, now, callerHash, exception);
        }

        var response = new VoiceResponse();
        twiml.Say(response, prompts.Greeting);
        twiml.Say(response, prompts.EmergencyAdvice);
        return open ? twiml.Menu(response, attempt: 1) : twiml.Closed(response, now);
    }

    public async Task<VoiceResponse> MenuAsync(TwilioRequest request, int attempt)
    {
        var now = time.GetUtcNow();
        var motive = ParseMotive(CallerInput.MenuKey(request, prompts.Speech));
        var response = new VoiceResponse();
        if (motive is null && attempt < 2)
        {
            twiml.Say(response, prompts.MenuRetry);
            return twiml.Menu(response, attempt + 1);
        }

        var chosen = motive ?? CallMotive.Unspecified;
        if (chosen == CallMotive.Urgent)
        {
            return await UrgentAsync(request, attempt, now);
        }

        // A key chosen keeps the call in the menu: one statement in the usual case (see CallRecords.ChangeAsync).
        Func<CancellationToken, Task<Guid?>>? statement = motive is null
            ? null
            : token => transitions.ChooseMotiveAsync(request.CallSid!, chosen, attempt, now, token);
        var stored = await records.ChangeAsync(request, now, statement, statusMoved: false, call =>
        {
            if (call.Status != CallStatus.InMenu)
            {
                return;
            }

            call.Motive = chosen;
            call.Priority = Call.PriorityOf(chosen);
            call.MenuAttempts = attempt;
            call.Record(CallEventKind.MenuChoice, now, $"motive={chosen}");
            if (motive is null)
            {
                // No input or an unclear answer twice: straight to the queue, never a hang-up.
                call.MoveTo(CallStatus.Queued, now);
            }
        });
        if (!stored)
        {
            return EnqueueWithoutDatabase(request, now, callerNumbers.Hash(request.From), null);
        }

        if (motive is null)
        {
            twiml.Say(response, prompts.PleaseHold);
            return twiml.Enqueue(response);
        }

        return twiml.PostalCode(response, attempt: 1);
    }

    /// <summary>
    /// Key 3: the emergency numbers first, what a parent can do at once about a minor's departure, then straight to
    /// the queue at the highest priority. No postal code is asked: every second counts.
    /// </summary>
    private async Task<VoiceResponse> UrgentAsync(TwilioRequest request, int attempt, DateTimeOffset now)
    {
        var place = Locate("");
        const string detail = "not-asked";
        var stored = await records.ChangeAsync(request, now,
            async token => await transitions.ChooseMotiveAsync(request.CallSid!, CallMotive.Urgent, attempt, now, token) is null
                ? null
                : await transitions.EnqueueFromMenuAsync(request.CallSid!, place, detail, now, token),
            statusMoved: true, call =>
            {
                if (call.Status != CallStatus.InMenu)
                {
                    return;
                }

                call.Motive = CallMotive.Urgent;
                call.Priority = Call.PriorityOf(CallMotive.Urgent);
                call.MenuAttempts = attempt;
                call.Record(CallEventKind.MenuChoice, now, $"motive={CallMotive.Urgent}");
                place.ApplyTo(call);
                call.Record(CallEventKind.LocationGiven, now, detail);
                call.MoveTo(CallStatus.Queued, now);
            });
        var response = new VoiceResponse();
        twiml.Say(response, prompts.EmergencyAdvice);
        twiml.Say(response, prompts.DepartureOpposition);
        twiml.Say(response, prompts.UrgentAcknowledged);
        if (!stored)
        {
            logger.LogWarning("Database unreachable: urgent call {CallSid} enqueued and journaled", request.CallSid);
            journal.Append(new JournalEntry(JournalEntryKind.Arrived, request.CallSid!, now, CallerHash: callerNumbers.Hash(request.From)));
        }

        return twiml.Enqueue(response);
    }

    /// <summary>The postal code is optional: none, or a wrong one twice, still reaches the queue.</summary>
    public async Task<VoiceResponse> PostalCodeAsync(TwilioRequest request, int attempt)
    {
        var now = time.GetUtcNow();
        var digits = new string((request.Digits ?? "").Where(char.IsAsciiDigit).Take(16).ToArray());
        var response = new VoiceResponse();
        if (digits.Length is > 0 and not 5 && attempt < 2)
        {
            twiml.Say(response, prompts.PostalCodeRetry);
            return twiml.PostalCode(response, attempt + 1);
        }

        var place = Locate(digits);
        var detail = LocationDetail(place);
        var stored = await records.ChangeAsync(request, now,
            token => transitions.EnqueueFromMenuAsync(request.CallSid!, place, detail, now, token), statusMoved: true, call =>
            {
                if (call.Status != CallStatus.InMenu)
                {
                    return;
                }

                place.ApplyTo(call);
                call.Record(CallEventKind.LocationGiven, now, detail);
                call.MoveTo(CallStatus.Queued, now);
            });
        if (!stored)
        {
            return EnqueueWithoutDatabase(request, now, callerNumbers.Hash(request.From), null);
        }

        twiml.Say(response, prompts.PleaseHold);
        return twiml.Enqueue(response);
    }

    /// <summary>What the postal code says of the place (the official geography); nothing given is a place too.</summary>
    internal CallPlace Locate(string digits)
    {
        if (digits.Length == 0)
        {
            return new CallPlace(CallLocation.NotGiven, null, null, null, [], null);
        }

        var version = $"COG {geography.CogYear}";
        if (digits.Length != 5)
        {
            return new CallPlace(CallLocation.Unknown, null, null, null, [], version);
        }

        var resolution = geography.ResolvePostalCode(digits);
        List<string> candidates = [.. resolution.Communes.Select(commune => commune.Code)];
        return resolution.Kind switch
        {
            PostalCodeResolutionKind.SingleDepartement => new CallPlace(
                CallLocation.Resolved, digits, resolution.Departement!.Code,
                resolution.Communes.Count == 1 ? resolution.Communes[0].Code : null, candidates, version),
            PostalCodeResolutionKind.Ambiguous => new CallPlace(CallLocation.Ambiguous, digits, null, null, candidates, version),
            _ => new CallPlace(CallLocation.Unknown, digits, null, null, candidates, version),
        };
    }

    private VoiceResponse EnqueueWithoutDatabase(TwilioRequest request, DateTimeOffset now, string? callerHash, Exception? exception)
    {
        logger.LogWarning("Database unreachable ({Reason}): call {CallSid} enqueued and journaled",
            exception?.GetType().Name ?? "earlier step", request.CallSid);
        journal.Append(new JournalEntry(JournalEntryKind.Arrived, request.CallSid!, now, CallerHash: callerHash));
        var response = new VoiceResponse();
        twiml.Say(response, prompts.Greeting);
        twiml.Say(response, prompts.EmergencyAdvice);
        twiml.Say(response, prompts.PleaseHold);
        return twiml.Enqueue(response);
    }

    private static string LocationDetail(CallPlace place) => place.Location switch
    {
        CallLocation.Resolved => $"departement={place.DepartementCode}",
        CallLocation.Ambiguous => "ambiguous",
        CallLocation.Unknown => "unknown",
        _ => "not-given",
    };

    private static CallMotive? ParseMotive(string? key) => key switch
    {
        "1" => CallMotive.Question,
        "2" => CallMotive.Signal,
        "3" => CallMotive.Urgent,
        _ => null,
    };
}
