using System.Globalization;
using System.Text.RegularExpressions;
using Hotline.Server.Data;
using Hotline.Server.Triage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hotline.Server.Referrals;

/// <summary>The last number given in a year: one row per year, bumped by an atomic upsert.</summary>
public sealed class ReferralReferenceCounter
{
    public int Year { get; set; }

    public int LastNumber { get; set; }
}

/// <summary>
/// Human references of referrals: "2026-000123", the year it was sent (Paris time, like the deadlines) and that
/// year's sequence. Numbers come from a counter row per year (<c>INSERT … ON CONFLICT DO UPDATE … RETURNING</c>, so
/// two servers never give the same one; a unique index backs it). A send that fails after taking a number leaves a
/// gap: references are unique and ordered, not contiguous.
/// </summary>
public sealed partial class ReferralReferences(HotlineDbContext db, IOptions<ReferralOptions> options)
{
    /// <summary>The next reference for a referral sent at <paramref name="sentAt"/>.</summary>
    public async Task<string> NextAsync(DateTimeOffset sentAt, CancellationToken cancellationToken)
    {
        var year = TimeZoneInfo.ConvertTime(sentAt, TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone)).Year;
        var number = await db.Database.SqlQuery<int>($"""
            INSERT INTO referral_reference_counters (year, last_number) VALUES ({year}, 1)
            ON CONFLICT (year) DO UPDATE SET last_number = referral_reference_counters.last_number + 1
            RETURNING last_number AS "Value"
            """).ToListAsync(cancellationToken);
        return Format(year, number[0]);
    }

    public static string Format(int year, int number) =>
        year.ToString("D4", CultureInfo.InvariantCulture) + "-" + number.ToString("D6", CultureInfo.InvariantCulture);

    /// <summary>
    /// What a search for a reference matches: a whole reference ("2026-000123") exactly, or a number alone ("123",
    /// "000123") in any year. Null when the text is not a reference at all.
    /// </summary>
    public static ReferenceSearch? Parse(string? text)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            return null;
        }

        var match = ReferencePattern().Match(trimmed);
        if (!match.Success)
        {
            return null;
        }

        var number = int.Parse(match.Groups["number"].Value, CultureInfo.InvariantCulture);
        return match.Groups["year"].Success
            ? new ReferenceSearch(Format(int.Parse(match.Groups["year"].Value, CultureInfo.InvariantCulture), number), null)
            : new ReferenceSearch(null, "-" + number.ToString("D6", CultureInfo.InvariantCulture));
    }

    /// <summary>The age band an inbox shows: the band sent, or the one the exact age sent falls in.</summary>
    public static AgeBand? BandOf(AgeBand? band, int? age) => band ?? age switch
    {
        null => null,
        < 13 => AgeBand.Under13,
        <= 15 => AgeBand.From13To15,
        <= 17 => AgeBand.From16To17,
        <= 21 => AgeBand.From18To21,
        <= 25 => AgeBand.From22To25,
        _ => AgeBand.Over25,
    };

    [GeneratedRegex(@"^(?:(?<year>\d{4})\s*[-/ ]\s*)?(?<number>\d{1,6})$")]
    private static partial Regex ReferencePattern();
}

/// <param name="Exact">A whole reference.</param>
/// <param name="Suffix">The number part ("-000123"), in any year.</param>
public sealed record ReferenceSearch(string? Exact, string? Suffix);
