using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hotline.Server.Audit;

public enum AuditAction
{
    Read,

    /// <summary>A list was read (referral cards, no personal data); the entity id is "*".</summary>
    List,
    Create,
    Update,
    Delete,
    Export,

    /// <summary>A sign-in step (entity "Session", "Session.TwoFactor", …): Allowed when it passed, Denied otherwise.</summary>
    SignIn,
}

public enum AuditOutcome
{
    Allowed,
    Denied,
}

/// <summary>
/// Who did what to which record, when, from where (CNIL délibération 2021-122). No personal data in the
/// entry itself: a user id, an entity type and id, an address. Append-only: the application's database role has
/// no UPDATE, DELETE or TRUNCATE on the table, a trigger refuses them to anyone for an entry within the retention,
/// and only <c>audit_purge()</c> (owner's, cutoff from the stored retention) removes expired entries.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>The signed-in user (pseudonymous id); null for the system or an anonymous request.</summary>
    public Guid? UserId { get; set; }

    public AuditAction Action { get; set; }

    public AuditOutcome Outcome { get; set; }

    public required string EntityType { get; set; }

    public required string EntityId { get; set; }

    public string? Address { get; set; }

    /// <summary>
    /// How many identical reads this entry stands for: repeated reads of one record by one user within a minute
    /// are written once more when the minute ends, with their number, instead of once each (see AuditReadWindows).
    /// </summary>
    public int Count { get; set; } = 1;
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("audit_entries");
        builder.Property(e => e.EntityType).HasMaxLength(64);
        builder.Property(e => e.EntityId).HasMaxLength(64);
        builder.Property(e => e.Address).HasMaxLength(64);
        builder.Property(e => e.Count).HasDefaultValue(1);
        builder.HasIndex(e => e.At);
        builder.HasIndex(e => new { e.EntityType, e.EntityId });
        builder.HasIndex(e => e.UserId);
    }
}
