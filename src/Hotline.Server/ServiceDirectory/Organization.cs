using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hotline.Server.ServiceDirectory;

/// <summary>
/// Who runs services (Open Referral HSDS "organization"): a préfecture, a commune, an association, the
/// national line. Its name is unique, so the admin API and the CSV name it instead of an id.
/// </summary>
public sealed class Organization
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public required string Name { get; set; }

    public string? Description { get; set; }

    /// <summary>Invented data of a Development run, never real.</summary>
    public bool IsDemo { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public List<Service> Services { get; set; } = [];
}

internal sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> builder)
    {
        builder.ToTable("organizations");
        builder.Property(o => o.Name).HasMaxLength(DirectoryLimits.Name);
        builder.Property(o => o.Description).HasMaxLength(DirectoryLimits.Description);
        builder.HasIndex(o => o.Name).IsUnique();
    }
}

/// <summary>Field lengths shared by the model, the API validation and the CSV import.</summary>
public static class DirectoryLimits
{
    public const int Name = 300;
    public const int Description = 2000;
    public const int Email = 254;
    public const int Url = 500;
    public const int PhoneNumber = 32;
    public const int Label = 200;
    public const int AreaCode = 5;
}
