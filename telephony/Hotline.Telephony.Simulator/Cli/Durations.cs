using System.Globalization;
using System.Text.RegularExpressions;

namespace Hotline.Telephony.Simulator.Cli;

/// <summary>Durations written as <c>30s</c>, <c>2m</c>, <c>1m30s</c>, <c>1h</c>, <c>500ms</c> or plain seconds (<c>45</c>).</summary>
public static partial class Durations
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        if (double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds))
        {
            duration = TimeSpan.FromSeconds(seconds);
            return true;
        }

        var match = Pattern().Match(text);
        if (!match.Success)
        {
            return false;
        }

        foreach (Capture part in match.Groups["part"].Captures)
        {
            var unitMatch = Part().Match(part.Value);
            var value = double.Parse(unitMatch.Groups["value"].Value, CultureInfo.InvariantCulture);
            duration += unitMatch.Groups["unit"].Value switch
            {
                "h" => TimeSpan.FromHours(value),
                "m" => TimeSpan.FromMinutes(value),
                "s" => TimeSpan.FromSeconds(value),
                _ => TimeSpan.FromMilliseconds(value),
            };
        }

        return true;
    }

    public static string Format(TimeSpan value) => value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";

    [GeneratedRegex(@"^(?<part>\d+(\.\d+)?(ms|h|m|s))+$")]
    private static partial Regex Pattern();

    [GeneratedRegex(@"^(?<value>\d+(\.\d+)?)(?<unit>ms|h|m|s)$")]
    private static partial Regex Part();
}
