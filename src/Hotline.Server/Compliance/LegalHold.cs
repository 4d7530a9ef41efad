using Hotline.Server.Audit;
using Hotline.Server.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Server.Compliance;

public sealed record LegalHoldRequest(bool Hold, string? Reason);

/// <summary>Whether a call is under legal hold, and why.</summary>
public sealed record LegalHoldDto(bool Hold, string? Reason);

/// <summary>An admin freezes a call's record for a legal request (with a reason), or releases it; both audited.</summary>
internal static class LegalHold
{
    /// <summary>The column's length (<c>CallConfiguration</c>).</summary>
    public const int MaxReasonLength = 500;

    /// <summary>What the admin sees before changing a hold, so that a release is never blind. Audited as a read.</summary>
    public static async Task<Results<Ok<LegalHoldDto>, NotFound>> Get(Guid id, HotlineDbContext db, AuditLog audit, CancellationToken cancellationToken)
    {
        var hold = await db.Calls.AsNoTracking().Where(c => c.Id == id)
            .Select(c => new LegalHoldDto(c.LegalHold, c.LegalHoldReason))
            .FirstOrDefaultAsync(cancellationToken);
        if (hold is null)
        {
            return TypedResults.NotFound();
        }

        await audit.RecordAsync(AuditAction.Read, "Call.LegalHold", id.ToString(), cancellationToken: cancellationToken);
        return TypedResults.Ok(hold);
    }

    public static async Task<Results<NoContent, ValidationProblem, NotFound>> Set(
        Guid id, LegalHoldRequest request, HotlineDbContext db, AuditLog audit, CancellationToken cancellationToken)
    {
        var reason = request.Reason?.Trim();
        if (request.Hold && string.IsNullOrEmpty(reason))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = ["Indiquez le motif de la conservation."] });
        }

        if (request.Hold && reason!.Length > MaxReasonLength)
        {
            // Longer would fail in the database (a 500): say it instead.
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = [$"Le motif dépasse {MaxReasonLength} caractères."] });
        }

        var updated = await db.Calls.Where(c => c.Id == id).ExecuteUpdateAsync(set => set
            .SetProperty(c => c.LegalHold, request.Hold)
            .SetProperty(c => c.LegalHoldReason, request.Hold ? reason : null), cancellationToken);
        if (updated == 0)
        {
            return TypedResults.NotFound();
        }

        await audit.RecordAsync(AuditAction.Update, "Call.LegalHold", id.ToString(), cancellationToken: cancellationToken);
        return TypedResults.NoContent();
    }
}
