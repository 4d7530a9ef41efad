using System.ComponentModel.DataAnnotations;

namespace Hotline.Server.Referrals;

/// <summary>Section <c>Referrals</c>: acknowledgement deadlines and escalation.</summary>
public sealed class ReferralOptions
{
    public const string Section = "Referrals";

    /// <summary>Working days (Monday–Friday, French public holidays excluded) a service has to acknowledge a referral.</summary>
    [Range(1, 20, ErrorMessage = "Referrals:AcknowledgementWorkingDays must be between 1 and 20.")]
    public int AcknowledgementWorkingDays { get; set; } = 2;

    /// <summary>The deadline at an urgent level: clock hours, nights and weekends included (urgency does not wait for Monday).</summary>
    [Range(typeof(TimeSpan), "00:15:00", "3.00:00:00", ErrorMessage = "Referrals:UrgentAcknowledgement must be between 00:15:00 and 3.00:00:00.")]
    public TimeSpan UrgentAcknowledgement { get; set; } = TimeSpan.FromHours(4);

    /// <summary>The time zone working days are counted in (the préfectures' own; overseas services are counted in Paris time too, like the line).</summary>
    [Required(ErrorMessage = "Referrals:TimeZone is required (e.g. Europe/Paris).")]
    public string TimeZone { get; set; } = "Europe/Paris";

    /// <summary>How often overdue referrals are looked for.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Referrals:OverdueCheckInterval must be between 00:00:01 and 01:00:00.")]
    public TimeSpan OverdueCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long after sending the sender (or a supervisor) may recall a referral not yet acknowledged.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Referrals:RecallWindow must be between 00:00:01 and 1.00:00:00.")]
    public TimeSpan RecallWindow { get; set; } = TimeSpan.FromMinutes(30);

    [Range(100, 50_000, ErrorMessage = "Referrals:MaxNoteLength must be between 100 and 50000.")]
    public int MaxNoteLength { get; set; } = 10_000;
}
