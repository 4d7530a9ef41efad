using Hotline.Server.Geography;

namespace Hotline.Server.Triage;

/// <summary>The values a save will store: the request's where valid, the stored ones where refused.</summary>
internal sealed record AcceptedTriage(
    CallerRelation? CallerRelation,
    int? Age,
    AgeBand? AgeBand,
    bool? Minor,
    string? CommuneCode,
    string? DepartementCode,
    IReadOnlyList<string> WarningSigns,
    string? Urgency,
    string? Summary,
    bool CommuneCellConsent,
    TriageOutcome? Outcome,
    EmergencyServicesConfirmation? EmergencyServices,
    bool ImmediateDanger);

/// <summary>
/// Field by field validation of a triage save. A refused field keeps its stored value and is reported in
/// <c>problems</c> (field → French message); every valid field is saved, so one mistake (an age of 250)
/// never costs the summary typed next to it.
/// </summary>
internal sealed class TriageValidation(GeographyCatalog geography, TriageOptions options)
{
    public AcceptedTriage Accept(TriageRequest request, CallTriage? stored, string? storedSummary, Dictionary<string, string> problems)
    {
        var taxonomy = options.Taxonomy;
        var person = request.Concerned ?? new ConcernedPersonRequest(null, null, null, null, null);

        var (age, band, minor) = AcceptAge(person, stored, problems);
        var (communeCode, departementCode) = AcceptPlace(person, stored, problems);

        // Signs: from the current taxonomy; a retired sign only if this triage already had it.
        var signs = (request.WarningSigns ?? []).Distinct(StringComparer.Ordinal).ToList();
        var unknown = signs.Where(id => taxonomy.Sign(id) is not { } sign || (sign.Retired && stored?.WarningSigns.Contains(id) != true)).ToList();
        if (unknown.Count > 0)
        {
            problems["warningSigns"] = $"Signes d’alerte absents de la grille en vigueur ({taxonomy.Version}) : {string.Join(", ", unknown.Select(Clip))}. Rechargez la page pour obtenir la grille à jour.";
            signs = stored?.WarningSigns ?? [];
        }

        var urgency = request.Urgency;
        if (urgency is not null && taxonomy.Level(urgency) is null)
        {
            problems["urgency"] = $"« {Clip(urgency)} » ne fait pas partie de l’échelle d’urgence en vigueur ({taxonomy.Version}) : rechargez la page pour obtenir l’échelle à jour.";
            urgency = stored?.Urgency;
        }

        var summary = string.IsNullOrWhiteSpace(request.Summary) ? null : request.Summary;
        if (summary is { Length: var length } && length > options.MaxSummaryLength)
        {
            problems["summary"] = $"Le résumé est limité à {options.MaxSummaryLength} caractères ({length} saisis).";
            summary = storedSummary;
        }

        var outcome = request.Outcome;
        // The CRIP receives concerns about minors only (CASF L226-3): the person must be known to be one.
        if (outcome == TriageOutcome.ReferToChildProtection && minor != true)
        {
            problems["outcome"] = "L’information préoccupante à la CRIP concerne un mineur en danger : indiquez que la personne concernée est mineure (âge, tranche d’âge ou « mineur·e »).";
            outcome = stored?.Outcome == TriageOutcome.ReferToChildProtection ? null : stored?.Outcome;
        }

        var emergency = request.EmergencyServices;
        // Immediate danger (flagged, or said by the outcome or level) is never recorded without saying what was done
        // about it: the flag, outcome and level wait (stored values kept) until the 17/112 confirmation comes with them.
        var immediateDanger = request.ImmediateDanger == true || TriageService.IsImmediateDanger(outcome, urgency, taxonomy);
        if (immediateDanger && emergency is null)
        {
            problems["emergencyServices"] = "Danger immédiat : confirmez que le 17 ou le 112 a été conseillé à l’appelant·e ou contacté par la ligne. Le danger immédiat n’est pas enregistré sans cette confirmation.";
            outcome = stored?.Outcome;
            urgency = stored?.Urgency;
            emergency = stored?.EmergencyServices;
            immediateDanger = stored?.ImmediateDanger ?? false;
        }

        return new AcceptedTriage(request.CallerRelation, age, band, minor, communeCode, departementCode, signs, urgency, summary,
            request.CommuneCellConsent ?? false, outcome, emergency, immediateDanger);
    }

