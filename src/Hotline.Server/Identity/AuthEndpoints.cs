using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Hotline.Server.Identity;

public sealed record LoginRequest(string? UserName, string? Password);

/// <summary>Who is signed in: enough for the console to choose its screens.</summary>
public sealed record CurrentUser(
    string UserName,
    string DisplayName,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Departements,
    IReadOnlyList<string> Communes)
{
    public static CurrentUser From(ClaimsPrincipal principal) => new(
        principal.Identity?.Name ?? "",
        principal.FindFirstValue(DisplayNameClaim) ?? principal.Identity?.Name ?? "",
        [.. principal.FindAll(ClaimTypes.Role).Select(claim => claim.Value).Order(StringComparer.Ordinal)],
        [.. principal.FindAll(HotlineClaims.Departement).Select(claim => claim.Value).Order(StringComparer.Ordinal)],
        [.. principal.FindAll(HotlineClaims.Commune).Select(claim => claim.Value).Order(StringComparer.Ordinal)]);

    internal const string DisplayNameClaim = "hotline:display_name";
}

/// <summary>Adds the display name to the cookie's claims (roles and territory claims come from Identity).</summary>
internal sealed class HotlineClaimsPrincipalFactory(
    UserManager<HotlineUser> users, RoleManager<HotlineRole> roles, Microsoft.Extensions.Options.IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<HotlineUser, HotlineRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(HotlineUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(CurrentUser.DisplayNameClaim, user.DisplayName));
        return identity;
    }
}

internal static class AuthEndpoints
{
    public static void Map(RouteGroupBuilder group)
    {
        group.MapPost("/login", Login).AllowAnonymous().RequireRateLimiting(Hosting.RateLimits.Login);
        group.MapPost("/logout", Logout).RequireAuthorization();
        group.MapGet("/me", Me).RequireAuthorization();
        group.MapGet("/antiforgery", AntiforgeryProtection.Token).RequireAuthorization();
    }

    internal static async Task<Results<Ok<CurrentUser>, ValidationProblem, ProblemHttpResult>> Login(
        LoginRequest request, SignInManager<HotlineUser> signIn)
    {
        if (string.IsNullOrWhiteSpace(request.UserName) || string.IsNullOrEmpty(request.Password))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["credentials"] = ["userName and password are required."],
            });
        }

        var user = await signIn.UserManager.FindByNameAsync(request.UserName);
        if (user is null)
        {
            return InvalidCredentials();
        }

        var result = await signIn.PasswordSignInAsync(user, request.Password, isPersistent: false, lockoutOnFailure: true);
        if (!result.Succeeded)
        {
            // Same answer for an unknown account, a wrong password and a lock-out: nothing leaks.
            return InvalidCredentials();
        }

        return TypedResults.Ok(CurrentUser.From(await signIn.CreateUserPrincipalAsync(user)));
    }

    internal static async Task<NoContent> Logout(SignInManager<HotlineUser> signIn)
    {
        await signIn.SignOutAsync();
        return TypedResults.NoContent();
    }

    internal static Ok<CurrentUser> Me(ClaimsPrincipal user) => TypedResults.Ok(CurrentUser.From(user));

    private static ProblemHttpResult InvalidCredentials() =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Invalid user name or password.");
}
