using System.Security.Cryptography;
using System.Text;

namespace Hotline.Telephony.Simulator.Protocol;

/// <summary>
/// Computes <c>X-Twilio-Signature</c> the way Twilio does: Base64(HMAC-SHA1(auth token, URL followed by every
/// POST parameter as key + value, sorted by key)). For GET requests the parameters are in the URL and none
/// are appended.
/// </summary>
public static class TwilioSignature
{
    public const string HeaderName = "X-Twilio-Signature";

    public static string Compute(string authToken, string url, IEnumerable<KeyValuePair<string, string>> postParameters)
    {
        ArgumentException.ThrowIfNullOrEmpty(authToken);
        ArgumentException.ThrowIfNullOrEmpty(url);

        var data = new StringBuilder(url);
        foreach (var (key, value) in postParameters
                     .OrderBy(p => p.Key, StringComparer.Ordinal)
                     .ThenBy(p => p.Value, StringComparer.Ordinal))
        {
            data.Append(key).Append(value);
        }

        // SHA-1 is Twilio's choice for this signature, not ours: the simulator has to produce the same bytes.
#pragma warning disable CA5350
        var hash = HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString()));
#pragma warning restore CA5350
        return Convert.ToBase64String(hash);
    }
}
