using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hotline.Server.ServiceDirectory;

/// <summary>
/// A service families can be referred to (HSDS "service"): a departmental cell, a commune cell, a
/// mandated association, the national team, an overseas State representative. Never deleted: referrals
/// point at it; <see cref="ServiceStatus.Inactive"/> takes it out of routing.
/// </summary>
public sealed class Service
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid OrganizationId { get; set; }

    public Organization? Organization { get; set; }

    public required string Name { get; set; }

    public ServiceKind Kind { get; set; }

    public ServiceStatus Status { get; set; } = ServiceStatus.Active;

    public string? Description { get; set; }

    /// <summary>The service's own address (a functional mailbox, not a person's).</summary>
    public string? Email { get; set; }

    public string? Url { get; set; }

    /// <summary>Created from reference data with empty contact fields: an admin must complete them.</summary>
    public bool ToComplete { get; set; }

    /// <summary>Invented data of a Development run (e.g. the CMER of Tarascon), never real.</summary>
    public bool IsDemo { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>A commune cell's charter (préfet, maire, procureur); null: none recorded, the cell receives nothing.</summary>
    public CellProtocol? Protocol { get; set; }

    public List<ServiceArea> Areas { get; set; } = [];

    public List<Contact> Contacts { get; set; } = [];

    public List<Phone> Phones { get; set; } = [];

    public List<Schedule> Schedules { get; set; } = [];

    public bool IsActive => Status == ServiceStatus.Active;

    /// <summary>What routing and the directory rules see of this service.</summary>
    public DirectoryEntry ToEntry() => new(
        Id,
        Name,
        Kind,
        Status,
        [.. Areas.Where(a => a.Kind == ServiceAreaKind.Departement).Select(a => a.Code)],
        [.. Areas.Where(a => a.Kind == ServiceAreaKind.Commune).Select(a => a.Code)],
        Protocol?.ToTerms());
}

internal sealed class ServiceConfiguration : IEntityTypeConfiguration<Service>
{
    public void Configure(EntityTypeBuilder<Service> builder)
    {
        builder.ToTable("services");
        builder.Property(s => s.Name).HasMaxLength(DirectoryLimits.Name);
        builder.Property(s => s.Description).HasMaxLength(DirectoryLimits.Description);
        builder.Property(s => s.Email).HasMaxLength(DirectoryLimits.Email);
        builder.Property(s => s.Url).HasMaxLength(DirectoryLimits.Url);
        builder.Ignore(s => s.IsActive);
        builder.OwnsOne(s => s.Protocol, protocol =>
        {
            protocol.Property(p => p.PrefectSignatory).HasMaxLength(DirectoryLimits.Label);
            protocol.Property(p => p.MayorSignatory).HasMaxLength(DirectoryLimits.Label);
            protocol.Property(p => p.ProsecutorSignatory).HasMaxLength(DirectoryLimits.Label);
        });
        builder.HasOne(s => s.Organization).WithMany(o => o.Services).HasForeignKey(s => s.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(s => s.Areas).WithOne().HasForeignKey(a => a.ServiceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(s => s.Contacts).WithOne().HasForeignKey(c => c.ServiceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(s => s.Phones).WithOne().HasForeignKey(p => p.ServiceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(s => s.Schedules).WithOne().HasForeignKey(s => s.ServiceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => new { s.Kind, s.Status });
    }
}
