using System.Globalization;

namespace Hotline.Telephony.Simulator.Protocol;

public static class TwilioFormats
{
    public const string ApiVersion = "2010-04-01";

    /// <summary>The number of the French line (0 800 005 696) as Twilio presents it in <c>To</c>.</summary>
    public const string HotlineNumber = "+33800005696";

    /// <summary>What Twilio puts in <c>From</c> for a withheld caller ID ("ANONYMOUS" on a keypad).</summary>
    public const string AnonymousCaller = "+266696687";

    /// <summary>Twilio's REST API writes dates in RFC 2822 form: <c>Tue, 31 Aug 2010 20:36:28 +0000</c>.</summary>
    public static string Rfc2822(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);

    public static string Seconds(TimeSpan value) =>
        ((long)Math.Round(value.TotalSeconds, MidpointRounding.AwayFromZero)).ToString(CultureInfo.InvariantCulture);
}
