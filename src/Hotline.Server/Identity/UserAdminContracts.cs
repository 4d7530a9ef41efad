using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Hotline.Server.Geography;

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
            : "L’identifiant compte de 3 à 64 caractères : lettres minuscules sans accent, chiffres, « . », « _ » ou « - », en commençant par une lettre ou un chiffre.";

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
            errors["displayName"] = [name.Length == 0 ? "Le nom affiché est obligatoire." : "Le nom affiché dépasse 200 caractères."];
        }

        var roleList = (roles ?? []).Select(r => r?.Trim() ?? "").Distinct(StringComparer.Ordinal).ToList();
        if (roleList.Count == 0)
        {
            errors["roles"] = [$"Choisissez au moins un rôle ({string.Join(", ", Identity.Roles.All)})."];
        }
        else if (roleList.FirstOrDefault(r => !Identity.Roles.All.Contains(r)) is { } unknown)
        {
            errors["roles"] = [$"Rôle inconnu « {Truncate(unknown)} » ; les rôles sont {string.Join(", ", Identity.Roles.All)}."];
        }

        var departementCodes = Codes(departements);
        var communeCodes = Codes(communes);
        Territories("departements", departementCodes, roleList.Contains(Identity.Roles.Coordinator),
            new("Seul le rôle « Coordination départementale » a des départements : retirez-les, ou ajoutez ce rôle.",
                "Le rôle « Coordination départementale » demande au moins un code de département (13, 2A, 974…).",
                $"{MaxTerritories} départements au plus.",
                unknown => unknown.Count == 1
                    ? $"« {Truncate(unknown[0])} » n’est pas un code de département (13, 2A, 974…)."
                    : $"Ces codes ne sont pas des départements : {string.Join(", ", unknown.Select(Truncate))}."),
            code => geography.FindDepartement(code) is not null, errors);
        Territories("communes", communeCodes, roleList.Contains(Identity.Roles.CommuneCell),
            new("Seul le rôle « Cellule municipale (CMER) » a des communes : retirez-les, ou ajoutez ce rôle.",
                "Le rôle « Cellule municipale (CMER) » demande au moins un code INSEE de commune (13108 pour Tarascon, par exemple).",
                $"{MaxTerritories} communes au plus.",
                unknown => unknown.Count == 1
                    ? geography.UnknownInseeCode(unknown[0])
                    : $"Ces codes ne sont pas des codes INSEE de commune (un code postal n’en est pas un) : {string.Join(", ", unknown.Select(Truncate))}."),
            code => geography.FindCommune(code) is not null, errors);

        return errors.Count > 0 ? null : new ValidUser(name, roleList, departementCodes, communeCodes);
    }

    private static List<string> Codes(IReadOnlyList<string>? codes) =>
        [.. (codes ?? []).Select(c => (c ?? "").Trim().ToUpperInvariant()).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    private static void Territories(
        string field, List<string> codes, bool roleHasThem, TerritoryMessages messages, Func<string, bool> known, Dictionary<string, string[]> errors)
    {
        if (!roleHasThem)
        {
            if (codes.Count > 0)
            {
                errors[field] = [messages.NotThisRole];
            }

            return;
        }

        if (codes.Count == 0)
        {
            errors[field] = [messages.Required];
        }
        else if (codes.Count > MaxTerritories)
        {
            errors[field] = [messages.TooMany];
        }
        else if (codes.Where(code => !known(code)).Take(5).ToList() is { Count: > 0 } unknown)
        {
            errors[field] = [messages.Unknown(unknown)];
        }
    }

    private sealed record TerritoryMessages(string NotThisRole, string Required, string TooMany, Func<List<string>, string> Unknown);

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
