using System.Security.Claims;
using Hotline.Server.Audit;
using Hotline.Server.Triage;
using Hotline.Server.Data;
using Hotline.Server.Geography;
using Hotline.Server.Calls;
using Hotline.Server.Referrals;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Server.LiveConsole;

/// <summary>Where the triage of a call a counsellor handled stands.</summary>
public enum TriageProgress
{
    /// <summary>Nothing saved yet.</summary>
    NotStarted,

    /// <summary>Saved without an outcome.</summary>
    Incomplete,

    /// <summary>The outcome refers the family to a cell and nothing was sent yet.</summary>
    ToRefer,

    Complete,
}

/// <summary>
/// One call the signed-in user handled, to find it again and complete its triage. No personal data:
/// no postal code, commune, summary or caller detail; the département and the time are enough to recognise it.
/// <see cref="ReferralState"/> and <see cref="ReferralClosingReason"/> are the line's feedback: what became of the
/// referral it sent, followed through redirections (never the receiving services' notes).
/// </summary>
public sealed record MyCall(
    Guid CallId,
    CallCardKind Kind,
    CallMotive Motive,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? AnsweredAt,
    DateTimeOffset? EndedAt,
    string? DepartementCode,
    string? DepartementName,
    TriageProgress Progress,
    TriageOutcome? Outcome,
    DateTimeOffset? TriageUpdatedAt,
    ReferralState? ReferralState,
    ClosingReason? ReferralClosingReason = null,
    string? ReferralReference = null);

/// <param name="Days">The window the list covers, in days back from now.</param>
/// <param name="Calls">Most recent first.</param>
public sealed record MyCallsView(int Days, IReadOnlyList<MyCall> Calls);

/// <summary><c>GET /api/calls/mine</c>: the calls the signed-in counsellor handled recently, with where their triage stands.</summary>
internal static class MyCalls
{
    public const int DefaultDays = 7;

    public const int MaxDays = 30;

    public const int MaxCalls = 200;

    /// <param name="days">How far back (1–30, default 7).</param>
    /// <param name="pending">Only the calls whose triage is not complete (not started, no outcome, or a referral to send).</param>
    public static async Task<Ok<MyCallsView>> List(
        ClaimsPrincipal user, HotlineDbContext db, GeographyCatalog geography, TimeProvider time, AuditLog audit,
        int? days, bool? pending, CancellationToken cancellationToken)
    {
        var userId = TriageEndpoints.UserId(user);
        var window = Math.Clamp(days ?? DefaultDays, 1, MaxDays);
        var since = time.GetUtcNow() - TimeSpan.FromDays(window);

        // Scoped in the query to the user's own calls: a call the counsellor answered (live) or took
        // (voicemail, callback). Calls whose connection failed went back to the queue without a holder.
        var calls = db.Calls.AsNoTracking()
            .Where(c => c.CounsellorId == userId && c.ReceivedAt >= since
                && (c.AnsweredAt != null || c.Status == CallStatus.Voicemail || c.Status == CallStatus.CallbackRequested || c.Status == CallStatus.WebMessage));
        var rows = from c in calls
                   join t in db.Triages.AsNoTracking() on c.Id equals t.CallId into triages
                   from t in triages.DefaultIfEmpty()
                   select new
                   {
                       c.Id,
                       c.Status,
                       c.Motive,
                       c.ReceivedAt,
                       c.AnsweredAt,
                       c.EndedAt,
                       c.HandledAt,
                       c.DepartementCode,
                       Saved = t != null,
                       Outcome = t == null ? null : t.Outcome,
                       UpdatedAt = t == null ? (DateTimeOffset?)null : t.UpdatedAt,
                       // Where the referral sent from the triage stands now: the end of its (linear) chain of redirections.
                       ReferralState = t == null
                           ? null
                           : db.Referrals.Where(r => r.TriageId == t.Id && r.RedirectedToId == null).OrderByDescending(r => r.SentAt).Select(r => (ReferralState?)r.State).FirstOrDefault(),
                       ClosingReason = t == null
                           ? null
                           : db.Referrals.Where(r => r.TriageId == t.Id && r.RedirectedToId == null).OrderByDescending(r => r.SentAt).Select(r => r.ClosingReason).FirstOrDefault(),
                       // The reference of the referral the counsellor sent (what they quote when asked about it).
                       ReferralReference = t == null
                           ? null
                           : db.Referrals.Where(r => r.TriageId == t.Id && r.PreviousReferralId == null).OrderByDescending(r => r.SentAt).Select(r => r.Reference).FirstOrDefault(),
                   };
        if (pending == true)
        {
            rows = rows.Where(r => !r.Saved || r.Outcome == null
                || ((r.Outcome == TriageOutcome.ReferToDepartementalCell || r.Outcome == TriageOutcome.ReferToCommuneCell
                    || r.Outcome == TriageOutcome.ReferToChildProtection)
                    // Recalled (sent by mistake, withdrawn): still to be sent, corrected.
                    && (r.ReferralState == null || r.ReferralState == ReferralState.Recalled)));
        }

        var list = await rows.OrderByDescending(r => r.ReceivedAt).Take(MaxCalls).ToListAsync(cancellationToken);
        await audit.RecordAsync(AuditAction.Read, AuditEntity, userId.ToString(), cancellationToken: cancellationToken);
        return TypedResults.Ok(new MyCallsView(window, [.. list.Select(r => new MyCall(
            r.Id,
            r.Status switch
            {
                CallStatus.Voicemail => CallCardKind.Voicemail,
                CallStatus.CallbackRequested => CallCardKind.Callback,
                CallStatus.WebMessage => CallCardKind.WebMessage,
                _ => CallCardKind.Live,
            },
            r.Motive,
            r.ReceivedAt,
            r.AnsweredAt,
            r.EndedAt ?? r.HandledAt,
            r.DepartementCode,
            geography.FindDepartement(r.DepartementCode)?.Name,
            Progress(r.Saved, r.Outcome, r.ReferralState),
            r.Outcome,
            r.UpdatedAt,
            r.ReferralState,
            r.ClosingReason,
            r.ReferralReference))]));
    }

    /// <summary>Audit entity of the list (the id is the reader's own user id: the list holds only their calls).</summary>
    public const string AuditEntity = "MyCalls";

    public static TriageProgress Progress(bool saved, TriageOutcome? outcome, ReferralState? referral) =>
        !saved ? TriageProgress.NotStarted
        : outcome is null ? TriageProgress.Incomplete
        : outcome is TriageOutcome.ReferToDepartementalCell or TriageOutcome.ReferToCommuneCell or TriageOutcome.ReferToChildProtection && referral is null
            ? TriageProgress.ToRefer
        : TriageProgress.Complete;
}
