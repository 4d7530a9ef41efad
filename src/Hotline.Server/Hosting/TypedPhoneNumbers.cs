using PhoneNumbers;

namespace Hotline.Server.LiveConsole;

/// <summary>
/// Phone numbers as counsellors type them: French formats ("06 12 34 56 78", "06.12.34.56.78") or international
/// ("+33 6 12 34 56 78"), checked and written in E.164 by libphonenumber (never a home-made pattern).
/// </summary>
internal static class TypedPhoneNumbers
{
    /// <summary>A number without a country code is read as French: the line is French.</summary>
    public const string DefaultRegion = "FR";

    /// <summary>The number in E.164 (+33612345678), or null when it is not a valid number.</summary>
    public static string? ToE164(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed))
        {
            return null;
        }

        var util = PhoneNumberUtil.GetInstance();
        try
        {
            var number = util.Parse(typed, DefaultRegion);
            return util.IsValidNumber(number) ? util.Format(number, PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }
}
