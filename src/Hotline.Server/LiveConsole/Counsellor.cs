using Microsoft.EntityFrameworkCore;

namespace Hotline.Server.LiveConsole;

/// <summary>
/// A counsellor's live state, one row per counsellor account. The database is the single source of
/// truth for who holds which call, so several server instances agree.
/// </summary>
public sealed class Counsellor
{
    public Guid UserId { get; set; }

    public Presence Presence { get; set; } = Presence.Offline;

    /// <summary>When the current presence began (supervisors see the time in state).</summary>
    public DateTimeOffset Since { get; set; }

    /// <summary>When the counsellor last became free: the longest-idle counsellor gets the next offer.</summary>
    public DateTimeOffset IdleSince { get; set; }

    /// <summary>Offers missed in a row (timeout); two in a row put the counsellor on Break.</summary>
    public int MissedOffers { get; set; }

    public Guid? CurrentCallId { get; set; }

    public DateTimeOffset? WrapUpEndsAt { get; set; }

    /// <summary>The personal event stream's last sequence number.</summary>
    public long PersonalSequence { get; set; }

    /// <summary>Where this counsellor hears callers: the browser (Twilio Voice JS SDK) or their own phone.</summary>
    public AnswerMode AnswerMode { get; set; } = AnswerMode.Browser;

    /// <summary>The counsellor's phone number for <see cref="AnswerMode.Phone"/>, encrypted with Data Protection.</summary>
    public string? ProtectedPhoneNumber { get; set; }
}

/// <summary>The one way a counsellor's row comes to exist.</summary>
internal static class CounsellorRows
{
    /// <summary>
    /// The counsellor's row, tracked, created Offline if missing. Created with ON CONFLICT DO NOTHING, not
    /// Add: a first console connection, a second tab and the answering setting may all arrive at once, and
    /// the loser of an EF insert would fail its request (a hub connection closed on a DbUpdateException).
    /// </summary>
    public static async Task<Counsellor> EnsureAsync(Data.HotlineDbContext db, Guid userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await db.Counsellors.FirstOrDefaultAsync(c => c.UserId == userId, cancellationToken) is { } existing)
        {
            return existing;
        }

        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO counsellors (user_id, presence, since, idle_since, missed_offers, personal_sequence, answer_mode)
            VALUES ({userId}, {nameof(Presence.Offline)}, {now}, {now}, 0, 0, {nameof(AnswerMode.Browser)})
            ON CONFLICT (user_id) DO NOTHING
            """, cancellationToken);
        return await db.Counsellors.FirstAsync(c => c.UserId == userId, cancellationToken);
    }
}

public enum AnswerMode
{
    Browser,
    Phone,
}

public enum OfferOutcome
{
    Pending,
    Accepted,
    Declined,
    Expired,
    /// <summary>The caller hung up, a supervisor reassigned the call, or the counsellor went offline.</summary>
    Withdrawn,
    /// <summary>Accepted, but Twilio could not put the caller through; twice for one call and counsellor, and that call is no longer offered to them.</summary>
    ConnectionFailed,
}

/// <summary>A call offered to one counsellor for a limited time. At most one pending offer per call and per counsellor (unique indexes).</summary>
public sealed class Offer
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid CallId { get; set; }

    public Guid CounsellorId { get; set; }

    public DateTimeOffset OfferedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public OfferOutcome Outcome { get; set; } = OfferOutcome.Pending;

    public DateTimeOffset? DecidedAt { get; set; }

    /// <summary>A supervisor chose this counsellor for this call.</summary>
    public bool BySupervisor { get; set; }
}

/// <summary>A live console connection. Rows of a crashed instance expire with its heartbeat.</summary>
public sealed class ConsoleConnection
{
    public required string ConnectionId { get; set; }

    public Guid UserId { get; set; }

    public required string Instance { get; set; }

    public DateTimeOffset LastSeenAt { get; set; }
}
