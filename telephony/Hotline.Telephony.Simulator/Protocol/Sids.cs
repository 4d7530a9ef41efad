using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Hotline.Telephony.Simulator.Protocol;

/// <summary>Twilio resource identifiers: a two-letter prefix and 32 lowercase hex digits.</summary>
public static class Sids
{
    public const string CallPrefix = "CA";
    public const string AccountPrefix = "AC";
    public const string QueuePrefix = "QU";
    public const string RecordingPrefix = "RE";
    public const string PhoneNumberPrefix = "PN";

    private static readonly SearchValues<char> _hexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    public static string New(string prefix) => prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>A SID derived from a name, so the same queue keeps its SID across simulator restarts.</summary>
    public static string Derived(string prefix, string name) =>
        prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)).AsSpan(0, 16));

    public static bool IsValid(string? sid, string prefix) =>
        sid is { Length: 34 }
        && sid.StartsWith(prefix, StringComparison.Ordinal)
        && !sid.AsSpan(2).ContainsAnyExcept(_hexDigits);
}
