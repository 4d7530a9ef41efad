using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Hotline.Server.Directory.Geography;

namespace Hotline.Server.Identity;

/// <summary>
/// A staff account as admins see it (never its password, key or recovery codes). <see cref="MustChangePassword"/>:
/// the password an admin set has not been replaced yet.
/// </summary>
public sealed record UserSummary(
    Guid Id,
    string UserName,
    string DisplayName,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Departements,
    IReadOnlyList<string> Communes,
    bool Locked,
    bool MfaEnabled,
    bool MfaRequired,
    bool MustChangePassword);

public sealed record CreateUserRequest(
    string? UserName,
    string? DisplayName,
    IReadOnlyList<string>? Roles,
    IReadOnlyList<string>? Departements,
    IReadOnlyList<string>? Communes,
    string? Password);

/// <summary>The new account; <see cref="TemporaryPassword"/> is set when the server generated it (shown once).</summary>
public sealed record CreatedUser(UserSummary User, string? TemporaryPassword);

/// <summary>Replaces the display name, roles and territories.</summary>
public sealed record UpdateUserRequest(
    string? DisplayName,
    IReadOnlyList<string>? Roles,
    IReadOnlyList<string>? Departements,
    IReadOnlyList<string>? Communes);

/// <summary>A password chosen by the admin, or none to have one generated.</summary>
public sealed record SetPasswordRequest(string? Password);

/// <summary>The generated password (shown once); null when the admin chose it.</summary>
public sealed record PasswordSet(string? TemporaryPassword);

/// <summary>A checked account: trimmed names, known roles, territory codes from the geography catalogue.</summary>
internal sealed record ValidUser(string DisplayName, IReadOnlyList<string> Roles, IReadOnlyList<string> Departements, IReadOnlyList<string> Communes);

internal static partial class UserValidation
{
    public const int MaxTerritories = 500;

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{2,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex UserNamePattern();

    public static string? UserNameError(string? userName) =>
        userName is not null && UserNamePattern().IsMatch(userName)
            ? null
            : "userName must be 3 to 64 characters: lower-case letters, digits, '.', '_' or '-', starting with a letter or digit.";

    /// <summary>
    /// Départements belong to coordinators and communes to commune-cell members, and to no one else: a
    /// stray territory claim would silently widen what a later role change shows.
    /// </summary>
    public static ValidUser? Validate(
        string? displayName, IReadOnlyList<string>? roles, IReadOnlyList<string>? departements, IReadOnlyList<string>? communes,
        GeographyCatalog geography, Dictionary<string, string[]> errors)
    {
        var name = displayName?.Trim() ?? "";
        if (name.Length is 0 or > 200)
        {
            errors["displayName"] = ["displayName is required (at most 200 characters)."];
        }

        var roleList = (roles ?? []).Select(r => r?.Trim() ?? "").Distinct(StringComparer.Ordinal).ToList();
        if (roleList.Count == 0)
        {
            errors["roles"] = [$"At least one role is required: {string.Join(", ", Identity.Roles.All)}."];
        }
        else if (roleList.FirstOrDefault(r => !Identity.Roles.All.Contains(r)) is { } unknown)
        {
            errors["roles"] = [$"Unknown role '{Truncate(unknown)}'; roles are {string.Join(", ", Identity.Roles.All)}."];
        }

        var departementCodes = Codes(departements);
        var communeCodes = Codes(communes);
        Territories("departements", departementCodes, roleList.Contains(Identity.Roles.Coordinator), "Coordinator", "département",
            code => geography.FindDepartement(code) is not null, errors);
        Territories("communes", communeCodes, roleList.Contains(Identity.Roles.CommuneCell), "CommuneCell", "INSEE commune",
            code => geography.FindCommune(code) is not null, errors);

        return errors.Count > 0 ? null : new ValidUser(name, roleList, departementCodes, communeCodes);
    }

    private static List<string> Codes(IReadOnlyList<string>? codes) =>
        [.. (codes ?? []).Select(c => (c ?? "").Trim().ToUpperInvariant()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    private static void Territories(
        string field, List<string> codes, bool roleHasThem, string role, string kind, Func<string, bool> known, Dictionary<string, string[]> errors)
    {
        if (!roleHasThem)
        {
            if (codes.Count > 0)
            {
                errors[field] = [$"Only the {role} role has {field}."];
            }

            return;
        }

        if (codes.Count == 0)
        {
            errors[field] = [$"The {role} role needs at least one {kind} code."];
        }
        else if (codes.Count > MaxTerritories)
        {
            errors[field] = [$"At most {MaxTerritories} {field}."];
        }
        else if (codes.Where(code => !known(code)).Take(5).ToList() is { Count: > 0 } unknown)
        {
            errors[field] = [$"Unknown {kind} code(s): {string.Join(", ", unknown.Select(Truncate))}."];
        }
    }

    private static string Truncate(string value) => value.Length <= 10 ? value : value[..10] + "…";

    private const string Upper = "ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string Lower = "abcdefghijkmnopqrstuvwxyz";
    private const string Digits = "23456789";

    /// <summary>A random temporary password (about 95 bits, no look-alike characters) that meets the password rules.</summary>
    public static string GeneratePassword()
    {
        while (true)
        {
            var characters = RandomNumberGenerator.GetItems<char>(Upper + Lower + Digits, 16);
            var password = $"{new string(characters, 0, 4)}-{new string(characters, 4, 4)}-{new string(characters, 8, 4)}-{new string(characters, 12, 4)}";
            if (password.Any(Upper.Contains) && password.Any(Lower.Contains) && password.Any(Digits.Contains))
            {
                return password;
            }
        }
    }
}
