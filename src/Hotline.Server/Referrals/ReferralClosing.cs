using Hotline.Server.Geography;

namespace Hotline.Server.Referrals;

/// <summary>The checks of a closing: a reason is required (DOMAIN.md lists the ones practitioners use).</summary>
internal static class ReferralClosing
{
    /// <summary>What is wrong with a closing request (field → messages); the note kept only for "other", the département normalised.</summary>
    public static Dictionary<string, string[]> Errors(
        CloseRequest? close, int maxNoteLength, GeographyCatalog geography, out string? note, out string? movedTo)
    {
        var errors = new Dictionary<string, string[]>();
        note = close?.Other?.Trim();
        movedTo = null;
        if (close?.Reason is not { } reason || !Enum.IsDefined(reason))
        {
            errors["reason"] = ["Indiquez pourquoi l’orientation est clôturée : accompagnement terminé, refus de la famille, déménagement, voie judiciaire, départ du territoire, inquiétude non confirmée, ou autre (à préciser)."];
            return errors;
        }

        if (reason == ClosingReason.Other && string.IsNullOrEmpty(note))
        {
            errors["other"] = ["Précisez le motif de clôture."];
        }
        else if (note is { Length: var length } && length > maxNoteLength)
        {
            errors["other"] = [$"Le motif est limité à {maxNoteLength} caractères."];
        }

        if (reason != ClosingReason.Other)
        {
            note = null;
        }

        if (reason == ClosingReason.Moved && !string.IsNullOrWhiteSpace(close.MovedToDepartement))
        {
            movedTo = geography.FindDepartement(close.MovedToDepartement)?.Code;
            if (movedTo is null)
            {
                errors["movedToDepartement"] = ["Ce n’est pas un code de département (13, 2A, 974…)."];
            }
        }

        return errors;
    }
}
