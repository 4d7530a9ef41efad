namespace Hotline.Server.Geography;

/// <summary>What to tell a user whose commune code is not an INSEE code of the geography (in French, the product's language).</summary>
public static class CommuneCodeMessages
{
    /// <summary>
    /// Postal codes are the usual mistake: they look the same and are not (13150 is Tarascon's postal code,
    /// 13108 its INSEE code). When the typed code is a postal code, the message names the INSEE codes it serves.
    /// </summary>
    public static string UnknownInseeCode(this GeographyCatalog geography, string? typed)
    {
        var code = Shorten(typed?.Trim());
        var postal = geography.ResolvePostalCode(code);
        if (postal.Communes is [var single])
        {
            // "{Name} a le code…" rather than "le code de {Name}": no elision to get wrong (d’Arles, du Havre).
            return $"« {code} » est un code postal, pas un code INSEE : {single.Name} a le code INSEE {single.Code}.";
        }

        if (postal.Communes.Count > 1)
        {
            var first = postal.Communes.Take(3).Select(c => $"{c.Name} {c.Code}");
            var more = postal.Communes.Count > 3 ? "…" : "";
            return $"« {code} » est un code postal, pas un code INSEE. Codes INSEE des communes qu’il dessert : {string.Join(", ", first)}{more}.";
        }

        return $"Le code INSEE « {code} » ne correspond à aucune commune (COG {geography.CogYear}).";
    }

    /// <summary>Typed text is echoed back; never at length.</summary>
    public static string Shorten(string? value) => value is null ? "" : value.Length > 20 ? value[..20] + "…" : value;
}
