using System.ComponentModel.DataAnnotations;

namespace Hotline.Server.Telephony;

/// <summary>How the line behaves (section <c>Telephony</c>).</summary>
public sealed class TelephonyOptions
{
    public const string Section = "Telephony";

    /// <summary>Opens the line at every hour (demos, load tests).</summary>
    public bool AlwaysOpen { get; set; }

    /// <summary>Prompts language: "fr" (the product) or "en" (to test the mechanism).</summary>
    [RegularExpression("^(fr|en)$", ErrorMessage = "Telephony:Language must be \"fr\" or \"en\".")]
    public string Language { get; set; } = "fr";

    /// <summary>The Twilio queue callers wait in (the fallback TwiML in telephony/ uses the same name).</summary>
    [Required(ErrorMessage = "Telephony:QueueName is required.")]
    [RegularExpression("^[A-Za-z0-9_-]{1,64}$", ErrorMessage = "Telephony:QueueName must be 1–64 letters, digits, _ or -.")]
    public string QueueName { get; set; } = "hotline";

    /// <summary>After this wait the caller is offered voicemail or a callback.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "02:00:00", ErrorMessage = "Telephony:MaxWait must be between 00:01:00 and 02:00:00.")]
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Position and wait are announced at most this often.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "00:30:00", ErrorMessage = "Telephony:AnnouncementInterval must be between 00:01:00 and 00:30:00.")]
    public TimeSpan AnnouncementInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Hold music played while waiting; empty plays silence between announcements.</summary>
    public string? HoldMusicUrl { get; set; } = "http://com.twilio.sounds.music.s3.amazonaws.com/ClockworkWaltz.mp3";

    /// <summary>
    /// Where webhooks that arrive while the database is unreachable are kept until it returns.
    /// Relative paths are under the content root. Must be on durable local storage.
    /// </summary>
    [Required(ErrorMessage = "Telephony:OutageJournalPath is required.")]
    public string OutageJournalPath { get; set; } = ".data/telephony-journal";

    /// <summary>The longest a webhook waits for the database before answering without it (Twilio gives up at 15 s).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:00:10", ErrorMessage = "Telephony:DatabaseBudget must be between 1 and 10 seconds.")]
    public TimeSpan DatabaseBudget { get; set; } = TimeSpan.FromSeconds(4);

    [Required]
    public OpeningHoursOptions Hours { get; set; } = new();
}
