using Hotline.Server.ServiceDirectory;
using Hotline.Server.Identity;
using Hotline.Server.Calls;
using Hotline.Server.LiveConsole;
using Hotline.Server.Referrals;
using Hotline.Server.Triage;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Server.Data;

/// <summary>The unit of work of every feature. Each entity has its own configuration class.</summary>
public sealed class HotlineDbContext(DbContextOptions<HotlineDbContext> options)
    : IdentityDbContext<HotlineUser, HotlineRole, Guid>(options), IDataProtectionKeyContext
{
    public DbSet<Call> Calls => Set<Call>();

    public DbSet<WebContacts.WebContact> WebContacts => Set<WebContacts.WebContact>();

    public DbSet<CallEvent> CallEvents => Set<CallEvent>();

    public DbSet<ProcessedWebhook> ProcessedWebhooks => Set<ProcessedWebhook>();

    public DbSet<Counsellor> Counsellors => Set<Counsellor>();

    public DbSet<Offer> Offers => Set<Offer>();

    public DbSet<ConsoleConnection> ConsoleConnections => Set<ConsoleConnection>();

    public DbSet<CallTriage> Triages => Set<CallTriage>();

    /// <summary>Immediate dangers shown to supervisors until one takes them in charge (Triage/DangerAlert).</summary>
    public DbSet<DangerAlert> DangerAlerts => Set<DangerAlert>();

    public DbSet<Referral> Referrals => Set<Referral>();

    public DbSet<ReferralEvent> ReferralEvents => Set<ReferralEvent>();

    public DbSet<ReferralNote> ReferralNotes => Set<ReferralNote>();

    public DbSet<ReferralReferenceCounter> ReferralReferenceCounters => Set<ReferralReferenceCounter>();

    public DbSet<Audit.AuditEntry> AuditEntries => Set<Audit.AuditEntry>();

    /// <summary>Sessions signed out of, refused until their cookie would have expired (see Identity/RevokedSessions).</summary>
    public DbSet<RevokedSession> RevokedSessions => Set<RevokedSession>();

    public DbSet<Organization> Organizations => Set<Organization>();

    /// <summary>The service directory (departmental cells, commune cells, …); see Directory/.</summary>
    public DbSet<Service> DirectoryServices => Set<Service>();

    public DbSet<ServiceArea> ServiceAreas => Set<ServiceArea>();

    public DbSet<Contact> Contacts => Set<Contact>();

    public DbSet<Phone> Phones => Set<Phone>();

    public DbSet<Schedule> Schedules => Set<Schedule>();

    /// <summary>Data Protection keys, shared by every server instance (cookies, encrypted fields).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public const string QueueSequence = "console_queue_seq";
    public const string PresenceSequence = "console_presence_seq";

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(HotlineDbContext).Assembly);
        // Event stream positions shared by every server instance (see ConsoleStream).
        builder.HasSequence<long>(QueueSequence);
        builder.HasSequence<long>(PresenceSequence);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored by name: readable in SQL and safe when members are reordered.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(64);
    }
}
