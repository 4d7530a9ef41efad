using Hotline.Server.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Server.Audit;

public sealed record LegalHoldRequest(bool Hold, string? Reason);

/// <summary>An admin freezes a call's record for a legal request (with a reason), or releases it; both audited.</summary>
internal static class LegalHold
{
    public static async Task<Results<NoContent, ValidationProblem, NotFound>> Set(
        Guid id, LegalHoldRequest request, HotlineDbContext db, AuditLog audit, CancellationToken cancellationToken)
    {
        if (request.Hold && string.IsNullOrWhiteSpace(request.Reason))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["reason"] = ["A legal hold needs its reason."] });
        }

        var updated = await db.Calls.Where(c => c.Id == id).ExecuteUpdateAsync(set => set
            .SetProperty(c => c.LegalHold, request.Hold)
            .SetProperty(c => c.LegalHoldReason, request.Hold ? request.Reason!.Trim() : null), cancellationToken);
        if (updated == 0)
        {
            return TypedResults.NotFound();
        }

        await audit.RecordAsync(AuditAction.Update, "Call.LegalHold", id.ToString(), cancellationToken: cancellationToken);
        return TypedResults.NoContent();
    }
}
