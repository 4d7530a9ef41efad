using PhoneNumbers;

namespace Hotline.Server.Hosting;

/// <summary>
/// Phone numbers as people type them: French formats ("06 12 34 56 78", "01.23.45.67.89"), overseas départements dialled
/// the French way ("0262 12 34 56", "0590 …", "0596 …", "0594 …", "0269 …") or international ("+33 6 12 34 56 78"),
/// checked and written in E.164 by libphonenumber (never a home-made pattern). Shared by the counsellor's own number
/// and the directory's services and contacts.
/// </summary>
public static class TypedPhoneNumbers
{
    /// <summary>A number without a country code is read as French: the line is French.</summary>
    public const string DefaultRegion = "FR";

    /// <summary>
    /// The overseas départements and collectivities that share France's national "0" dialling but have their own country
    /// codes in the numbering plan (Réunion +262, Mayotte +262, Guadeloupe and Saint-Barthélemy/Saint-Martin +590,
    /// Martinique +596, Guyane +594, Saint-Pierre-et-Miquelon +508): "0262 …" is valid for RE, not for FR.
    /// </summary>
    private static readonly string[] OverseasRegions = ["RE", "YT", "GP", "MQ", "GF", "BL", "MF", "PM"];

    /// <summary>The number in E.164 (+33612345678, +262262123456), or null when it is not a valid number.</summary>
    public static string? ToE164(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed))
        {
            return null;
        }

        var util = PhoneNumberUtil.GetInstance();
        // Overseas first: "0262 12 34 56" also fits metropolitan France's pattern (+33 2 62…), a number that does not exist;
        // the French plan gives 0262, 0269, 0590, 0594, 0596, 0508 and their mobiles to the overseas country codes.
        foreach (var region in OverseasRegions)
        {
            if (Parse(util, typed, region) is { } overseas && util.IsValidNumberForRegion(overseas, region))
            {
                return util.Format(overseas, PhoneNumberFormat.E164);
            }
        }

        return Parse(util, typed, DefaultRegion) is { } number && util.IsValidNumber(number) ? util.Format(number, PhoneNumberFormat.E164) : null;
    }

    private static PhoneNumber? Parse(PhoneNumberUtil util, string typed, string region)
    {
        try
        {
            return util.Parse(typed, region);
        }
        catch (NumberParseException)
        {
            return null;
        }
    }
}
