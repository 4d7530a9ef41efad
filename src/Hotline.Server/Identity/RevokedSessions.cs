using System.Security.Claims;
using Hotline.Server.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hotline.Server.Identity;

/// <summary>
/// A session its user signed out of. Each sign-in gets a session id (a claim of its cookie); sign-out records
/// it here and the per-request check refuses it, so a copy of the cookie taken before the sign-out gets 401.
/// Signing out of one browser leaves the user's other sessions alone (renewing the security stamp would end
/// them all). Kept as long as the cookie could have lived.
/// </summary>
public sealed class RevokedSession
{
    public Guid SessionId { get; set; }

    public Guid UserId { get; set; }

    /// <summary>After this the cookie has expired anyway and the row is useless.</summary>
    public DateTimeOffset ExpiresAt { get; set; }
}

internal sealed class RevokedSessionConfiguration : IEntityTypeConfiguration<RevokedSession>
{
    public void Configure(EntityTypeBuilder<RevokedSession> builder)
    {
        builder.ToTable("revoked_sessions");
        builder.HasKey(s => s.SessionId);
        builder.HasIndex(s => s.ExpiresAt);
    }
}

internal static class SessionIds
{
    /// <summary>The claim that names one sign-in (a new one at each sign-in and cookie renewal).</summary>
    public const string ClaimType = "hotline:session";

    public static Guid? Of(ClaimsPrincipal? principal) =>
        Guid.TryParse(principal?.FindFirstValue(ClaimType), out var id) ? id : null;

    /// <summary>Records the sign-out of this session and forgets the user's revocations whose cookies have expired.</summary>
    public static async Task RevokeAsync(HotlineDbContext db, Guid userId, Guid sessionId, DateTimeOffset now, TimeSpan cookieLifetime, CancellationToken cancellationToken)
    {
        await db.RevokedSessions.Where(s => s.UserId == userId && s.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);
        db.RevokedSessions.Add(new RevokedSession { SessionId = sessionId, UserId = userId, ExpiresAt = now + cookieLifetime });
        await db.SaveChangesAsync(cancellationToken);
    }
}
