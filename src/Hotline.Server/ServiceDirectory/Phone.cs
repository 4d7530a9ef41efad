using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hotline.Server.ServiceDirectory;

/// <summary>A service's phone number (HSDS "phone"), e.g. its switchboard.</summary>
public sealed class Phone
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ServiceId { get; set; }

    /// <summary>Keeps the order the admin gave (the first is the main number).</summary>
    public int Position { get; set; }

    public required string Number { get; set; }

    public string? Description { get; set; }
}

internal sealed class PhoneConfiguration : IEntityTypeConfiguration<Phone>
{
    public void Configure(EntityTypeBuilder<Phone> builder)
    {
        builder.ToTable("phones");
        builder.Property(p => p.Number).HasMaxLength(DirectoryLimits.PhoneNumber);
        builder.Property(p => p.Description).HasMaxLength(DirectoryLimits.Label);
    }
}
