using Hotline.Server.Data;
using Hotline.Server.ServiceDirectory.Geography;
using Hotline.Server.Calls;
using Hotline.Server.LiveConsole;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Twilio.TwiML;
using Twilio.TwiML.Voice;
using Task = System.Threading.Tasks.Task;

namespace Hotline.Server.Telephony;

/// <summary>
/// The voice menu and the queue's telephony side: each webhook updates the call in PostgreSQL and
/// answers TwiML. If the database cannot be reached within the budget, the caller is still greeted
/// and enqueued, and what happened is journaled for later.
/// </summary>
public sealed class CallFlow(
    HotlineDbContext db,
    TimeProvider time,
    IOptions<TelephonyOptions> telephony,
    OpeningHours hours,
    Prompts prompts,
    CallerNumbers callerNumbers,
    GeographyCatalog geography,
    OutageJournal journal,
    IDataProtectionProvider dataProtection,
    QueueSignals signals,
    IvrTwiml twiml,
    ILogger<CallFlow> logger)
{
    internal const string CallbackNumberPurpose = "Hotline.Telephony.CallbackNumber";

    private TelephonyOptions Settings => telephony.Value;

    // ---- Incoming call -------------------------------------------------------------------------

    public async Task<VoiceResponse> IncomingAsync(TwilioRequest request)
    {
        var now = time.GetUtcNow();
        var callerHash = callerNumbers.Hash(request.From);
        var open = Settings.AlwaysOpen || hours.IsOpen(now);
        try
        {
            using var budget = Budget();
            var call = await FindAsync(request.CallSid!, budget.Token);
            if (call is null)
            {
                call = new Call { CallSid = request.CallSid!, CallerHash = callerHash, ReceivedAt = now };
                call.Events.Add(Event(CallEventKind.Entered, now, open ? null : "closed"));
                if (!open)
                {
                    Move(call, CallStatus.MessageMenu, now);
                }

                db.Calls.Add(call);
                await db.SaveChangesAsync(budget.Token);
            }
            else if (call.Status is not (CallStatus.InMenu or CallStatus.MessageMenu))
            {
                // Twilio repeated the webhook after the caller moved on: put them back in the queue.
                return twiml.Enqueue(new VoiceResponse());
            }
        }
        catch (Exception exception) when (OutageJournal.IsDatabaseOutage(exception))
        {
            return EnqueueWithoutDatabase(request, now, callerHash, exception);
        }
        catch (DbUpdateException exception) when (IsUniqueViolation(exception))
        {
            // The same webhook raced itself: the other copy stored the call.
        }

        var response = new VoiceResponse();
        twiml.Say(response, prompts.Greeting);
        twiml.Say(response, prompts.EmergencyAdvice);
        return open ? twiml.Menu(response, attempt: 1) : twiml.Closed(response, now);
    }

    // ---- Menu: 1 question, 2 signal, 3 urgent ----------------------------------------------------

    public async Task<VoiceResponse> MenuAsync(TwilioRequest request, int attempt)
    {
        var now = time.GetUtcNow();
        var motive = ParseMotive(KeyFrom(request));
        var response = new VoiceResponse();
        if (motive is null && attempt < 2)
        {
            twiml.Say(response, prompts.MenuRetry);
            return twiml.Menu(response, attempt + 1);
        }

        var chosen = motive ?? CallMotive.Unspecified;
        var stored = await UpdateAsync(request, now, call =>
        {
            if (call.Status != CallStatus.InMenu)
            {
                return;
            }

            call.Motive = chosen;
            call.Priority = Call.PriorityOf(chosen);
            call.MenuAttempts = attempt;
            call.Events.Add(Event(CallEventKind.MenuChoice, now, $"motive={chosen}"));
            if (motive is null)
            {
                // No input or an invalid key twice: straight to the queue, never a hang-up.
                Move(call, CallStatus.Queued, now);
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

        if (chosen == CallMotive.Urgent)
        {
            twiml.Say(response, prompts.UrgentAcknowledged);
            twiml.Say(response, prompts.EmergencyAdvice);
        }

        return twiml.PostalCode(response, attempt: 1);
    }

    // ---- Postal code (optional) ----------------------------------------------------------------

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

        var stored = await UpdateAsync(request, now, call =>
        {
            if (call.Status != CallStatus.InMenu)
            {
                return;
            }

            ApplyLocation(call, digits);
            call.Events.Add(Event(CallEventKind.LocationGiven, now, LocationDetail(call)));
            Move(call, CallStatus.Queued, now);
        });
        if (!stored)
        {
            return EnqueueWithoutDatabase(request, now, callerNumbers.Hash(request.From), null);
        }

        twiml.Say(response, prompts.PleaseHold);
        return twiml.Enqueue(response);
    }

    internal void ApplyLocation(Call call, string digits)
    {
        call.PostalCode = null;
        call.CommuneCode = null;
        call.DepartementCode = null;
        call.CandidateCommuneCodes = [];
        if (digits.Length == 0)
        {
            call.Location = CallLocation.NotGiven;
            return;
        }

        call.GeographyVersion = $"COG {geography.CogYear}";
        if (digits.Length != 5)
        {
            call.Location = CallLocation.Unknown;
            return;
        }

        call.PostalCode = digits;
        var resolution = geography.ResolvePostalCode(digits);
        call.CandidateCommuneCodes = [.. resolution.Communes.Select(commune => commune.Code)];
        switch (resolution.Kind)
        {
            case PostalCodeResolutionKind.SingleDepartement:
                call.Location = CallLocation.Resolved;
                call.DepartementCode = resolution.Departement!.Code;
                call.CommuneCode = resolution.Communes.Count == 1 ? resolution.Communes[0].Code : null;
                break;
            case PostalCodeResolutionKind.Ambiguous:
                call.Location = CallLocation.Ambiguous;
                break;
            default:
                call.Location = CallLocation.Unknown;
                break;
        }
    }

    // ---- Waiting in the queue ------------------------------------------------------------------

    public async Task<VoiceResponse> WaitAsync(TwilioRequest request)
    {
        var now = time.GetUtcNow();
        var response = new VoiceResponse();
        try
        {
            using var budget = Budget();
            if (request.QueueSid is not null)
            {
                // Needed to dequeue this caller later: recorded on its own so no concurrent change can lose it.
                await db.Calls.Where(c => c.CallSid == request.CallSid && c.QueueSid == null)
                    .ExecuteUpdateAsync(set => set.SetProperty(c => c.QueueSid, request.QueueSid), budget.Token);
            }

            var call = await FindAsync(request.CallSid!, budget.Token);
            if (call is not null && CallStateMachine.IsInQueue(call.Status))
            {
                if (call.LastAnnouncedAt is null || now - call.LastAnnouncedAt >= Settings.AnnouncementInterval)
                {
                    var position = await PositionAsync(call, budget.Token);
                    twiml.Say(response, prompts.QueuePosition(position));
                    var estimate = await EstimatedWaitMinutesAsync(call, now, budget.Token);
                    if (estimate is not null)
                    {
                        twiml.Say(response, prompts.EstimatedWait(estimate.Value));
                    }

                    call.LastAnnouncedAt = now;
                    call.Events.Add(Event(CallEventKind.Announced, now, $"position={position}"));
                }

                var waited = now - (call.QueuedAt ?? call.ReceivedAt);
                var lastOffer = call.OverflowOfferedAt ?? call.QueuedAt ?? call.ReceivedAt;
                if (waited >= Settings.MaxWait && (call.OverflowOfferedAt is null || now - lastOffer >= Settings.MaxWait))
                {
                    var gather = new Gather(
                        input: [Gather.InputEnum.Dtmf], numDigits: 1, timeout: 6,
                        action: twiml.Url("/wait-choice"), method: Twilio.Http.HttpMethod.Post);
                    twiml.SayIn(gather, prompts.OverflowOffer);
                    response.Append(gather);
                    call.OverflowOfferedAt = now;
                    call.Events.Add(Event(CallEventKind.OverflowOffered, now, $"wait={(int)waited.TotalSeconds}s"));
                }

                await db.SaveChangesAsync(budget.Token);
            }
        }
        catch (Exception exception) when (OutageJournal.IsDatabaseOutage(exception) || exception is DbUpdateConcurrencyException)
        {
            // Without the database the caller simply keeps waiting with music.
            logger.LogWarning("Wait announcement skipped: {Reason}", exception.GetType().Name);
        }

        return twiml.Hold(response);
    }

    public async Task<VoiceResponse> WaitChoiceAsync(TwilioRequest request)
    {
        var response = new VoiceResponse();
        if (request.Digits?.Trim() != "1")
        {
            return response; // back to the hold music
        }

        var now = time.GetUtcNow();
        var stored = await UpdateAsync(request, now, call =>
        {
            if (CallStateMachine.IsInQueue(call.Status))
            {
                call.LeavingQueue = true;
            }
        });
        if (stored)
        {
            response.Leave();
        }

        return response;
    }

    /// <summary>The Enqueue action: the caller left the queue (hung up, chose a message, was bridged…).</summary>
    public async Task<VoiceResponse> QueueResultAsync(TwilioRequest request)
    {
        var now = time.GetUtcNow();
        var result = request.QueueResult ?? "";
        var response = new VoiceResponse();
        switch (result)
        {
            case "hangup":
                await ApplyOnceAsync(request, now, new JournalEntry(JournalEntryKind.QueueResult, request.CallSid!, now, Status: result, QueueSeconds: request.QueueTime, IdempotencyToken: request.IdempotencyToken));
                return response;
            case "leave":
                var leaving = false;
                await UpdateAsync(request, now, call =>
                {
                    if (call.LeavingQueue && CallStateMachine.CanMove(call.Status, CallStatus.MessageMenu))
                    {
                        call.WaitSeconds = request.QueueTime ?? (int)(now - (call.QueuedAt ?? now)).TotalSeconds;
                        Move(call, CallStatus.MessageMenu, now);
                        leaving = true;
                    }
                });
                return leaving ? twiml.MessageMenu(response, attempt: 1) : twiml.Enqueue(response);
            case "bridged" or "bridging-in-process" or "redirected":
                return response;
            default:
                // queue-full, error, system-error, system-shutdown: never drop the caller.
                logger.LogWarning("Queue result {QueueResult}: re-enqueuing the caller", result);
                twiml.Say(response, prompts.TechnicalProblem);
                return twiml.Enqueue(response);
        }
    }

    // ---- Connecting to a counsellor (the URL a dequeued caller is sent to) ------------------------

    /// <summary>
    /// TwiML that bridges the dequeued caller (or the answered callback) to the counsellor's browser
    /// (Twilio Voice client identity). Twilio fetching it also confirms a dequeue whose answer was lost.
    /// </summary>
    public async Task<VoiceResponse> ConnectAsync(TwilioRequest request, Guid counsellorId, CallConnector connector)
    {
        string? phone = null;
        try
        {
            using var budget = Budget();
            var now = time.GetUtcNow();
            phone = await connector.PhoneNumberOfAsync(counsellorId, budget.Token);
            var call = await FindAsync(request.CallSid!, budget.Token);
            if (call is { Status: CallStatus.Connecting } && call.CounsellorId == counsellorId)
            {
                call.Status = CallStatus.Connected;
                call.AnsweredAt ??= now;
                call.WaitSeconds ??= (int)Math.Max(0, (now - (call.QueuedAt ?? call.ReceivedAt)).TotalSeconds);
                call.Events.Add(Event(CallEventKind.Connected, now, "confirmed by Twilio"));
                await db.SaveChangesAsync(budget.Token);
                signals.CallChanged(call.Id);
            }
        }
        catch (Exception exception) when (OutageJournal.IsDatabaseOutage(exception) || exception is DbUpdateConcurrencyException)
        {
            // Bridging matters more than the bookkeeping.
            logger.LogWarning("Connect confirmation skipped: {Reason}", exception.GetType().Name);
        }

        var response = new VoiceResponse();
        var dial = new Dial(
            action: twiml.Url($"/dial-result?counsellor={counsellorId:N}"), method: Twilio.Http.HttpMethod.Post,
            timeout: 20, answerOnBridge: true);
        if (phone is not null)
        {
            // The counsellor chose to answer on their own phone; the caller sees the line's number.
            dial.Number(phone);
        }
        else
        {
            dial.Client(CallConnector.ClientIdentity(counsellorId));
        }

        response.Append(dial);
        return response;
    }

    /// <summary>The Dial action: the conversation ended, or the counsellor's leg never answered.</summary>
    public async Task<VoiceResponse> DialResultAsync(TwilioRequest request)
    {
        var response = new VoiceResponse();
        if (request.DialCallStatus is "completed" or "answered")
        {
            response.Hangup();
            return response;
        }

        var now = time.GetUtcNow();
        await UpdateAsync(request, now, call =>
        {
            if (call.Status is CallStatus.Connected or CallStatus.Connecting)
            {
                call.Status = CallStatus.Queued;
                call.CounsellorId = null;
                call.Events.Add(Event(CallEventKind.Queued, now, $"counsellor leg {request.DialCallStatus ?? "failed"}"));
            }
        });
        twiml.Say(response, prompts.TechnicalProblem);
        return twiml.Enqueue(response);
    }

    // ---- Voicemail and callback ----------------------------------------------------------------

    public async Task<VoiceResponse> MessageChoiceAsync(TwilioRequest request, int attempt)
    {
        var now = time.GetUtcNow();
        var response = new VoiceResponse();
        var key = KeyFrom(request);
        if (key == "2")
        {
            var number = CallerNumbers.Normalize(request.From);
            if (number is null)
            {
                twiml.Say(response, prompts.CallbackNeedsNumber);
                return twiml.Record(response);
            }

            var protector = dataProtection.CreateProtector(CallbackNumberPurpose);
            var stored = await UpdateAsync(request, now, call =>
            {
                if (CallStateMachine.CanMove(call.Status, CallStatus.CallbackRequested))
                {
                    call.ProtectedCallbackNumber = protector.Protect(number);
                    Move(call, CallStatus.CallbackRequested, now);
                }
            });
            if (!stored)
            {
                // Without the database the request cannot be kept safely: take a message instead.
                twiml.Say(response, prompts.TechnicalProblem);
                return twiml.Record(response);
            }

            twiml.Say(response, prompts.CallbackConfirmed);
            response.Hangup();
            return response;
        }

        if (key == "1" || attempt >= 2)
        {
            // No choice twice: a message is the one path that needs no key.
            return twiml.Record(response);
        }

        twiml.Say(response, prompts.MenuRetry);
        return twiml.MessageMenu(response, attempt + 1);
    }

    /// <summary>The Record action: the caller finished the message.</summary>
    public async Task<VoiceResponse> VoicemailDoneAsync(TwilioRequest request)
    {
        var now = time.GetUtcNow();
        if (request.RecordingSid is not null && request.RecordingDuration > 0)
        {
            await ApplyOnceAsync(request, now, RecordingEntry(request, now), idempotencyKey: $"recording:{request.RecordingSid}");
        }

        var response = new VoiceResponse();
        twiml.Say(response, prompts.VoicemailThanks);
        response.Hangup();
        return response;
    }

    /// <summary>The recording status callback: the recording is stored at Twilio.</summary>
    public Task RecordingAsync(TwilioRequest request)
    {
        var now = time.GetUtcNow();
        if (request.RecordingStatus != "completed" || request.RecordingSid is null || !(request.RecordingDuration > 0))
        {
            return Task.CompletedTask;
        }

        return ApplyOnceAsync(request, now, RecordingEntry(request, now), idempotencyKey: $"recording:{request.RecordingSid}");
    }

    private static JournalEntry RecordingEntry(TwilioRequest request, DateTimeOffset now) =>
        new(JournalEntryKind.Recording, request.CallSid!, now, RecordingSid: request.RecordingSid,
            RecordingUrl: request.RecordingUrl, RecordingSeconds: request.RecordingDuration);

    // ---- Status callback -------------------------------------------------------------------------

    public Task StatusAsync(TwilioRequest request)
    {
        var now = time.GetUtcNow();
        if (request.CallStatus is not ("completed" or "busy" or "failed" or "no-answer" or "canceled"))
        {
            return Task.CompletedTask; // initiated, ringing, answered, in-progress: nothing to record
        }

        return ApplyOnceAsync(request, now, new JournalEntry(JournalEntryKind.Status, request.CallSid!, now, Status: request.CallStatus, IdempotencyToken: request.IdempotencyToken));
    }

    // ---- Applying webhooks once, now or after an outage --------------------------------------------

    /// <summary>Applies an event exactly once (keyed on Twilio's idempotency token or CallSid + event); journals it if the database is down.</summary>
    private async Task ApplyOnceAsync(TwilioRequest request, DateTimeOffset now, JournalEntry entry, string? idempotencyKey = null)
    {
        try
        {
            using var budget = Budget();
            await ApplyAsync(entry, idempotencyKey, fromJournal: false, budget.Token);
        }
        catch (Exception exception) when (OutageJournal.IsDatabaseOutage(exception))
        {
            logger.LogWarning("Database unreachable: {Kind} for call {CallSid} journaled", entry.Kind, request.CallSid);
            journal.Append(entry);
        }
    }

    public Task ApplyJournalEntryAsync(JournalEntry entry, CancellationToken cancellationToken) =>
        ApplyAsync(entry, entry.Kind == JournalEntryKind.Recording ? $"recording:{entry.RecordingSid}" : null, fromJournal: true, cancellationToken);

    private async Task ApplyAsync(JournalEntry entry, string? idempotencyKey, bool fromJournal, CancellationToken cancellationToken)
    {
        var key = idempotencyKey ?? entry.Kind switch
        {
            JournalEntryKind.Arrived => null, // the unique CallSid makes arrivals idempotent
            _ when entry.IdempotencyToken is not null => $"token:{entry.IdempotencyToken}",
            _ => $"{entry.Kind}:{entry.CallSid}:{entry.Status}".ToLowerInvariant(),
        };

        for (var attempt = 1; ; attempt++)
        {
            db.ChangeTracker.Clear();
            if (key is not null && await db.ProcessedWebhooks.AnyAsync(w => w.Key == key, cancellationToken))
            {
                return;
            }

            var call = await FindAsync(entry.CallSid, cancellationToken);
            if (call is null)
            {
                if (entry.Kind != JournalEntryKind.Arrived && entry.Kind != JournalEntryKind.Status)
                {
                    return; // nothing to attach it to; the arrival of an unknown call is reconciled separately
                }

                call = new Call { CallSid = entry.CallSid, CallerHash = entry.CallerHash, ReceivedAt = entry.At, Status = CallStatus.InMenu };
                call.Events.Add(Event(CallEventKind.Entered, entry.At, fromJournal ? null : "first seen in a status callback"));
                if (fromJournal)
                {
                    call.Events.Add(Event(CallEventKind.Reconciled, time.GetUtcNow(), "recorded after a database outage"));
                }

                if (entry.Kind == JournalEntryKind.Arrived)
                {
                    Move(call, CallStatus.Queued, entry.At);
                }

                db.Calls.Add(call);
            }

            var before = db.Entry(call).State == EntityState.Added ? (CallStatus?)null : call.Status;
            Apply(call, entry);
            if (key is not null)
            {
                db.ProcessedWebhooks.Add(new ProcessedWebhook { Key = key, ProcessedAt = time.GetUtcNow() });
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                if (call.Status != before)
                {
                    signals.CallChanged(call.Id);
                }

                return;
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                // Another webhook for the same call won the race: reload and apply again.
            }
            catch (DbUpdateException exception) when (IsUniqueViolation(exception))
            {
                return; // the same webhook, delivered twice at once, was applied by the other copy
            }
        }
    }

    private static void Apply(Call call, JournalEntry entry)
    {
        switch (entry.Kind)
        {
            case JournalEntryKind.Status:
                End(call, entry.At, entry.QueueSeconds);
                break;
            case JournalEntryKind.QueueResult when entry.Status == "hangup":
                End(call, entry.At, entry.QueueSeconds);
                break;
            case JournalEntryKind.Recording:
                call.RecordingSid = entry.RecordingSid;
                call.RecordingUrl = entry.RecordingUrl;
                call.RecordingSeconds = entry.RecordingSeconds;
                if (CallStateMachine.CanMove(call.Status, CallStatus.Voicemail))
                {
                    Move(call, CallStatus.Voicemail, entry.At);
                }

                break;
        }
    }

    /// <summary>The caller hung up or the call finished: Abandoned while waiting, Completed once connected.</summary>
    private static void End(Call call, DateTimeOffset at, int? queueSeconds)
    {
        if (CallStateMachine.IsWaiting(call.Status))
        {
            if (call.QueuedAt is not null)
            {
                call.WaitSeconds = queueSeconds ?? Math.Max(0, (int)(at - call.QueuedAt.Value).TotalSeconds);
            }

            call.EndedAt = at;
            Move(call, CallStatus.Abandoned, at, call.WaitSeconds is null ? null : $"wait={call.WaitSeconds}s");
        }
        else if (call.Status == CallStatus.Connected)
        {
            call.EndedAt = at;
            Move(call, CallStatus.Completed, at);
        }
        else
        {
            call.EndedAt ??= at;
        }
    }

    /// <summary>What a step answers when it failed unexpectedly: waiting callers keep the music, others are enqueued.</summary>
    public VoiceResponse SafetyNet(bool waiting)
    {
        var response = new VoiceResponse();
        if (waiting)
        {
            return twiml.Hold(response);
        }

        twiml.Say(response, prompts.TechnicalProblem);
        return twiml.Enqueue(response);
    }

    // ---- Helpers -----------------------------------------------------------------------------------

    /// <summary>Loads the call, applies a change and saves it; false when the database is unreachable.</summary>
    private async Task<bool> UpdateAsync(TwilioRequest request, DateTimeOffset now, Action<Call> change)
    {
        try
        {
            using var budget = Budget();
            for (var attempt = 1; ; attempt++)
            {
                db.ChangeTracker.Clear();
                var call = await FindAsync(request.CallSid!, budget.Token);
                if (call is null)
                {
                    // A call we never saw (it arrived during an outage, or the webhook is stray): start its record now.
                    call = new Call { CallSid = request.CallSid!, CallerHash = callerNumbers.Hash(request.From), ReceivedAt = now };
                    call.Events.Add(Event(CallEventKind.Entered, now, "first seen mid-flow"));
                    db.Calls.Add(call);
                }

                var before = call.Status;
                change(call);
                try
                {
                    await db.SaveChangesAsync(budget.Token);
                    if (call.Status != before)
                    {
                        signals.CallChanged(call.Id);
                    }

                    return true;
                }
                catch (DbUpdateConcurrencyException) when (attempt < 3)
                {
                }
            }
        }
        catch (Exception exception) when (OutageJournal.IsDatabaseOutage(exception))
        {
            logger.LogWarning("Database unreachable during the menu of call {CallSid}", request.CallSid);
            return false;
        }
    }

    private Task<Call?> FindAsync(string callSid, CancellationToken cancellationToken) =>
        db.Calls.FirstOrDefaultAsync(call => call.CallSid == callSid, cancellationToken);

    /// <summary>Our queue order: priority, then arrival. Twilio's own queue is FIFO; we dequeue by CallSid.</summary>
    private async Task<int> PositionAsync(Call call, CancellationToken cancellationToken)
    {
        var queuedAt = call.QueuedAt ?? call.ReceivedAt;
        var ahead = await db.Calls.CountAsync(other =>
            (other.Status == CallStatus.Queued || other.Status == CallStatus.Offered)
            && other.Id != call.Id
            && (other.Priority > call.Priority || (other.Priority == call.Priority && other.QueuedAt < queuedAt)),
            cancellationToken);
        return ahead + 1;
    }

    /// <summary>
    /// The mean wait of calls answered in the last two hours, less what this caller already waited.
    /// Null (nothing announced) when too few calls were answered to say anything honest.
    /// </summary>
    private async Task<int?> EstimatedWaitMinutesAsync(Call call, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var since = now.AddHours(-2);
        var waits = await db.Calls
            .Where(other => other.AnsweredAt != null && other.AnsweredAt >= since && other.WaitSeconds != null)
            .Select(other => other.WaitSeconds!.Value)
            .ToListAsync(cancellationToken);
        if (waits.Count < 3)
        {
            return null;
        }

        var waited = (now - (call.QueuedAt ?? call.ReceivedAt)).TotalSeconds;
        return (int)Math.Max(1, Math.Ceiling((waits.Average() - waited) / 60));
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

    private static void Move(Call call, CallStatus to, DateTimeOffset at, string? detail = null)
    {
        if (!CallStateMachine.CanMove(call.Status, to))
        {
            return;
        }

        call.Status = to;
        if (to == CallStatus.Queued)
        {
            call.QueuedAt ??= at;
        }

        var kind = to switch
        {
            CallStatus.Queued => CallEventKind.Queued,
            CallStatus.Abandoned => CallEventKind.Abandoned,
            CallStatus.Completed => CallEventKind.Completed,
            CallStatus.Voicemail => CallEventKind.Voicemail,
            CallStatus.CallbackRequested => CallEventKind.CallbackRequested,
            CallStatus.Connected => CallEventKind.Connected,
            CallStatus.Offered => CallEventKind.Offered,
            _ => (CallEventKind?)null,
        };
        if (kind is not null)
        {
            call.Events.Add(Event(kind.Value, at, detail));
        }
    }

    private static CallEvent Event(CallEventKind kind, DateTimeOffset at, string? detail) => new() { Kind = kind, At = at, Detail = detail };

    private static string LocationDetail(Call call) => call.Location switch
    {
        CallLocation.Resolved => $"departement={call.DepartementCode}",
        CallLocation.Ambiguous => "ambiguous",
        CallLocation.Unknown => "unknown",
        _ => "not-given",
    };

    private string? KeyFrom(TwilioRequest request)
    {
        var digits = request.Digits?.Trim();
        if (!string.IsNullOrEmpty(digits))
        {
            return digits.Length == 1 ? digits : null;
        }

        if (string.IsNullOrWhiteSpace(request.SpeechResult))
        {
            return null;
        }

        var words = request.SpeechResult.Split([' ', ',', '.', '!', '?', '\''], StringSplitOptions.RemoveEmptyEntries);
        foreach (var word in words)
        {
            if (word.Length == 1 && char.IsAsciiDigit(word[0]))
            {
                return word;
            }

            if (prompts.SpokenKeys.TryGetValue(word, out var key))
            {
                return key;
            }
        }

        return null;
    }

    private static CallMotive? ParseMotive(string? key) => key switch
    {
        "1" => CallMotive.Question,
        "2" => CallMotive.Signal,
        "3" => CallMotive.Urgent,
        _ => null,
    };

    private CancellationTokenSource Budget() => new(Settings.DatabaseBudget, time);

    private static bool IsUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
