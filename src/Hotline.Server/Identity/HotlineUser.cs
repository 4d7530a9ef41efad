using Microsoft.AspNetCore.Identity;

namespace Hotline.Server.Identity;

/// <summary>
/// A staff account. Territories (département and commune codes) are user claims of types
/// <see cref="HotlineClaims.Departement"/> and <see cref="HotlineClaims.Commune"/>.
/// </summary>
public sealed class HotlineUser : IdentityUser<Guid>
{
    public string DisplayName { get; set; } = "";

    /// <summary>
    /// The password was set by an admin (created or reset): until the user chooses their own, they reach
    /// only sign-in and the password change (see <see cref="SessionValidation.UseAccountGates"/>).
    /// </summary>
    public bool MustChangePassword { get; set; }
}

public sealed class HotlineRole : IdentityRole<Guid>;
