using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hotline.Server.Calls;

internal sealed class CallConfiguration : IEntityTypeConfiguration<Call>
{
    public void Configure(EntityTypeBuilder<Call> builder)
    {
        builder.ToTable("calls");
        builder.HasIndex(call => call.CallSid).IsUnique();
        builder.Property(call => call.CallSid).HasMaxLength(64);
        builder.Property(call => call.CallerHash).HasMaxLength(64);
        builder.HasIndex(call => call.CallerHash);
        builder.Property(call => call.PostalCode).HasMaxLength(5);
        builder.Property(call => call.DepartementCode).HasMaxLength(3);
        builder.Property(call => call.CommuneCode).HasMaxLength(5);
        builder.Property(call => call.GeographyVersion).HasMaxLength(64);
        builder.Property(call => call.RecordingSid).HasMaxLength(64);
        builder.Property(call => call.QueueSid).HasMaxLength(64);
        builder.Property(call => call.LegalHoldReason).HasMaxLength(500);
        builder.Property(call => call.RecordingUrl).HasMaxLength(512);
        builder.Property(call => call.ProtectedCallbackNumber).HasMaxLength(1024);
        // The queue is read in this order: status, then priority, then arrival.
        builder.HasIndex(call => new { call.Status, call.Priority, call.QueuedAt });
        // The next three are partial: a call in the menu (no holder, not yet queued) adds no entry to them, so the voice
        // and menu webhooks write fewer index entries. Their queries (a holder's id, a period) imply the filter.
        // A counsellor's recent calls (GET /api/calls/mine).
        builder.HasIndex(call => new { call.CounsellorId, call.ReceivedAt }).HasFilter("counsellor_id IS NOT NULL");
        // Statistics by period (the wallboard's day, reports), nationally and per département.
        builder.HasIndex(call => call.QueuedAt).HasFilter("queued_at IS NOT NULL");
        builder.HasIndex(call => new { call.DepartementCode, call.QueuedAt }).HasFilter("queued_at IS NOT NULL");
        builder.HasMany(call => call.Events).WithOne().HasForeignKey(e => e.CallId).OnDelete(DeleteBehavior.Cascade);
        // Optimistic concurrency on PostgreSQL's row version: two webhooks never overwrite each other silently.
        builder.Property<uint>("xmin").HasColumnName("xmin").HasColumnType("xid").ValueGeneratedOnAddOrUpdate().IsConcurrencyToken();
    }
}

internal sealed class CallEventConfiguration : IEntityTypeConfiguration<CallEvent>
{
    public void Configure(EntityTypeBuilder<CallEvent> builder)
    {
        builder.ToTable("call_events");
        builder.Property(e => e.Detail).HasMaxLength(200);
        // A call's history. (An index by kind and time served no query and cost every webhook an entry per event.)
        builder.HasIndex(e => new { e.CallId, e.At });
    }
}

internal sealed class ProcessedWebhookConfiguration : IEntityTypeConfiguration<ProcessedWebhook>
{
    public void Configure(EntityTypeBuilder<ProcessedWebhook> builder)
    {
        builder.ToTable("processed_webhooks");
        builder.HasKey(w => w.Key);
        builder.Property(w => w.Key).HasMaxLength(200);
    }
}
