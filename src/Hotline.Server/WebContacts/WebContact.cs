using Hotline.Server.Calls;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hotline.Server.WebContacts;

/// <summary>Who the family writes about, as they say it.</summary>
public enum ContactRelation
{
    MyChild,
    MySibling,
    OtherFamily,
    FriendOrNeighbour,
    Pupil,
    Other,
}

public enum ContactAgeBand
{
    Under15,
    From15To17,
    From18To25,
    Over25,
    Unknown,
}

/// <summary>
/// What a family wrote through the contact page. The work item itself is a <see cref="Call"/> of status
/// <see cref="CallStatus.WebMessage"/>; this holds what identifies them, encrypted with Data Protection, deleted after
/// <c>Retention:WebContacts</c> unless a referral was made. Never logged.
/// </summary>
public sealed class WebContact
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid CallId { get; set; }

    public required string ProtectedMessage { get; set; }

    public string? ProtectedPhone { get; set; }

    public string? ProtectedEmail { get; set; }

    public ContactRelation Relation { get; set; }

    public ContactAgeBand AgeBand { get; set; }

    /// <summary>The page's language (fr or en): the language to answer in.</summary>
    public required string Language { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }
}

internal sealed class WebContactConfiguration : IEntityTypeConfiguration<WebContact>
{
    public void Configure(EntityTypeBuilder<WebContact> builder)
    {
        builder.ToTable("web_contacts");
        builder.HasIndex(contact => contact.CallId).IsUnique();
        builder.HasIndex(contact => contact.ReceivedAt);
        builder.HasOne<Call>().WithMany().HasForeignKey(contact => contact.CallId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(contact => contact.ProtectedMessage).HasMaxLength(40_000);
        builder.Property(contact => contact.ProtectedPhone).HasMaxLength(1024);
        builder.Property(contact => contact.ProtectedEmail).HasMaxLength(2048);
        builder.Property(contact => contact.Language).HasMaxLength(2);
    }
}
