using Hotline.Server.Calls;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hotline.Server.Triage;

internal sealed class CallTriageConfiguration : IEntityTypeConfiguration<CallTriage>
{
    public void Configure(EntityTypeBuilder<CallTriage> builder)
    {
        builder.ToTable("triages");
        // One triage per call, guaranteed by the database: autosave upserts on it.
        builder.HasIndex(t => t.CallId).IsUnique();
        builder.HasOne<Call>().WithOne().HasForeignKey<CallTriage>(t => t.CallId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(t => t.ConcernedCommuneCode).HasMaxLength(5);
        builder.Property(t => t.ConcernedDepartementCode).HasMaxLength(3);
        builder.Property(t => t.TaxonomyVersion).HasMaxLength(32);
        // A save states the revision it started from: the update is conditional on it (UPDATE … WHERE revision = …).
        builder.Property(t => t.Revision).IsConcurrencyToken();
        builder.Property(t => t.Urgency).HasMaxLength(64);
        builder.Property(t => t.WarningSigns).HasColumnType("text[]");
        // Ciphertext (Data Protection); no length limit, the request size limit bounds it.
        builder.Property(t => t.ProtectedSummary).HasColumnType("text");
    }
}
