using Hotline.Server.Data;
using Hotline.Server.Telephony;
using Hotline.Server.Telephony.TwilioRest;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hotline.Server.LiveConsole;

public sealed record ConnectionResult(bool Connected, ConnectionMode Mode, string? Reason);

/// <summary>
/// Puts a caller and a counsellor together through Twilio: takes that specific caller out of the
/// queue (never the front: our order is not Twilio's), or places a callback.
/// </summary>
public sealed class CallConnector(
    HotlineDbContext db,
    TwilioApi twilio,
    IOptions<TwilioOptions> twilioOptions,
    IOptions<TelephonyOptions> telephony,
    IDataProtectionProvider dataProtection,
    JournalReplay replay,
    TimeProvider time,
    ILogger<CallConnector> logger) : ICounsellorPhones
{
    internal const string PhoneNumberPurpose = "Hotline.Console.CounsellorPhone";

    public bool VoiceEnabled => twilioOptions.Value.VoiceEnabled;

    public ConnectionMode Mode => VoiceEnabled ? ConnectionMode.Browser : ConnectionMode.Simulated;

    /// <summary>How this counsellor is connected: their phone when they chose it, else the browser (or simulated).</summary>
    public async Task<ConnectionMode> ModeOfAsync(Guid userId, CancellationToken cancellationToken) =>
        await db.Counsellors.AsNoTracking().Where(c => c.UserId == userId)
            .Select(c => c.AnswerMode == AnswerMode.Phone && c.ProtectedPhoneNumber != null).FirstOrDefaultAsync(cancellationToken)
            ? ConnectionMode.Phone
            : Mode;

    /// <summary>The number to dial for a counsellor who answers on the phone; null for the browser.</summary>
    public async Task<string?> PhoneNumberOfAsync(Guid counsellorId, CancellationToken cancellationToken)
    {
        var counsellor = await db.Counsellors.AsNoTracking().FirstOrDefaultAsync(c => c.UserId == counsellorId, cancellationToken);
        return counsellor is { AnswerMode: AnswerMode.Phone, ProtectedPhoneNumber: { } protectedNumber }
            ? dataProtection.CreateProtector(PhoneNumberPurpose).Unprotect(protectedNumber)
            : null;
    }

    /// <summary>Sets how a counsellor answers, also before their first console connection (offline until then).</summary>
    public async Task SetAnswerModeAsync(Guid userId, AnswerMode mode, string? phoneNumber, CancellationToken cancellationToken)
    {
        var counsellor = await CounsellorRows.EnsureAsync(db, userId, time.GetUtcNow(), cancellationToken);

        counsellor.AnswerMode = mode;
        counsellor.ProtectedPhoneNumber = mode == AnswerMode.Phone && phoneNumber is not null
            ? dataProtection.CreateProtector(PhoneNumberPurpose).Protect(phoneNumber)
            : null;
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<ConnectionResult> ConnectAsync(Guid callId, Guid userId, CancellationToken cancellationToken)
    {
        var call = await db.Calls.AsNoTracking().FirstAsync(c => c.Id == callId, cancellationToken);
        var queueSid = call.QueueSid;
        if (queueSid is null)
        {
            // The wait URL has not told us the queue yet: look it up by name.
            if (await twilio.FindQueueSidAsync(telephony.Value.QueueName, cancellationToken) is not QueueLookupResult.Found found)
            {
                return new ConnectionResult(false, Mode, "queue-unknown");
            }

            queueSid = found.QueueSid;
        }

        var connectUrl = twilioOptions.Value.Url($"/telephony/twilio/connect?counsellor={userId:N}");
        var mode = await ModeOfAsync(userId, cancellationToken);
        return await twilio.DequeueAsync(queueSid, call.CallSid, connectUrl, cancellationToken) switch
        {
            DequeueResult.Dequeued => new ConnectionResult(true, mode, null),
            // Twilio may have done it: the connect webhook or the status callback will settle it.
            DequeueResult.Unknown => new ConnectionResult(true, mode, "unconfirmed"),
            DequeueResult.CallerGone => new ConnectionResult(false, mode, "caller-gone"),
            DequeueResult.Failed failed => new ConnectionResult(false, mode, failed.Reason),
            _ => new ConnectionResult(false, mode, "unexpected"),
        };
    }

    /// <summary>
    /// "Raccrocher": ends the counsellor's current live call through Twilio, then closes it as the caller's status
    /// callback would (wrap-up follows), without waiting for that callback: when the call was already over, the
    /// callback was lost (Twilio does not repeat it, e.g. sent during a database outage no instance could answer)
    /// and the counsellor would stay "on call" forever. False when there is no such call or Twilio did not end it.
    /// </summary>
    public async Task<bool> HangUpAsync(Guid userId, CancellationToken cancellationToken)
    {
        var callSid = await db.Counsellors.AsNoTracking()
            .Where(c => c.UserId == userId && c.Presence == Presence.OnCall && c.CurrentCallId != null)
            .Join(db.Calls, c => c.CurrentCallId, call => call.Id, (c, call) => call)
            .Where(call => call.CounsellorId == userId && (call.Status == Calls.CallStatus.Connected || call.Status == Calls.CallStatus.Connecting))
            .Select(call => call.CallSid)
            .FirstOrDefaultAsync(cancellationToken);
        if (callSid is null || await twilio.HangUpAsync(callSid, cancellationToken) is not HangUpResult.Ended ended)
        {
            return false;
        }

        if (ended.AlreadyOver)
        {
            logger.LogWarning("Call {CallSid} was already over at Twilio when counsellor {CounsellorId} hung up: its lost status callback is replayed", callSid, userId);
        }

        // Twilio says the call is over (some answers, the simulator's among them, do not tell whether it already was):
        // close it now through the status callback's own exactly-once path (keyed on CallSid + status), which settles
        // offers and starts the wrap-up. A status callback arriving after that changes nothing.
        await replay.ApplyOnceAsync(new JournalEntry(JournalEntryKind.Status, callSid, time.GetUtcNow(), Status: "completed"));
        return true;
    }

    /// <summary>Calls the family back; when they answer, the call is bridged to the counsellor.</summary>
    public async Task<ConnectionResult> CallBackAsync(Guid callId, Guid userId, CancellationToken cancellationToken)
    {
        var settings = twilioOptions.Value;
        if (settings.PhoneNumber is null)
        {
            return new ConnectionResult(false, Mode, "callback-not-configured");
        }

        var call = await db.Calls.AsNoTracking().FirstAsync(c => c.Id == callId, cancellationToken);
        if (call.ProtectedCallbackNumber is null)
        {
            return new ConnectionResult(false, Mode, "no-number");
        }

        var number = dataProtection.CreateProtector(MessageSteps.CallbackNumberPurpose).Unprotect(call.ProtectedCallbackNumber);
        // No message may be left unless the family said so: an answering machine is detected and hung up on.
        var discreet = call.CallbackMessageAllowed != true;
        var result = await twilio.CreateCallAsync(
            number, settings.PhoneNumber,
            settings.Url($"/telephony/twilio/connect?counsellor={userId:N}{(discreet ? "&discreet=1" : "")}"),
            settings.Url($"/telephony/twilio/callback-status?item={callId:N}&counsellor={userId:N}"),
            discreet, cancellationToken);
        return result switch
        {
            CreateCallResult.Created => new ConnectionResult(true, Mode, null),
            // Maybe placed: never try again blindly; its status callback will tell.
            CreateCallResult.Unknown => new ConnectionResult(true, Mode, "unconfirmed"),
            CreateCallResult.Failed failed => new ConnectionResult(false, Mode, failed.Reason),
            _ => new ConnectionResult(false, Mode, "unexpected"),
        };
    }
}
