using Hotline.Server.Calls;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hotline.Server.Triage;

/// <summary>
/// An immediate danger recorded on a call, shown to every supervisor until one of them takes it in charge. Stored (not
/// only pushed) so that it survives a reload, a new sign-in and a restart: a danger nobody has acknowledged stays on
/// screen. One per call, raised with the triage's first save that records the danger.
/// </summary>
public sealed class DangerAlert
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid CallId { get; set; }

    public DateTimeOffset RaisedAt { get; set; }

    /// <summary>The counsellor whose triage recorded the danger.</summary>
    public Guid RaisedBy { get; set; }

    /// <summary>The concerned person's département, else the call's; null when unknown.</summary>
    public string? DepartementCode { get; set; }

    public EmergencyServicesConfirmation? EmergencyServices { get; set; }

    /// <summary>When a supervisor said "J’ai pris en charge"; null while the banner is up.</summary>
    public DateTimeOffset? TakenInChargeAt { get; set; }

    public Guid? TakenInChargeBy { get; set; }
}

/// <summary>
/// A danger alert as supervisors see it: ids, times, codes and the counsellor's name; no summary, no caller detail.
/// </summary>
public sealed record DangerAlertView(
    Guid Id,
    Guid CallId,
    DateTimeOffset CallReceivedAt,
    string? CounsellorName,
    string? DepartementCode,
    string? DepartementName,
    EmergencyServicesConfirmation? EmergencyServices,
    DateTimeOffset RaisedAt);

/// <summary>A supervisor took a danger alert in charge: it leaves every supervisor's banner.</summary>
public sealed record DangerAlertTakenInCharge(Guid AlertId, Guid CallId, string? ByName, DateTimeOffset At);

internal sealed class DangerAlertConfiguration : IEntityTypeConfiguration<DangerAlert>
{
    public void Configure(EntityTypeBuilder<DangerAlert> builder)
    {
        builder.ToTable("danger_alerts");
        // Once per call, whatever the number of saves or tabs.
        builder.HasIndex(a => a.CallId).IsUnique();
        // The supervisors' snapshot reads the open ones.
        builder.HasIndex(a => a.RaisedAt).HasFilter("taken_in_charge_at IS NULL");
        builder.HasOne<Call>().WithMany().HasForeignKey(a => a.CallId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(a => a.DepartementCode).HasMaxLength(3);
    }
}
