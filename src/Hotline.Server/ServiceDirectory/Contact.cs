using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hotline.Server.ServiceDirectory;

/// <summary>A person or role to contact at a service (HSDS "contact"). Professionals' details: never logged.</summary>
public sealed class Contact
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ServiceId { get; set; }

    /// <summary>Keeps the order the admin gave.</summary>
    public int Position { get; set; }

    public required string Name { get; set; }

    public string? Title { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }
}

internal sealed class ContactConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> builder)
    {
        builder.ToTable("contacts");
        builder.Property(c => c.Name).HasMaxLength(DirectoryLimits.Label);
        builder.Property(c => c.Title).HasMaxLength(DirectoryLimits.Label);
        builder.Property(c => c.Email).HasMaxLength(DirectoryLimits.Email);
        builder.Property(c => c.Phone).HasMaxLength(DirectoryLimits.PhoneNumber);
    }
}
