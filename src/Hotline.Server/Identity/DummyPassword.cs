using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Hotline.Server.Identity;

/// <summary>
/// A password hash checked when there is no account (or it is locked), so every refused sign-in costs one
/// hash verification with the same parameters: unknown user names cannot be told apart by timing.
/// </summary>
/// <remarks>
/// A service of the host, not a static: its hash follows this host's <see cref="PasswordHasherOptions"/>. (A static one
/// was made by whichever host came first in a process and kept by every other, whatever their iteration count.)
/// </remarks>
internal sealed class DummyPassword(IOptions<PasswordHasherOptions> options)
{
    private static readonly HotlineUser Nobody = new() { UserName = "nobody", DisplayName = "nobody" };

    // Identity's own hasher with the configured options: same algorithm and iteration count as real hashes.
    private readonly Lazy<string> _hash = new(() => new PasswordHasher<HotlineUser>(options)
        .HashPassword(Nobody, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(18))));

    public void Verify(UserManager<HotlineUser> users, string password) =>
        users.PasswordHasher.VerifyHashedPassword(Nobody, _hash.Value, password);
}
