using System.ComponentModel.DataAnnotations;

namespace Hotline.Server.Statistics;

/// <summary>The <c>Statistics</c> section: the thresholds the figures are computed with, validated at start-up.</summary>
public sealed class StatisticsOptions
{
    public const string Section = "Statistics";

    /// <summary>An answer within this many seconds of joining the queue meets the service level.</summary>
    [Range(1, 600, ErrorMessage = "Statistics:ServiceLevelSeconds must be between 1 and 600.")]
    public int ServiceLevelSeconds { get; set; } = 30;

    /// <summary>A caller who hangs up within this many seconds of joining the queue is a short abandon, left out of the rates.</summary>
    [Range(0, 60, ErrorMessage = "Statistics:ShortAbandonSeconds must be between 0 and 60.")]
    public int ShortAbandonSeconds { get; set; } = 5;

    /// <summary>Days and hours are this zone's (the line's).</summary>
    [Required(ErrorMessage = "Statistics:TimeZone is required (e.g. Europe/Paris).")]
    public string TimeZone { get; set; } = "Europe/Paris";

    /// <summary>The longest period one report covers, in days.</summary>
    [Range(1, 3700, ErrorMessage = "Statistics:MaxReportDays must be between 1 and 3700.")]
    public int MaxReportDays { get; set; } = 1100;

    /// <summary>Under this count, a coordinator sees "&lt; 5" (small-count suppression); rates on fewer are hidden too.</summary>
    public const int SmallCount = 5;
}
