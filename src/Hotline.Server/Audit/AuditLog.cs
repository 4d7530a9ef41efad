using System.Security.Claims;
using Hotline.Server.Data;

namespace Hotline.Server.Audit;

/// <summary>Writes audit entries for the current request's user and address.</summary>
public sealed class AuditLog(HotlineDbContext db, IHttpContextAccessor http, TimeProvider time, AuditReadWindows reads)
{
    /// <summary>
    /// Records one entry and saves it at once (a read must be logged even if nothing else is saved). A signed-in
    /// user's repeated read of the same record within a minute is counted instead (written when the minute ends).
    /// </summary>
    public Task RecordAsync(AuditAction action, string entityType, string entityId, AuditOutcome outcome = AuditOutcome.Allowed, CancellationToken cancellationToken = default)
    {
        var user = http.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier);
        return RecordForAsync(Guid.TryParse(user, out var id) ? id : null, action, entityType, entityId, outcome, cancellationToken);
    }

    /// <summary>As <see cref="RecordAsync"/>, for a user the request is not signed in as (yet): a sign-in.</summary>
    public async Task RecordForAsync(Guid? userId, AuditAction action, string entityType, string entityId, AuditOutcome outcome, CancellationToken cancellationToken = default)
    {
        var entry = new AuditEntry
        {
            At = time.GetUtcNow(),
            UserId = userId,
            Action = action,
            Outcome = outcome,
            EntityType = entityType,
            EntityId = entityId,
            Address = http.HttpContext?.Connection.RemoteIpAddress?.ToString(),
        };
        if (userId is not null && action is AuditAction.Read or AuditAction.List && !reads.IsFirst(entry))
        {
            return;
        }

        if (action is not (AuditAction.Read or AuditAction.List))
        {
            // A read after a change of the same record is a new fact (read, change, read again), not a repeat.
            reads.Forget(userId, entityType, entityId);
        }

        db.AuditEntries.Add(entry);
        await db.SaveChangesAsync(cancellationToken);
    }
}
