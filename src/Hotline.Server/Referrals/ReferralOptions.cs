using System.ComponentModel.DataAnnotations;

namespace Hotline.Server.Referrals;

/// <summary>Section <c>Referrals</c>: acknowledgement deadlines (per kind of service) and escalation.</summary>
public sealed class ReferralOptions
{
    public const string Section = "Referrals";

    /// <summary>Per kind of service: working days to acknowledge, and what "urgent" means for it (<see cref="DeadlineOptions"/>).</summary>
    public DeadlineOptions Deadlines { get; set; } = new();

    /// <summary>The time zone working days are counted in (the préfectures' own; overseas services are counted in Paris time too, like the line).</summary>
    [Required(ErrorMessage = "Referrals:TimeZone is required (e.g. Europe/Paris).")]
    public string TimeZone { get; set; } = "Europe/Paris";

    /// <summary>How often overdue referrals are looked for.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Referrals:OverdueCheckInterval must be between 00:00:01 and 01:00:00.")]
    public TimeSpan OverdueCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A referral still open (not closed, not redirected) this long after it was sent is escalated to the supervisors
    /// and its territory's inboxes, once: support that never ends keeps a family's data without end
    /// (<c>Retention:StaleReferrals</c> then anonymises it).
    /// </summary>
    [Range(typeof(TimeSpan), "7.00:00:00", "1096.00:00:00", ErrorMessage = "Referrals:MaxOpen must be between 7 days and 3 years.")]
    public TimeSpan MaxOpen { get; set; } = TimeSpan.FromDays(183);

    /// <summary>How long after sending the sender (or a supervisor) may recall a referral not yet acknowledged.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Referrals:RecallWindow must be between 00:00:01 and 1.00:00:00.")]
    public TimeSpan RecallWindow { get; set; } = TimeSpan.FromMinutes(30);

    [Range(100, 50_000, ErrorMessage = "Referrals:MaxNoteLength must be between 100 and 50000.")]
    public int MaxNoteLength { get; set; } = 10_000;
}
