using Microsoft.AspNetCore.Identity;

namespace Hotline.Server.Identity;

/// <summary>
/// Identity's refusals as users and admins read them (password rules, user names), in French, the product's
/// language. The error codes (e.g. <c>PasswordTooShort</c>, <c>PasswordMismatch</c>) stay Identity's.
/// </summary>
internal sealed class FrenchIdentityErrorDescriber : IdentityErrorDescriber
{
    public override IdentityError DefaultError() => Error(base.DefaultError(), "L’opération a échoué.");

    public override IdentityError PasswordMismatch() => Error(base.PasswordMismatch(), "Mot de passe incorrect.");

    public override IdentityError InvalidToken() => Error(base.InvalidToken(), "Jeton invalide ou expiré.");

    public override IdentityError InvalidUserName(string? userName) =>
        Error(base.InvalidUserName(userName), "Cet identifiant contient des caractères non autorisés.");

    public override IdentityError DuplicateUserName(string userName) =>
        Error(base.DuplicateUserName(userName), $"L’identifiant « {userName} » est déjà utilisé.");

    public override IdentityError PasswordTooShort(int length) =>
        Error(base.PasswordTooShort(length), $"Le mot de passe doit compter au moins {length} caractères.");

    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) =>
        Error(base.PasswordRequiresUniqueChars(uniqueChars), $"Le mot de passe doit contenir au moins {uniqueChars} caractères différents.");

    public override IdentityError PasswordRequiresNonAlphanumeric() =>
        Error(base.PasswordRequiresNonAlphanumeric(), "Le mot de passe doit contenir au moins un caractère qui n’est ni une lettre ni un chiffre.");

    public override IdentityError PasswordRequiresDigit() =>
        Error(base.PasswordRequiresDigit(), "Le mot de passe doit contenir au moins un chiffre.");

    public override IdentityError PasswordRequiresLower() =>
        Error(base.PasswordRequiresLower(), "Le mot de passe doit contenir au moins une lettre minuscule.");

    public override IdentityError PasswordRequiresUpper() =>
        Error(base.PasswordRequiresUpper(), "Le mot de passe doit contenir au moins une lettre majuscule.");

    private static IdentityError Error(IdentityError english, string french) => new() { Code = english.Code, Description = french };
}
