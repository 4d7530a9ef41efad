using System.Globalization;

namespace Hotline.Server.Telephony;

/// <summary>
/// When the line is open, in its own time zone (Paris: callers overseas face Paris hours), with
/// French public holidays and configured days closed. Pure: the caller passes the instant.
/// </summary>
public sealed class OpeningHours
{
    private readonly TimeZoneInfo _zone;
    private readonly Dictionary<DayOfWeek, (TimeOnly Start, TimeOnly End)[]> _week;
    private readonly HashSet<DateOnly> _closedDates;
    private readonly bool _closeOnHolidays;

    public OpeningHours(OpeningHoursOptions options)
    {
        var errors = Validate(options);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        _zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
        _week = Enum.GetValues<DayOfWeek>().ToDictionary(day => day, day =>
            options.Week.TryGetValue(day.ToString(), out var ranges) ? ParseRanges(ranges)! : []);
        _closedDates = [.. options.ClosedDates.Select(date => DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture))];
        _closeOnHolidays = options.CloseOnFrenchPublicHolidays;
    }

    /// <summary>Every problem with the settings, each naming its key.</summary>
    public static List<string> Validate(OpeningHoursOptions options)
    {
        var errors = new List<string>();
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone, out _))
        {
            errors.Add($"Telephony:Hours:TimeZone \"{options.TimeZone}\" is not a known time zone (e.g. Europe/Paris).");
        }

        foreach (var (day, ranges) in options.Week)
        {
            if (!Enum.TryParse<DayOfWeek>(day, ignoreCase: true, out _))
            {
                errors.Add($"Telephony:Hours:Week:{day} is not a day name (Monday…Sunday).");
            }
            else if (ParseRanges(ranges) is null)
            {
                errors.Add($"Telephony:Hours:Week:{day} \"{ranges}\" must be ranges like 09:00-12:30,13:30-18:00 (start before end).");
            }
        }

        foreach (var date in options.ClosedDates)
        {
            if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                errors.Add($"Telephony:Hours:ClosedDates \"{date}\" must be a date yyyy-MM-dd.");
            }
        }

        return errors;
    }

    public bool IsOpen(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, _zone);
        var date = DateOnly.FromDateTime(local.DateTime);
        var time = TimeOnly.FromDateTime(local.DateTime);
        return IsWorkingDay(date) && _week[date.DayOfWeek].Any(range => time >= range.Start && time < range.End);
    }

    /// <summary>The next instant the line opens after <paramref name="instant"/> (null when never within a year).</summary>
    public DateTimeOffset? NextOpening(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, _zone);
        var today = DateOnly.FromDateTime(local.DateTime);
        for (var offset = 0; offset <= 366; offset++)
        {
            var date = today.AddDays(offset);
            if (!IsWorkingDay(date))
            {
                continue;
            }

            foreach (var (start, _) in _week[date.DayOfWeek].OrderBy(range => range.Start))
            {
                var opening = ToInstant(date.ToDateTime(start));
                if (opening > instant)
                {
                    return opening;
                }
            }
        }

        return null;
    }

    /// <summary>The local (line) date and time of an instant, e.g. to say when the line reopens.</summary>
    public DateTime ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, _zone).DateTime;

    private bool IsWorkingDay(DateOnly date) =>
        !_closedDates.Contains(date) && !(_closeOnHolidays && FrenchPublicHolidays.IsHoliday(date));

    private DateTimeOffset ToInstant(DateTime local)
    {
        // An opening time that falls in a spring-forward gap opens at the first valid minute after it.
        while (_zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        return new DateTimeOffset(local, _zone.GetUtcOffset(local));
    }

    private static (TimeOnly Start, TimeOnly End)[]? ParseRanges(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var ranges = new List<(TimeOnly, TimeOnly)>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var bounds = part.Split('-', StringSplitOptions.TrimEntries);
            if (bounds.Length != 2
                || !TimeOnly.TryParseExact(bounds[0], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
            {
                return null;
            }

            // "24:00" closes at midnight.
            TimeOnly end;
            if (bounds[1] == "24:00")
            {
                end = TimeOnly.MaxValue;
            }
            else if (!TimeOnly.TryParseExact(bounds[1], "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out end))
            {
                return null;
            }

            if (end <= start)
            {
                return null;
            }

            ranges.Add((start, end));
        }

        return [.. ranges];
    }
}

/// <summary>The eleven national public holidays of France (Alsace-Moselle's two extra days are local).</summary>
public static class FrenchPublicHolidays
{
    public static bool IsHoliday(DateOnly date) => For(date.Year).Contains(date);

    public static IReadOnlySet<DateOnly> For(int year)
    {
        var easter = EasterSunday(year);
        return new HashSet<DateOnly>
        {
            new(year, 1, 1),
            easter.AddDays(1),   // lundi de Pâques
            new(year, 5, 1),
            new(year, 5, 8),
            easter.AddDays(39),  // Ascension
            easter.AddDays(50),  // lundi de Pentecôte
            new(year, 7, 14),
            new(year, 8, 15),
            new(year, 11, 1),
            new(year, 11, 11),
            new(year, 12, 25),
        };
    }

    /// <summary>Gregorian Easter (anonymous Gregorian algorithm, Meeus/Jones/Butcher).</summary>
    public static DateOnly EasterSunday(int year)
    {
        var a = year % 19;
        var b = year / 100;
        var c = year % 100;
        var d = b / 4;
        var e = b % 4;
        var f = (b + 8) / 25;
        var g = (b - f + 1) / 3;
        var h = ((19 * a) + b - d - g + 15) % 30;
        var i = c / 4;
        var k = c % 4;
        var l = (32 + (2 * e) + (2 * i) - h - k) % 7;
        var m = (a + (11 * h) + (22 * l)) / 451;
        var month = (h + l - (7 * m) + 114) / 31;
        var day = ((h + l - (7 * m) + 114) % 31) + 1;
        return new DateOnly(year, month, day);
    }
}
