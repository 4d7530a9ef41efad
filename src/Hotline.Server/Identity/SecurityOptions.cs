using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.Extensions.Options;

namespace Hotline.Server.Identity;

/// <summary>Section <c>Security</c>: who must use a second factor.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>
    /// Two-factor authentication (TOTP) for supervisors, coordinators, commune-cell members and admins.
    /// Unset: required everywhere but Development (whose demo accounts are exempt). Production refuses false.
    /// </summary>
    public bool? RequireMfa { get; set; }

    /// <summary>The name the authenticator app shows next to the account.</summary>
    [Required(ErrorMessage = "Security:AuthenticatorIssuer is required (the name shown in authenticator apps).")]
    [RegularExpression("^[^:]{1,64}$", ErrorMessage = "Security:AuthenticatorIssuer must be 1 to 64 characters without ':'.")]
    public string AuthenticatorIssuer { get; set; } = "Hotline";

    /// <summary>
    /// The origins ("https://console.example.fr") whose pages may open the console's hub. Empty: only the
    /// server's own origin (the console it serves). A WebSocket is not covered by the browser's same-origin
    /// rules nor by SameSite for every browser, so a page elsewhere could otherwise use a signed-in user's cookie.
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];
}

/// <summary>Decides whether a user must have enrolled an authenticator before using anything but their account.</summary>
public sealed class MfaRequirement(IOptions<SecurityOptions> options, IHostEnvironment environment)
{
    /// <summary>The roles that see referrals or administer accounts: a stolen password alone must not open them.</summary>
    public static readonly IReadOnlyList<string> Roles =
        [Identity.Roles.Supervisor, Identity.Roles.Coordinator, Identity.Roles.CommuneCell, Identity.Roles.Admin, Identity.Roles.DataProtectionOfficer];

    public bool Enforced => options.Value.RequireMfa ?? !environment.IsDevelopment();

    public bool AppliesTo(IEnumerable<string> roles) => Enforced && roles.Any(Roles.Contains);

    public bool AppliesTo(ClaimsPrincipal user) => Enforced && Roles.Any(user.IsInRole);

    internal static OptionsBuilder<SecurityOptions> Register(IServiceCollection services) =>
        Hosting.ValidatedOptions.AddValidatedOptions<SecurityOptions>(services, SecurityOptions.Section)
            .Validate<IHostEnvironment>(
                (security, environment) => !(environment.IsProduction() && security.RequireMfa == false),
                "Security:RequireMfa cannot be false in Production: supervisors, coordinators, commune cells and admins must use two-factor authentication.");
}
