using System.ComponentModel.DataAnnotations;

namespace Hotline.Server.WebContacts;

/// <summary>Section <c>Contact</c>: the public contact page and its abuse controls (no external captcha).</summary>
public sealed class ContactOptions
{
    public const string Section = "Contact";

    /// <summary>Open web messages on the board; beyond, new ones are held for a supervisor's review (never dropped).</summary>
    [Range(1, 100_000, ErrorMessage = "Contact:MaxOpenItems must be between 1 and 100000.")]
    public int MaxOpenItems { get; set; } = 100;

    /// <summary>A form sent sooner than this after the page was served was not filled in by a person.</summary>
    [Range(0, 600, ErrorMessage = "Contact:MinSecondsToSubmit must be between 0 and 600.")]
    public int MinSecondsToSubmit { get; set; } = 3;

    /// <summary>Messages per hour from one address.</summary>
    [Range(1, 100_000, ErrorMessage = "Contact:PerAddressPerHour must be between 1 and 100000.")]
    public int PerAddressPerHour { get; set; } = 5;

    /// <summary>Messages per minute from everyone together.</summary>
    [Range(1, 100_000, ErrorMessage = "Contact:GlobalPerMinute must be between 1 and 100000.")]
    public int GlobalPerMinute { get; set; } = 30;
}
