using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hotline.Server.Identity;

internal sealed class RoleConfiguration : IEntityTypeConfiguration<HotlineRole>
{
    // Fixed ids: the roles are reference data created by the migration in every environment.
    private static readonly Dictionary<string, Guid> Ids = new()
    {
        [Roles.Counsellor] = Guid.Parse("0b5d3c52-7d0e-4a57-9c1e-6f1b8f0a0001"),
        [Roles.Supervisor] = Guid.Parse("0b5d3c52-7d0e-4a57-9c1e-6f1b8f0a0002"),
        [Roles.Coordinator] = Guid.Parse("0b5d3c52-7d0e-4a57-9c1e-6f1b8f0a0003"),
        [Roles.CommuneCell] = Guid.Parse("0b5d3c52-7d0e-4a57-9c1e-6f1b8f0a0004"),
        [Roles.Admin] = Guid.Parse("0b5d3c52-7d0e-4a57-9c1e-6f1b8f0a0005"),
        [Roles.DataProtectionOfficer] = Guid.Parse("0b5d3c52-7d0e-4a57-9c1e-6f1b8f0a0006"),
    };

    public void Configure(EntityTypeBuilder<HotlineRole> builder)
    {
        builder.ToTable("roles");
        builder.HasData(Roles.All.Select(name => new HotlineRole
        {
            Id = Ids[name],
            Name = name,
            NormalizedName = name.ToUpperInvariant(),
            ConcurrencyStamp = Ids[name].ToString(),
        }));
    }
}
