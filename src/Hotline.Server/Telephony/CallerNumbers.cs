using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Hotline.Server.Telephony;

/// <summary>Section <c>Privacy</c>.</summary>
public sealed class PrivacyOptions
{
    /// <summary>
    /// The HMAC key for caller numbers, base64, at least 32 bytes. French numbers are a small space: a
    /// plain hash could be reversed by trying them all; a keyed one cannot without the key.
    /// </summary>
    [Required(ErrorMessage = "Privacy:CallerKey is required: a base64 key of at least 32 bytes (e.g. openssl rand -base64 32), kept apart from the database.")]
    [Base64Key(32, ErrorMessage = "Privacy:CallerKey must be base64 for at least 32 bytes (e.g. openssl rand -base64 32).")]
    public string CallerKey { get; set; } = "";
}

[AttributeUsage(AttributeTargets.Property)]
internal sealed class Base64KeyAttribute(int minimumBytes) : ValidationAttribute
{
    public override bool IsValid(object? value)
    {
        if (value is not string text || string.IsNullOrEmpty(text))
        {
            return true; // [Required] reports a missing key.
        }

        var buffer = new byte[text.Length];
        return Convert.TryFromBase64String(text, buffer, out var length) && length >= minimumBytes;
    }
}

/// <summary>Turns a caller's number into a keyed HMAC; the number itself is never stored or logged.</summary>
public sealed class CallerNumbers(IOptions<PrivacyOptions> options)
{
    private readonly byte[] _key = Convert.FromBase64String(options.Value.CallerKey);

    // What carriers and Twilio send when the caller withheld the number.
    private static readonly HashSet<string> Withheld = new(StringComparer.OrdinalIgnoreCase)
    {
        "", "anonymous", "restricted", "unknown", "private", "unavailable", "+266696687", "266696687",
    };

    /// <summary>Null when the number is withheld or not a phone number.</summary>
    public string? Hash(string? from)
    {
        var normalized = Normalize(from);
        if (normalized is null)
        {
            return null;
        }

        return Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(normalized)));
    }

    /// <summary>The number in a canonical form (+ and digits), or null when withheld or not a number.</summary>
    public static string? Normalize(string? from)
    {
        var text = from?.Trim() ?? "";
        if (Withheld.Contains(text) || text.Length > 32)
        {
            return null;
        }

        var digits = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c) || (c == '+' && digits.Length == 0))
            {
                digits.Append(c);
            }
            else if (c is not (' ' or '-' or '.' or '(' or ')'))
            {
                return null; // a SIP URI or a client identity, not a phone number
            }
        }

        var normalized = digits.ToString();
        // French national form → E.164, so the same phone hashes the same however it is presented.
        if (normalized.Length == 10 && normalized[0] == '0')
        {
            normalized = "+33" + normalized[1..];
        }

        return normalized.Count(char.IsAsciiDigit) is >= 3 and <= 15 && !Withheld.Contains(normalized) ? normalized : null;
    }
}
