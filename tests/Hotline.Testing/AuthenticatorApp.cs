using OtpNet;

namespace Hotline.Testing;

/// <summary>What an authenticator app does with the shared key shown at enrolment (RFC 6238, SHA-1, 6 digits, 30 s).</summary>
public static class AuthenticatorApp
{
    /// <summary>
    /// The code for now, or <paramref name="steps"/> 30-second steps later. The server refuses a code it
    /// already accepted, and accepts codes up to two steps away: a second sign-in in the same half-minute
    /// uses the next step's code.
    /// </summary>
    public static string Code(string sharedKey, int steps = 0)
    {
        var key = Base32Encoding.ToBytes(sharedKey.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant());
        return new Totp(key).ComputeTotp(DateTime.UtcNow.AddSeconds(30 * steps));
    }

    /// <summary>A well-formed code that is not valid now (for any of the steps the server accepts).</summary>
    public static string WrongCode(string sharedKey)
    {
        var valid = Enumerable.Range(-3, 7).Select(step => Code(sharedKey, step)).ToHashSet();
        return Enumerable.Range(0, 100).Select(i => (123456 + (i * 7919)).ToString("D6", System.Globalization.CultureInfo.InvariantCulture)).First(code => !valid.Contains(code));
    }
}
