using System.Security.Claims;
using Hotline.Server.Data;

namespace Hotline.Server.Audit;

/// <summary>Writes audit entries for the current request's user and address.</summary>
public sealed class AuditLog(HotlineDbContext db, IHttpContextAccessor http, TimeProvider time)
{
    /// <summary>Records one entry and saves it at once (a read must be logged even if nothing else is saved).</summary>
    public async Task RecordAsync(AuditAction action, string entityType, string entityId, AuditOutcome outcome = AuditOutcome.Allowed, CancellationToken cancellationToken = default)
    {
        var context = http.HttpContext;
        var user = context?.User.FindFirstValue(ClaimTypes.NameIdentifier);
        db.AuditEntries.Add(new AuditEntry
        {
            At = time.GetUtcNow(),
            UserId = Guid.TryParse(user, out var id) ? id : null,
            Action = action,
            Outcome = outcome,
            EntityType = entityType,
            EntityId = entityId,
            Address = context?.Connection.RemoteIpAddress?.ToString(),
        });
        await db.SaveChangesAsync(cancellationToken);
    }
}
