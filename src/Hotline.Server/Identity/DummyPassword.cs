using Microsoft.AspNetCore.Identity;

namespace Hotline.Server.Identity;

/// <summary>
/// A password hash checked when there is no account (or it is locked), so every refused sign-in costs one
/// hash verification with the same parameters: unknown user names cannot be told apart by timing.
/// </summary>
internal static class DummyPassword
{
    private static readonly HotlineUser Nobody = new() { UserName = "nobody", DisplayName = "nobody" };
    private static string? _hash;

    public static void Verify(UserManager<HotlineUser> users, string password)
    {
        // Made with the configured hasher on first use (same algorithm and iteration count as real hashes).
        var hash = _hash ??= users.PasswordHasher.HashPassword(Nobody, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(18)));
        users.PasswordHasher.VerifyHashedPassword(Nobody, hash, password);
    }
}
