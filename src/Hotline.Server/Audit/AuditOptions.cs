using System.ComponentModel.DataAnnotations;

namespace Hotline.Server.Audit;

/// <summary>Section <c>Audit</c>.</summary>
public sealed class AuditOptions
{
    /// <summary>
    /// How long entries are kept (CNIL: 6–12 months, up to 3 years with a documented need). The <c>migrate</c>
    /// command stores it in the database, whose purge function applies it: a change takes effect at the next migrate.
    /// </summary>
    [Range(typeof(TimeSpan), "30.00:00:00", "1096.00:00:00", ErrorMessage = "Audit:Retention must be between 30 days and 3 years (e.g. 365.00:00:00).")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(365);
}
