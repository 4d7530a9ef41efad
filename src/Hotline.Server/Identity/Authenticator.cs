using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Identity;
using QRCoder;

namespace Hotline.Server.Identity;

/// <summary>
/// TOTP through ASP.NET Core Identity's authenticator token provider (RFC 6238, 6 digits, 30 s steps,
/// codes accepted ±2 steps). This class only normalises input, refuses a replayed code, and renders
/// the enrolment URI and QR code.
/// </summary>
internal static class Authenticator
{
    public const int RecoveryCodeCount = 10;

    private const string TokenProvider = "Hotline";
    private const string AcceptedCodesToken = "AcceptedAuthenticatorCodes";

    /// <summary>Identity accepts a code for about 2.5 minutes; refusing its reuse for longer stops replays.</summary>
    private static readonly TimeSpan ReplayWindow = TimeSpan.FromMinutes(5);

    /// <summary>"123 456" or "123-456" as typed or pasted; null unless six digits remain.</summary>
    public static string? NormalizeCode(string? code)
    {
        var digits = new string((code ?? "").Where(c => c is not (' ' or '-')).ToArray());
        return digits.Length == 6 && digits.All(char.IsAsciiDigit) ? digits : null;
    }

    /// <summary>True when the code is valid for the user's authenticator key and was not accepted in the last minutes.</summary>
    public static async Task<bool> VerifyAsync(UserManager<HotlineUser> users, HotlineUser user, string? code, TimeProvider time)
    {
        var digits = NormalizeCode(code);
        if (digits is null)
        {
            return false;
        }

        // Every code accepted within the window is remembered (not only the last one): otherwise two valid
        // codes could be alternated, each replay passing because the other was accepted in between.
        var now = time.GetUtcNow();
        var accepted = AcceptedCodes(await users.GetAuthenticationTokenAsync(user, TokenProvider, AcceptedCodesToken))
            .Where(entry => now - entry.At < ReplayWindow)
            .ToList();
        if (accepted.Any(entry => entry.Code == digits))
        {
            return false;
        }

        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, digits))
        {
            return false;
        }

        accepted.Add((digits, now));
        await users.SetAuthenticationTokenAsync(user, TokenProvider, AcceptedCodesToken,
            string.Join(';', accepted.Select(entry => entry.Code + "@" + entry.At.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture))));
        return true;
    }

    /// <summary>"code@unix-seconds;…" as stored; unreadable entries are dropped.</summary>
    private static IEnumerable<(string Code, DateTimeOffset At)> AcceptedCodes(string? stored)
    {
        foreach (var entry in (stored ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            if (entry.Split('@') is [var code, var at] && long.TryParse(at, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            {
                yield return (code, DateTimeOffset.FromUnixTimeSeconds(seconds));
            }
        }
    }

    /// <summary>Redeems one recovery code (each works once), as shown or typed without its dash or in lower case.</summary>
    public static async Task<bool> RedeemRecoveryCodeAsync(UserManager<HotlineUser> users, HotlineUser user, string? code)
    {
        var typed = new string((code ?? "").Where(c => !char.IsWhiteSpace(c)).ToArray());
        if (typed.Length is 0 or > 64)
        {
            return false;
        }

        var candidates = new List<string> { typed, typed.ToUpperInvariant() };
        if (typed.Length == 10 && !typed.Contains('-', StringComparison.Ordinal))
        {
            candidates.AddRange(candidates.Select(c => $"{c[..5]}-{c[5..]}").ToList());
        }

        foreach (var candidate in candidates.Distinct(StringComparer.Ordinal))
        {
            // A failed redemption changes nothing: the caller counts one failure for the attempt.
            if ((await users.RedeemTwoFactorRecoveryCodeAsync(user, candidate)).Succeeded)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>New recovery codes (the previous ones stop working), to show once.</summary>
    public static async Task<IReadOnlyList<string>> NewRecoveryCodesAsync(UserManager<HotlineUser> users, HotlineUser user) =>
        [.. await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount) ?? []];

    /// <summary>The key in groups of four, easier to type into an app.</summary>
    public static string FormatKey(string key)
    {
        var result = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            result.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }

        return result.ToString().TrimEnd().ToLowerInvariant();
    }

    /// <summary>The otpauth URI authenticator apps read (Key Uri Format): issuer, account, base32 secret.</summary>
    public static string Uri(string issuer, string userName, string key) =>
        string.Create(CultureInfo.InvariantCulture,
            $"otpauth://totp/{System.Uri.EscapeDataString(issuer)}:{System.Uri.EscapeDataString(userName)}?secret={key}&issuer={System.Uri.EscapeDataString(issuer)}&digits=6&period=30");

    /// <summary>The URI as an SVG QR code: served from our origin, so the CSP (<c>img-src 'self'</c>) needs no change.</summary>
    public static string QrSvg(string uri)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(6, "#000000", "#ffffff", drawQuietZones: true, sizingMode: SvgQRCode.SizingMode.ViewBoxAttribute);
    }
}
