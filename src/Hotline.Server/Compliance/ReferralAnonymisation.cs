using Hotline.Server.Data;
using Hotline.Server.ServiceDirectory;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Server.Compliance;

/// <summary>
/// What stays of a referral past retention: its département, month, kind, states and delays — for the statistics,
/// nothing that could lead back to a family (a small commune and an exact date identify one).
/// </summary>
internal static class ReferralAnonymisation
{
    /// <summary>What an anonymised referral to (or from) a CMER calls it: the kind, not the commune.</summary>
    internal const string AnonymousCommuneCell = "Cellule municipale (CMER)";

    /// <summary>Anonymises the referrals of the given calls. Idempotent: a pass stopped half-way is finished by the next.</summary>
    public static async Task AnonymiseAsync(HotlineDbContext db, List<Guid> callIds, string timeZone, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await db.ReferralNotes.Where(n => db.Referrals.Any(r => r.Id == n.ReferralId && callIds.Contains(r.CallId)))
            .ExecuteDeleteAsync(cancellationToken);
        await db.ReferralEvents.Where(e => e.ProtectedReason != null && db.Referrals.Any(r => r.Id == e.ReferralId && callIds.Contains(r.CallId)))
            .ExecuteUpdateAsync(set => set.SetProperty(e => e.ProtectedReason, (string?)null), cancellationToken);

        // The dates and the marking go together, or a pass stopped between them would move the dates twice.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Every date of a referral moves back by the same amount, to the first of its month (line time): the month
        // and every delay (to acknowledge, to close, between two states) stay exact, the day and the hour go.
        await db.Database.ExecuteSqlAsync($"""
            WITH shift AS (
                SELECT r.id, r.sent_at - (date_trunc('month', r.sent_at AT TIME ZONE {timeZone}) AT TIME ZONE {timeZone}) AS delta
                FROM referrals r WHERE r.call_id = ANY({callIds}) AND r.anonymised_at IS NULL
            ), events AS (
                UPDATE referral_events e SET at = e.at - shift.delta FROM shift WHERE e.referral_id = shift.id
            )
            UPDATE referrals r SET sent_at = r.sent_at - shift.delta,
                                   snapshot_at = r.snapshot_at - shift.delta,
                                   acknowledge_by = r.acknowledge_by - shift.delta,
                                   acknowledged_at = r.acknowledged_at - shift.delta,
                                   closed_at = r.closed_at - shift.delta,
                                   escalated_at = r.escalated_at - shift.delta,
                                   open_too_long_at = r.open_too_long_at - shift.delta
            FROM shift WHERE r.id = shift.id
            """, cancellationToken);
        // A follow-on from a CMER is signed by the cell: its name names the commune.
        await db.Referrals.Where(r => callIds.Contains(r.CallId) && r.AnonymisedAt == null
                && db.Referrals.Any(p => p.Id == r.PreviousReferralId && p.ServiceKind == ServiceKind.CommuneCell))
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.SenderName, AnonymousCommuneCell), cancellationToken);
        // The snapshot, the commune (the cell's too, and the CMER itself: its directory entry and name name the commune),
        // the age band and the free texts go.
        await db.Referrals.Where(r => callIds.Contains(r.CallId) && r.AnonymisedAt == null)
            .ExecuteUpdateAsync(set => set
                .SetProperty(r => r.ProtectedSnapshot, (string?)null)
                .SetProperty(r => r.AgeBand, (Triage.AgeBand?)null)
                .SetProperty(r => r.CommuneCode, (string?)null)
                .SetProperty(r => r.CellCommuneCode, (string?)null)
                .SetProperty(r => r.ServiceId, r => r.ServiceKind == ServiceKind.CommuneCell ? null : r.ServiceId)
                .SetProperty(r => r.ServiceName, r => r.ServiceKind == ServiceKind.CommuneCell ? AnonymousCommuneCell : r.ServiceName)
                .SetProperty(r => r.ProtectedClosingNote, (string?)null)
                .SetProperty(r => r.RoutingReason, "")
                .SetProperty(r => r.DutyContact, (string?)null)
                .SetProperty(r => r.AnonymisedAt, now), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
