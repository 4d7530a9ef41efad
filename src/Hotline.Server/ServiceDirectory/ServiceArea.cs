using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hotline.Server.ServiceDirectory;

/// <summary>
/// A territory a service covers (HSDS "service_area"): one département or collectivity code, or one
/// INSEE commune code, with the COG year it was checked against (codes change when communes merge).
/// </summary>
public sealed class ServiceArea
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ServiceId { get; set; }

    public ServiceAreaKind Kind { get; set; }

    /// <summary>"13", "2A", "974", "988"; or an INSEE code "13108". Always a string, stored as the catalog spells it.</summary>
    public required string Code { get; set; }

    public int CogYear { get; set; }
}

internal sealed class ServiceAreaConfiguration : IEntityTypeConfiguration<ServiceArea>
{
    public void Configure(EntityTypeBuilder<ServiceArea> builder)
    {
        builder.ToTable("service_areas");
        builder.Property(a => a.Code).HasMaxLength(DirectoryLimits.AreaCode);
        builder.HasIndex(a => new { a.ServiceId, a.Kind, a.Code }).IsUnique();
        // Routing and the rules look services up by territory.
        builder.HasIndex(a => new { a.Kind, a.Code });
    }
}
