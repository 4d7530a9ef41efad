using System.Security.Cryptography;
using System.Text;

namespace Hotline.Testing;

/// <summary>
/// Computes X-Twilio-Signature the way Twilio does: Base64(HMAC-SHA1(authToken, url + each POST
/// parameter's key and value, sorted by key)). The SDK only validates, so tests sign themselves.
/// </summary>
public static class TwilioSigner
{
    public static string Sign(string authToken, string url, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var data = new StringBuilder(url);
        foreach (var (key, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            data.Append(key).Append(value);
        }

#pragma warning disable CA5350 // Twilio's signature protocol is HMAC-SHA1; it is not our choice.
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString())));
#pragma warning restore CA5350
    }
}
