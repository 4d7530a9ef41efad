using Hotline.Server.Data;
using Hotline.Server.Geography;
using Hotline.Server.Calls;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Server.LiveConsole;

/// <summary>Builds the cards the console shows from calls, with names from the official geography.</summary>
public sealed class CallCards(HotlineDbContext db, GeographyCatalog geography)
{
    /// <summary>Calls on the board: waiting on the line, or voicemail/callback items not yet handled.</summary>
    public static readonly CallStatus[] OnBoard =
        [CallStatus.Queued, CallStatus.Offered, CallStatus.Connecting, CallStatus.Voicemail, CallStatus.CallbackRequested, CallStatus.WebMessage];

    /// <summary>Items a counsellor takes and finishes (no one on the line).</summary>
    public static readonly CallStatus[] WorkItems = [CallStatus.Voicemail, CallStatus.CallbackRequested, CallStatus.WebMessage];

    public async Task<IReadOnlyList<CallCard>> BoardAsync(CancellationToken cancellationToken)
    {
        var calls = await db.Calls.AsNoTracking()
            .Where(call => OnBoard.Contains(call.Status) && call.HandledAt == null && !call.HeldForReview
                && !(WorkItems.Contains(call.Status) && call.CounsellorId != null))
            .OrderByDescending(call => call.Priority).ThenBy(call => call.QueuedAt ?? call.ReceivedAt)
            .Take(500)
            .ToListAsync(cancellationToken);
        return await CardsAsync(calls, cancellationToken);
    }

    /// <summary>
    /// Changed calls' cards and what settling each change needs to know, in one query: each call, how many calls came
    /// from its number, who has it on offer, whether an offer is pending and whether a counsellor holds it. Calls that
    /// no longer exist are left out.
    /// </summary>
    /// <remarks>
    /// PostgreSQL planned this query anew for every batch: with its four sub-queries the generic plan of the prepared
    /// statement looks dearer than a custom plan for the batch's ids, so it was never chosen, and planning cost more than
    /// running (pg_stat_statements under bench-webhooks: 0.59 ms planning and 0.52 ms running per batch, planned 2,232
    /// times in 2,807). The generic plan is the same shape (the ids by primary key, the same indexes; it ran in 0.41 ms),
    /// so it is forced for this query alone, with SET LOCAL in a transaction of its own: the setting ends with it and
    /// never reaches another user of the pooled connection. Npgsql sends the BEGIN with the SET.
    /// </remarks>
    public async Task<List<LoadedCard>> LoadAsync(IReadOnlyCollection<Guid> callIds, CancellationToken cancellationToken)
    {
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        if (transaction is not null)
        {
            await db.Database.ExecuteSqlRawAsync("SET LOCAL plan_cache_mode = force_generic_plan", cancellationToken);
        }

        var rows = await db.Calls.AsNoTracking()
            .Where(c => callIds.Contains(c.Id))
            .Select(c => new
            {
                Call = c,
                // "!= null" first: without it the comparison gains an "OR both null" that no index serves (a scan of every call).
                FromSameNumber = c.CallerHash == null ? 1 : db.Calls.Count(other => other.CallerHash != null && other.CallerHash == c.CallerHash),
                OfferedTo = db.Offers.Where(o => o.CallId == c.Id && o.Outcome == OfferOutcome.Pending)
                    .Join(db.Users, o => o.CounsellorId, u => u.Id, (o, u) => u.DisplayName).FirstOrDefault(),
                PendingOffer = db.Offers.Any(o => o.CallId == c.Id && o.Outcome == OfferOutcome.Pending),
                Held = db.Counsellors.Any(k => k.CurrentCallId == c.Id),
            })
            .ToListAsync(cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return [.. rows.Select(row => new LoadedCard(ToCard(row.Call, row.FromSameNumber, row.OfferedTo), row.Call.Status, row.PendingOffer, row.Held))];
    }

    public async Task<CallCard?> CardAsync(Guid callId, CancellationToken cancellationToken)
    {
        var call = await db.Calls.AsNoTracking().FirstOrDefaultAsync(c => c.Id == callId, cancellationToken);
        return call is null ? null : (await CardsAsync([call], cancellationToken))[0];
    }

    public static bool IsOnBoard(CallCard card) => OnBoard.Contains(card.Status) && card.Status != CallStatus.Connecting && !card.Taken;

    private async Task<IReadOnlyList<CallCard>> CardsAsync(IReadOnlyList<Call> calls, CancellationToken cancellationToken)
    {
        var hashes = calls.Where(c => c.CallerHash != null).Select(c => c.CallerHash!).Distinct().ToList();
        var previous = hashes.Count == 0
            ? []
            : await db.Calls.AsNoTracking()
                .Where(c => c.CallerHash != null && hashes.Contains(c.CallerHash))
                .GroupBy(c => c.CallerHash!)
                .Select(g => new { Hash = g.Key, Count = g.Count() })
                .ToDictionaryAsync(g => g.Hash, g => g.Count, cancellationToken);
        var ids = calls.Select(c => c.Id).ToList();
        var offeredTo = await db.Offers.AsNoTracking()
            .Where(o => ids.Contains(o.CallId) && o.Outcome == OfferOutcome.Pending)
            .Join(db.Users, o => o.CounsellorId, u => u.Id, (o, u) => new { o.CallId, u.DisplayName })
            .ToDictionaryAsync(x => x.CallId, x => x.DisplayName, cancellationToken);

        return [.. calls.Select(call => ToCard(
            call,
            call.CallerHash is null ? 1 : previous.GetValueOrDefault(call.CallerHash, 1),
            offeredTo.GetValueOrDefault(call.Id)))];
    }

    /// <param name="fromSameNumber">Calls from the caller's number, this one included (1 when withheld).</param>
    private CallCard ToCard(Call call, int fromSameNumber, string? offeredTo)
    {
        var departement = call.DepartementCode is null ? null : geography.FindDepartement(call.DepartementCode);
        return new CallCard(
            call.Id,
            call.Status switch
            {
                CallStatus.Voicemail => CallCardKind.Voicemail,
                CallStatus.CallbackRequested => CallCardKind.Callback,
                CallStatus.WebMessage => CallCardKind.WebMessage,
                _ => CallCardKind.Live,
            },
            call.Motive,
            call.Priority,
            call.Status,
            call.ReceivedAt,
            call.QueuedAt,
            call.Location,
            call.PostalCode,
            call.DepartementCode,
            departement?.Name,
            [.. call.CandidateCommuneCodes.Select(geography.FindCommune).OfType<Commune>()
                .Select(c => new CommuneChoice(c.Code, c.Name, c.DepartementCode, c.DepartementName))],
            RepeatCaller: fromSameNumber > 1,
            PreviousCalls: fromSameNumber - 1,
            call.RecordingSeconds,
            offeredTo,
            call.CallbackMessageAllowed,
            call.CallbackWindow,
            call.Status == CallStatus.WebMessage && call.CallSid.StartsWith(Call.WebMessagePrefix, StringComparison.Ordinal)
                ? call.CallSid[Call.WebMessagePrefix.Length..]
                : null)
        {
            // A work item a counsellor is handling, one already handled, or a web message held for review.
            Taken = call.HandledAt != null || call.HeldForReview || (WorkItems.Contains(call.Status) && call.CounsellorId != null),
        };
    }
}

/// <summary>A changed call's card, with whether an offer is pending and whether a counsellor holds the call.</summary>
public sealed record LoadedCard(CallCard Card, CallStatus Status, bool PendingOffer, bool Held);
