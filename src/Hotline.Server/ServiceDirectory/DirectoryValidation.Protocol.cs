using Hotline.Server.Geography;

namespace Hotline.Server.ServiceDirectory;

/// <summary>The checks of a commune cell's charter.</summary>
public static partial class DirectoryValidation
{
    /// <summary>A charter is signed by all three (préfet, maire, procureur), dated, with a review date, and only a commune cell has one.</summary>
    private static CellProtocol? Protocol(
        ProtocolDto protocol, ServiceKind? kind, IReadOnlyCollection<string> purposes, Dictionary<string, List<string>> errors)
    {
        const string key = "protocol";
        var before = errors.Count;
        if (kind is not null and not ServiceKind.CommuneCell)
        {
            Add(errors, key, "Seule une cellule municipale (CMER) a une charte : retirez-la pour ce type de service.");
        }

        var prefect = Text(protocol.PrefectSignatory, key, "Le préfet signataire de la charte", DirectoryLimits.Label, required: true, errors);
        var mayor = Text(protocol.MayorSignatory, key, "Le maire signataire de la charte", DirectoryLimits.Label, required: true, errors);
        var prosecutor = Text(protocol.ProsecutorSignatory, key, "Le procureur signataire de la charte", DirectoryLimits.Label, required: true, errors);
        if (protocol.SignedOn is null)
        {
            Add(errors, key, "La date de signature de la charte est obligatoire.");
        }

        if (protocol.ReviewOn is null)
        {
            Add(errors, key, "La date de révision de la charte est obligatoire : passée cette date, la cellule ne reçoit plus rien.");
        }
        else if (protocol.SignedOn is { } signed && protocol.ReviewOn <= signed)
        {
            Add(errors, key, "La date de révision de la charte doit suivre sa date de signature.");
        }

        var allowed = (protocol.AllowedPurposes ?? []).Select(p => p.Trim()).Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        foreach (var unknown in allowed.Where(p => !purposes.Contains(p)))
        {
            Add(errors, key, $"« {CommuneCodeMessages.Shorten(unknown)} » n’est pas une finalité configurée pour une cellule municipale ({string.Join(", ", purposes)}).");
        }

        return errors.Count > before ? null : new CellProtocol
        {
            SignedOn = protocol.SignedOn!.Value,
            PrefectSignatory = prefect!,
            MayorSignatory = mayor!,
            ProsecutorSignatory = prosecutor!,
            DirectTransmission = protocol.DirectTransmission ?? false,
            AllowedPurposes = allowed,
            ReviewOn = protocol.ReviewOn!.Value,
        };
    }
}
