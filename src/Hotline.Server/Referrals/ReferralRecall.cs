using System.Security.Claims;
using Hotline.Server.Audit;
using Hotline.Server.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Server.Referrals;

/// <param name="Reason">Required: why it is withdrawn (kept encrypted in the history, never shown to the recipient).</param>
public sealed record RecallRequest(string? Reason);

public sealed partial class ReferralTransitions
{
    /// <summary>
    /// Withdraws a referral sent by mistake: by its sender or a supervisor, while it is still Sent (not acknowledged)
    /// and within <c>Referrals:RecallWindow</c> of its sending. What it carried is erased; the recipient's inbox keeps
    /// a "withdrawn" line without content. Anything else answers 409 saying why.
    /// </summary>
    public async Task<ServiceResult<ReferralReceipt>> RecallAsync(Guid id, RecallRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var userId = ReferralReader.UserId(user);
        var supervisor = user.IsInRole(Identity.Roles.Supervisor);
        var seen = await db.Referrals.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (seen is null || (seen.SentBy != userId && !supervisor))
        {
            // Another counsellor's referral does not exist for them.
            await audit.RecordAsync(AuditAction.Update, ReferralReader.AuditEntity, id.ToString(), AuditOutcome.Denied, cancellationToken);
            return new ServiceProblem(ProblemKind.NotFound, "Cette orientation n’existe pas.");
        }

        var reason = request.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > options.Value.MaxNoteLength)
        {
            return ServiceProblem.Invalid("L’orientation n’a pas été rappelée.", "reason", string.IsNullOrEmpty(reason)
                ? "Indiquez pourquoi l’orientation est rappelée."
                : $"Le motif est limité à {options.Value.MaxNoteLength} caractères.");
        }

        var now = time.GetUtcNow();
        var window = options.Value.RecallWindow;
        Referral referral;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            // The same row lock as every move: an acknowledgement at the same moment wins or loses cleanly.
            referral = (await db.Referrals.FromSql($"SELECT * FROM referrals WHERE id = {id} FOR UPDATE").ToListAsync(cancellationToken)).Single();
            if (!ReferralStateMachine.CanMove(referral.State, ReferralState.Recalled))
            {
                return new ServiceProblem(ProblemKind.Conflict,
                    $"L’orientation est déjà « {StateLabel(referral.State)} » : elle ne peut plus être rappelée. Contactez {referral.ServiceName}.",
                    Extensions: StateOf(referral.State));
            }

            if (now - referral.SentAt > window)
            {
                return new ServiceProblem(ProblemKind.Conflict,
                    $"Le délai de rappel ({window.TotalMinutes:0} minutes après l’envoi) est dépassé : contactez {referral.ServiceName} pour qu’elle soit clôturée.",
                    Extensions: StateOf(referral.State));
            }

            referral.State = ReferralState.Recalled;
            referral.Version++;
            // Withdrawn means the recipient no longer holds the family's account: the snapshot is erased, not hidden.
            referral.ProtectedSnapshot = null;
            referral.Shared = SharedDetails.None;
            db.ReferralEvents.Add(new ReferralEvent
            {
                ReferralId = referral.Id, At = now, From = ReferralState.Sent, To = ReferralState.Recalled, UserId = userId,
                ProtectedReason = Protector.Protect(reason),
            });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await audit.RecordAsync(AuditAction.Update, ReferralReader.AuditEntity, id.ToString(), cancellationToken: cancellationToken);
        await reader.PublishAsync(referral, created: false);
        return ServiceResult.Ok(reader.Receipt(referral));
    }
}