    /// <summary>Age, band and minor must agree; minor follows from either when not given.</summary>
    private static (int? Age, AgeBand? Band, bool? Minor) AcceptAge(ConcernedPersonRequest person, CallTriage? stored, Dictionary<string, string> problems)
    {
        var age = person.Age;
        if (age is < 0 or > 120)
        {
            problems["concerned.age"] = "L’âge doit être compris entre 0 et 120 ans.";
            age = stored?.ConcernedAge;
        }

        var band = person.AgeBand;
        if (band is { } chosen && age is { } years && !BandContains(chosen, years))
        {
            problems["concerned.ageBand"] = $"L’âge indiqué ({years} ans) n’est pas dans la tranche d’âge choisie.";
            // The stored band, unless it contradicts the age now saved: never store a contradiction.
            band = stored?.ConcernedAgeBand is { } kept && BandContains(kept, years) ? kept : null;
        }

        bool? implied = age is { } a ? a < 18 : band is { } b ? IsMinorBand(b) : null;
        var minor = person.Minor ?? implied;
        if (implied is not null && minor != implied)
        {
            problems["concerned.minor"] = age is { } shown
                ? $"« Mineur·e » ne correspond pas à l’âge indiqué ({shown} ans)."
                : "« Mineur·e » ne correspond pas à la tranche d’âge choisie.";
            minor = implied;
        }

        return (age, band, minor);
    }

    /// <summary>An INSEE commune code from the official geography; the département follows from it.</summary>
    private (string? Commune, string? Departement) AcceptPlace(ConcernedPersonRequest person, CallTriage? stored, Dictionary<string, string> problems)
    {
        if (!string.IsNullOrWhiteSpace(person.CommuneCode))
        {
            if (geography.FindCommune(person.CommuneCode) is not { } commune)
            {
                problems["concerned.communeCode"] = geography.UnknownInseeCode(person.CommuneCode);
                return (stored?.ConcernedCommuneCode, stored?.ConcernedDepartementCode);
            }

            if (!string.IsNullOrWhiteSpace(person.DepartementCode)
                && !string.Equals(person.DepartementCode.Trim(), commune.DepartementCode, StringComparison.OrdinalIgnoreCase))
            {
                problems["concerned.departementCode"] = $"La commune de {commune.Name} est dans le département {commune.DepartementCode} ({commune.DepartementName}).";
            }

            return (commune.Code, commune.DepartementCode);
        }

        if (string.IsNullOrWhiteSpace(person.DepartementCode))
        {
            return (null, null);
        }

        if (geography.FindDepartement(person.DepartementCode)?.Code is { } departement)
        {
            return (null, departement);
        }

        problems["concerned.departementCode"] = $"« {Clip(person.DepartementCode)} » n’est pas un code de département (par exemple 13, 2A ou 974).";
        return (stored?.ConcernedCommuneCode, stored?.ConcernedDepartementCode);
    }

    private static bool IsMinorBand(AgeBand band) => band is AgeBand.Under13 or AgeBand.From13To15 or AgeBand.From16To17;

    private static bool BandContains(AgeBand band, int age) => band switch
    {
        AgeBand.Under13 => age < 13,
        AgeBand.From13To15 => age is >= 13 and <= 15,
        AgeBand.From16To17 => age is 16 or 17,
        AgeBand.From18To21 => age is >= 18 and <= 21,
        AgeBand.From22To25 => age is >= 22 and <= 25,
        _ => age > 25,
    };

    /// <summary>Echoes at most a few characters of a bad value in a message.</summary>
    private static string Clip(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
