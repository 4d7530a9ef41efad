namespace Hotline.Server.Telephony;

/// <summary>
/// The line's week (section <c>Telephony:Hours</c>). Defaults: Monday–Friday 09:00–18:00 Paris time,
/// French public holidays closed.
/// </summary>
public sealed class OpeningHoursOptions
{
    public string TimeZone { get; set; } = "Europe/Paris";

    /// <summary>Day name → ranges, e.g. <c>"Monday": "09:00-12:30,13:30-18:00"</c>; a missing or empty day is closed.</summary>
    public Dictionary<string, string> Week { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Monday"] = "09:00-18:00",
        ["Tuesday"] = "09:00-18:00",
        ["Wednesday"] = "09:00-18:00",
        ["Thursday"] = "09:00-18:00",
        ["Friday"] = "09:00-18:00",
    };

    /// <summary>Extra closed days (yyyy-MM-dd), e.g. a bridge day.</summary>
    public List<string> ClosedDates { get; set; } = [];

    public bool CloseOnFrenchPublicHolidays { get; set; } = true;
}
