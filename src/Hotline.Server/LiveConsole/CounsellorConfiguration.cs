using Hotline.Server.Calls;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hotline.Server.LiveConsole;

internal sealed class CounsellorConfiguration : IEntityTypeConfiguration<Counsellor>
{
    public void Configure(EntityTypeBuilder<Counsellor> builder)
    {
        builder.ToTable("counsellors");
        builder.HasKey(c => c.UserId);
        builder.HasOne<Identity.HotlineUser>().WithOne().HasForeignKey<Counsellor>(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(c => new { c.Presence, c.IdleSince });
        builder.Property(c => c.ProtectedPhoneNumber).HasMaxLength(1024);
    }
}

internal sealed class OfferConfiguration : IEntityTypeConfiguration<Offer>
{
    public void Configure(EntityTypeBuilder<Offer> builder)
    {
        builder.ToTable("offers");
        builder.HasOne<Call>().WithMany().HasForeignKey(o => o.CallId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Counsellor>().WithMany().HasForeignKey(o => o.CounsellorId).OnDelete(DeleteBehavior.Cascade);
        // The database, not a lock in memory, guarantees one open offer per call and per counsellor.
        builder.HasIndex(o => o.CallId).IsUnique().HasFilter("outcome = 'Pending'").HasDatabaseName("ix_offers_one_pending_per_call");
        builder.HasIndex(o => o.CounsellorId).IsUnique().HasFilter("outcome = 'Pending'").HasDatabaseName("ix_offers_one_pending_per_counsellor");
        builder.HasIndex(o => new { o.Outcome, o.ExpiresAt });
    }
}

internal sealed class ConsoleConnectionConfiguration : IEntityTypeConfiguration<ConsoleConnection>
{
    public void Configure(EntityTypeBuilder<ConsoleConnection> builder)
    {
        builder.ToTable("console_connections");
        builder.HasKey(c => c.ConnectionId);
        builder.Property(c => c.ConnectionId).HasMaxLength(128);
        builder.Property(c => c.Instance).HasMaxLength(128);
        builder.HasIndex(c => c.UserId);
        builder.HasIndex(c => c.LastSeenAt);
    }
}
