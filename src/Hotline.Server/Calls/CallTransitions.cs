using Hotline.Server.Data;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Server.Calls;

/// <summary>
/// The call changes that two people or two instances may race for, settled by one conditional UPDATE in
/// PostgreSQL (the condition is read as of the write, never from an older read). Each returns whether it
/// applied. With <see cref="Call.MoveTo"/>, the only code that changes a call's status or holder.
/// </summary>
public sealed class CallTransitions(HotlineDbContext db)
{
    /// <summary>An accepted offer: the offered call becomes this counsellor's, connecting.</summary>
    public async Task<bool> TakeOfferedAsync(Guid callId, Guid counsellorId, CancellationToken cancellationToken) =>
        await db.Calls
            .Where(c => c.Id == callId && c.Status == CallStatus.Offered)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.Status, CallStatus.Connecting).SetProperty(c => c.CounsellorId, counsellorId), cancellationToken) == 1;

    /// <summary>An offer closed (declined, expired, withdrawn): the offered call is queued again at its place.</summary>
    public async Task<bool> RequeueOfferedAsync(Guid callId, CancellationToken cancellationToken) =>
        await db.Calls
            .Where(c => c.Id == callId && c.Status == CallStatus.Offered)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.Status, CallStatus.Queued), cancellationToken) == 1;

    /// <summary>
    /// A counsellor takes a waiting caller from the queue ("Prendre"; any pending offer of it closed first): the call
    /// becomes theirs, connecting, with its Offered event, in one statement. False when it is no longer waiting.
    /// </summary>
    public async Task<bool> TakeWaitingAsync(Guid callId, Guid counsellorId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        string[] waiting = [nameof(CallStatus.Queued), nameof(CallStatus.Offered)];
        return (await db.QueryIdsAsync($"""
            WITH taken AS (
                UPDATE calls SET status = {nameof(CallStatus.Connecting)}, counsellor_id = {counsellorId}
                WHERE id = {callId} AND status = ANY({waiting})
                RETURNING id)
            INSERT INTO call_events (call_id, kind, at, detail)
            SELECT id, {nameof(CallEventKind.Offered)}, {at}, {$"counsellor={counsellorId} taken"} FROM taken
            RETURNING call_id AS "Value"
            """, cancellationToken)).Count == 1;
    }

    /// <summary>Twilio could not take the caller out of its queue: the connecting call is queued again and nobody's.</summary>
    public async Task<bool> ConnectionFailedAsync(Guid callId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var requeued = await db.Calls
            .Where(c => c.Id == callId && c.Status == CallStatus.Connecting)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.Status, CallStatus.Queued).SetProperty(c => c.CounsellorId, (Guid?)null), cancellationToken) == 1;
        // Only a move that happened is an event (a hang-up or another instance may have settled the call first).
        if (requeued)
        {
            await RecordAsync(callId, CallEventKind.Queued, at, "connection failed", cancellationToken);
        }

        return requeued;
    }

    /// <summary>An accepted offer of a voicemail or callback item: the item becomes this counsellor's (its status stays).</summary>
    public async Task<bool> ClaimWorkItemAsync(Guid callId, Guid counsellorId, CancellationToken cancellationToken) =>
        await db.Calls
            .Where(c => c.Id == callId && (c.Status == CallStatus.Voicemail || c.Status == CallStatus.CallbackRequested || c.Status == CallStatus.WebMessage)
                && c.CounsellorId == null && c.HandledAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.CounsellorId, counsellorId), cancellationToken) == 1;

    /// <summary>The counsellor holding a voicemail or callback item handled it: it leaves the board, the callback number is erased.</summary>
    public async Task<bool> FinishWorkItemAsync(Guid callId, Guid counsellorId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var finished = await db.Calls
            .Where(c => c.Id == callId && c.CounsellorId == counsellorId && c.HandledAt == null
                && (c.Status == CallStatus.Voicemail || c.Status == CallStatus.CallbackRequested || c.Status == CallStatus.WebMessage))
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.HandledAt, at).SetProperty(c => c.ProtectedCallbackNumber, (string?)null), cancellationToken) == 1;
        if (finished)
        {
            await RecordAsync(callId, CallEventKind.Completed, at, $"item handled counsellor={counsellorId}", cancellationToken);
        }

        return finished;
    }

    /// <summary>A supervisor reviewed a held web message: it joins the board.</summary>
    public async Task<bool> ReleaseHeldAsync(Guid callId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var released = await db.Calls
            .Where(c => c.Id == callId && c.Status == CallStatus.WebMessage && c.HeldForReview)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.HeldForReview, false), cancellationToken) == 1;
        if (released)
        {
            await RecordAsync(callId, CallEventKind.ReleasedFromReview, at, null, cancellationToken);
        }

        return released;
    }

    /// <summary>A callback not answered or not placed: the item is nobody's again, back on the board.</summary>
    public async Task<bool> ReleaseWorkItemAsync(Guid callId, Guid counsellorId, CancellationToken cancellationToken) =>
        await db.Calls
            .Where(c => c.Id == callId && c.CounsellorId == counsellorId && c.HandledAt == null)
            .ExecuteUpdateAsync(set => set.SetProperty(c => c.CounsellorId, (Guid?)null), cancellationToken) == 1;

    /// <summary>
    /// A call seen for the first time (<see cref="Call.Enter"/>, possibly moved on before it is stored) and its events,
    /// in one statement; false, and nothing written, when its CallSid is already known (Twilio repeated the webhook).
    /// </summary>
    public async Task<bool> EnterAsync(Call call, CancellationToken cancellationToken)
    {
        var events = call.Events;
        var stored = await db.QueryIdsAsync($"""
            WITH entered AS (
                INSERT INTO calls (id, call_sid, caller_hash, status, motive, priority, location, candidate_commune_codes,
                                   received_at, queued_at, leaving_queue, menu_attempts, legal_hold)
                VALUES ({call.Id}, {call.CallSid}, {call.CallerHash}, {call.Status.ToString()}, {call.Motive.ToString()}, {call.Priority},
                        {call.Location.ToString()}, {call.CandidateCommuneCodes}, {call.ReceivedAt}, {call.QueuedAt}, {call.LeavingQueue},
                        {call.MenuAttempts}, {call.LegalHold})
                ON CONFLICT (call_sid) DO NOTHING
                RETURNING id)
            INSERT INTO call_events (call_id, kind, at, detail)
            SELECT entered.id, e.kind, e.at, e.detail
            FROM entered CROSS JOIN unnest({events.Select(e => e.Kind.ToString()).ToArray()}, {events.Select(e => e.At).ToArray()},
                                           {events.Select(e => e.Detail).ToArray()}) WITH ORDINALITY AS e (kind, at, detail, n)
            ORDER BY e.n
            RETURNING call_id AS "Value"
            """, cancellationToken);
        return stored.Count > 0;
    }

    // "(status = …) IS TRUE" in the two statements below: the call is found by its CallSid (unique index). A plain
    // "status = 'InMenu'" let the planner, with statistics older than a burst of calls, walk the status index over
    // every call in the menu instead (2-3 ms each with 8,000 callers there, measured by bench-webhooks).

    /// <summary>
    /// The caller chose in the menu; the call stays there. One statement writes the choice and its event. The call's
    /// id, or null when no call with this CallSid is in the menu (never seen, or moved on): the caller then decides
    /// on the loaded call.
    /// </summary>
    public async Task<Guid?> ChooseMotiveAsync(string callSid, CallMotive motive, int attempt, DateTimeOffset at, CancellationToken cancellationToken) =>
        (await db.QueryIdsAsync($"""
            WITH chosen AS (
                UPDATE calls SET motive = {motive.ToString()}, priority = {Call.PriorityOf(motive)}, menu_attempts = {attempt}
                WHERE call_sid = {callSid} AND (status = {nameof(CallStatus.InMenu)}) IS TRUE
                RETURNING id)
            INSERT INTO call_events (call_id, kind, at, detail)
            SELECT id, {nameof(CallEventKind.MenuChoice)}, {at}, {$"motive={motive}"} FROM chosen
            RETURNING call_id AS "Value"
            """, cancellationToken)).SingleOrDefault() is var id && id != Guid.Empty ? id : null;

    /// <summary>
    /// The caller gave (or skipped) the postal code: the call in the menu joins the queue with its place, as
    /// <see cref="Call.MoveTo"/> would (queued now, nobody's), with the LocationGiven and Queued events, in one
    /// statement. The call's id, or null when no call with this CallSid is in the menu.
    /// </summary>
    public async Task<Guid?> EnqueueFromMenuAsync(string callSid, CallPlace place, string locationDetail, DateTimeOffset at, CancellationToken cancellationToken) =>
        (await db.QueryIdsAsync($"""
            WITH queued AS (
                UPDATE calls SET location = {place.Location.ToString()}, postal_code = {place.PostalCode}, departement_code = {place.DepartementCode},
                    commune_code = {place.CommuneCode}, candidate_commune_codes = {place.CandidateCommuneCodes}, geography_version = COALESCE({place.GeographyVersion}, geography_version),
                    status = {nameof(CallStatus.Queued)}, queued_at = COALESCE(queued_at, {at}), counsellor_id = NULL
                WHERE call_sid = {callSid} AND (status = {nameof(CallStatus.InMenu)}) IS TRUE
                RETURNING id)
            INSERT INTO call_events (call_id, kind, at, detail)
            SELECT queued.id, e.kind, {at}, e.detail
            FROM queued CROSS JOIN (VALUES (1, {nameof(CallEventKind.LocationGiven)}, {locationDetail}), (2, {nameof(CallEventKind.Queued)}, NULL)) AS e (n, kind, detail)
            ORDER BY e.n
            RETURNING call_id AS "Value"
            """, cancellationToken)).FirstOrDefault() is var id && id != Guid.Empty ? id : null;

    /// <summary>
    /// Callers on the line queued at or before <paramref name="queuedBefore"/>, not being offered to anyone, and not
    /// yet alerted about get a WaitAlerted event, in one statement; returns their ids (each call is alerted about once).
    /// </summary>
    public async Task<List<Guid>> MarkLongWaitsAsync(DateTimeOffset queuedBefore, DateTimeOffset at, CancellationToken cancellationToken) =>
        await db.QueryIdsAsync($"""
            INSERT INTO call_events (call_id, kind, at, detail)
            SELECT c.id, {nameof(CallEventKind.WaitAlerted)}, {at}, NULL FROM calls c
            WHERE c.status = {nameof(CallStatus.Queued)} AND c.queued_at <= {queuedBefore}
              AND NOT EXISTS (SELECT 1 FROM call_events e WHERE e.call_id = c.id AND e.kind = {nameof(CallEventKind.WaitAlerted)})
            RETURNING call_id AS "Value"
            """, cancellationToken);

    /// <summary>
    /// The wrap-up after an answered call ended (the counsellor ended it, it ran its time, or they left it): its time and
    /// WrapUpEnded event, once, in one statement. False when already recorded or no such answered call.
    /// </summary>
    public async Task<bool> WrapUpEndedAsync(Guid callId, Guid counsellorId, DateTimeOffset at, CancellationToken cancellationToken) =>
        (await db.QueryIdsAsync($"""
            WITH ended AS (
                UPDATE calls SET wrap_up_ended_at = {at}
                WHERE id = {callId} AND answered_at IS NOT NULL AND wrap_up_ended_at IS NULL
                RETURNING id)
            INSERT INTO call_events (call_id, kind, at, detail)
            SELECT id, {nameof(CallEventKind.WrapUpEnded)}, {at}, {$"counsellor={counsellorId}"} FROM ended
            RETURNING call_id AS "Value"
            """, cancellationToken)).Count == 1;

    /// <summary>An event of a call that is not loaded (the set-based paths above).</summary>
    public async Task RecordAsync(Guid callId, CallEventKind kind, DateTimeOffset at, string? detail, CancellationToken cancellationToken)
    {
        db.CallEvents.Add(new CallEvent { CallId = callId, Kind = kind, At = at, Detail = detail });
        await db.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>
/// Where the caller said the concerned person lives, as the postal code resolved: every field set or cleared, but
/// the geography version, which is kept when no postal code was given.
/// </summary>
public sealed record CallPlace(
    CallLocation Location,
    string? PostalCode,
    string? DepartementCode,
    string? CommuneCode,
    List<string> CandidateCommuneCodes,
    string? GeographyVersion)
{
    public void ApplyTo(Call call)
    {
        call.Location = Location;
        call.PostalCode = PostalCode;
        call.DepartementCode = DepartementCode;
        call.CommuneCode = CommuneCode;
        call.CandidateCommuneCodes = [.. CandidateCommuneCodes];
        call.GeographyVersion = GeographyVersion ?? call.GeographyVersion;
    }
}
