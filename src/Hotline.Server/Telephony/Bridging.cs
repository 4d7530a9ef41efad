using Hotline.Server.Calls;
using Hotline.Server.Data;
using Microsoft.EntityFrameworkCore;
using Twilio.TwiML;
using Twilio.TwiML.Voice;

namespace Hotline.Server.Telephony;

/// <summary>
/// Bridging a dequeued caller (or an answered callback) to the counsellor, and what the Dial tells
/// when that leg ends or never answers.
/// </summary>
public sealed class Bridging(
    HotlineDbContext db,
    TimeProvider time,
    Prompts prompts,
    CallRecords records,
    ICounsellorPhones phones,
    QueueSignals signals,
    IvrTwiml twiml,
    ILogger<Bridging> logger)
{
    /// <summary>
    /// TwiML that bridges the caller to the counsellor's browser (Twilio Voice client identity) or phone.
    /// Twilio fetching it also confirms a dequeue whose answer was lost.
    /// </summary>
    public async Task<VoiceResponse> ConnectAsync(TwilioRequest request, Guid counsellorId, bool discreet = false)
    {
        if (discreet && request.AnsweredByMachine)
        {
            // The family said no message may be left: an answering machine is hung up on, never bridged.
            var hangUp = new VoiceResponse();
            hangUp.Hangup();
            return hangUp;
        }

        string? phone = null;
        try
        {
            using var budget = records.Budget();
            var now = time.GetUtcNow();
            phone = await phones.PhoneNumberOfAsync(counsellorId, budget.Token);
            var call = await records.FindAsync(request.CallSid!, budget.Token);
            if (call is { Status: CallStatus.Connecting } && call.CounsellorId == counsellorId
                && call.MoveTo(CallStatus.Connected, now, "confirmed by Twilio"))
            {
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
            dial.Client(VoiceClients.Identity(counsellorId));
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
        await records.UpdateAsync(request, now, call =>
        {
            if (call.Status is CallStatus.Connected or CallStatus.Connecting)
            {
                call.MoveTo(CallStatus.Queued, now, $"counsellor leg {request.DialCallStatus ?? "failed"}");
            }
        });
        twiml.Say(response, prompts.TechnicalProblem);
        return twiml.Enqueue(response);
    }
}
