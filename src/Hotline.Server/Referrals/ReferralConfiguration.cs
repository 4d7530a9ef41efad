using Hotline.Server.ServiceDirectory;
using Hotline.Server.Calls;
using Hotline.Server.Triage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hotline.Server.Referrals;

internal sealed class ReferralConfiguration : IEntityTypeConfiguration<Referral>
{
    public void Configure(EntityTypeBuilder<Referral> builder)
    {
        builder.ToTable("referrals");
        // A referral outlives nothing it came from by accident: deleting a call or triage with referrals is refused.
        builder.HasOne<Call>().WithMany().HasForeignKey(r => r.CallId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<CallTriage>().WithMany().HasForeignKey(r => r.TriageId).OnDelete(DeleteBehavior.Restrict);
        // Services are deactivated, never deleted, while referrals point at them.
        // The name is pinned: the convention's name depends on the order entity types are discovered in, which moved
        // when the feature namespaces were renamed (the database keeps the name the first migration gave it).
        builder.HasOne<Service>().WithMany().HasForeignKey(r => r.ServiceId).OnDelete(DeleteBehavior.Restrict)
            .HasConstraintName("fk_referrals_services_service_id");
        // One referral per triage (the one the counsellor sends); follow-ons of redirections are the others. A recalled
        // referral (withdrawn, final) does not count: the corrected triage is sent again as a new one.
        builder.HasIndex(r => r.TriageId).IsUnique().HasFilter("previous_referral_id IS NULL AND state <> 'Recalled'")
            .HasDatabaseName("ix_referrals_one_per_triage");
        builder.HasIndex(r => r.PreviousReferralId).IsUnique();
        // Flags: a number (the names of several would not fit the string enums' column, and a number reads back exactly).
        builder.Property(r => r.Shared).HasConversion<int>();
        builder.Property(r => r.ServiceName).HasMaxLength(300);
        builder.Property(r => r.SenderName).HasMaxLength(300);
        // Quoted on the phone and searched for: one referral per reference.
        builder.Property(r => r.Reference).HasMaxLength(16);
        builder.HasIndex(r => r.Reference).IsUnique();
        builder.Property(r => r.DepartementCode).HasMaxLength(3);
        builder.Property(r => r.CommuneCode).HasMaxLength(5);
        builder.Property(r => r.CellCommuneCode).HasMaxLength(5);
        builder.Property(r => r.RoutingReason).HasMaxLength(1000);
        builder.Property(r => r.PurposeCode).HasMaxLength(64);
        builder.Property(r => r.PurposeLabel).HasMaxLength(300);
        builder.Property(r => r.LegalBasisCode).HasMaxLength(64);
        builder.Property(r => r.LegalBasisLabel).HasMaxLength(300);
        builder.Property(r => r.Urgency).HasMaxLength(64);
        builder.Property(r => r.DutyContact).HasMaxLength(ReferralOptionsValidator.MaxDutyContactLength);
        // The inbox filters on territory and state, and looks for what is overdue.
        builder.HasIndex(r => new { r.DepartementCode, r.State });
        builder.HasIndex(r => new { r.CellCommuneCode, r.State });
        builder.HasIndex(r => new { r.State, r.AcknowledgeBy });
        // Statistics by period, nationally and per département.
        builder.HasIndex(r => r.SentAt);
        builder.HasIndex(r => new { r.DepartementCode, r.SentAt });
        builder.HasMany(r => r.Events).WithOne().HasForeignKey(e => e.ReferralId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(r => r.Notes).WithOne().HasForeignKey(n => n.ReferralId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReferralEventConfiguration : IEntityTypeConfiguration<ReferralEvent>
{
    public void Configure(EntityTypeBuilder<ReferralEvent> builder)
    {
        builder.ToTable("referral_events");
        builder.HasIndex(e => new { e.ReferralId, e.At });
        builder.Property(e => e.ProtectedReason).HasColumnType("text");
    }
}

internal sealed class ReferralNoteConfiguration : IEntityTypeConfiguration<ReferralNote>
{
    public void Configure(EntityTypeBuilder<ReferralNote> builder)
    {
        builder.ToTable("referral_notes");
        builder.HasIndex(n => new { n.ReferralId, n.At });
        builder.Property(n => n.ProtectedText).HasColumnType("text");
    }
}

internal sealed class ReferralReferenceCounterConfiguration : IEntityTypeConfiguration<ReferralReferenceCounter>
{
    public void Configure(EntityTypeBuilder<ReferralReferenceCounter> builder)
    {
        builder.ToTable("referral_reference_counters");
        builder.HasKey(c => c.Year);
        builder.Property(c => c.Year).ValueGeneratedNever();
    }
}
