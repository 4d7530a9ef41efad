using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hotline.Server.ServiceDirectory;

/// <summary>
/// When a service can be reached (a simplified HSDS "schedule"): either a weekly row (day, opens,
/// closes) or a free text such as "sur rendez-vous".
/// </summary>
public sealed class Schedule
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ServiceId { get; set; }

    public int Position { get; set; }

    public DayOfWeek? Day { get; set; }

    public TimeOnly? OpensAt { get; set; }

    public TimeOnly? ClosesAt { get; set; }

    public string? Description { get; set; }
}

internal sealed class ScheduleConfiguration : IEntityTypeConfiguration<Schedule>
{
    public void Configure(EntityTypeBuilder<Schedule> builder)
    {
        builder.ToTable("schedules");
        builder.Property(s => s.Description).HasMaxLength(DirectoryLimits.Label);
    }
}
