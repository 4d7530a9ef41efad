// Long file: the routing decision read as one table: what is asked, every rule that answers it, and the reasons it gives.
using Hotline.Server.Geography;

namespace Hotline.Server.ServiceDirectory;

/// <summary>What the triage asks routing for. The triage maps its own outcome onto this.</summary>
public enum RoutingIntent
{
    /// <summary>Information or advice given, emergency services contacted, no follow-up: nobody to route to.</summary>
    NoReferral,

    ReferToDepartementalCell,

    /// <summary>
    /// Asks for the commune's municipal cell (CMER). Falls back to the departmental cell, with the
    /// reason, when no active cell covers the commune.
    /// </summary>
    ReferToCommuneCell,

    /// <summary>A minor in danger: the département's child-protection unit (CRIP), for an information préoccupante.</summary>
    ReferToChildProtection,
}

/// <summary>Where the family is, as far as the call and the triage know. Every part is optional.</summary>
/// <param name="CommuneCode">INSEE code (not a postal code) of the concerned person's commune; the most precise input.</param>
/// <param name="DepartementCode">Département or collectivity code, e.g. chosen by the counsellor or from the IVR postal code.</param>
/// <param name="PostalCode">The postal code the caller gave, used when nothing more precise is known.</param>
/// <param name="Purpose">The purpose code of the transfer, once chosen: a commune cell's charter may allow only some.</param>
/// <param name="Today">The day a commune cell's charter is judged on (past its review date it is expired); routing stays pure.</param>
public sealed record RoutingRequest(
    RoutingIntent Intent, string? CommuneCode = null, string? DepartementCode = null, string? PostalCode = null, string? Purpose = null, DateOnly Today = default);

public enum RoutingOutcome
{
    /// <summary><see cref="RoutingDecision.Service"/> is the service to send the referral to.</summary>
    Routed,

    /// <summary>
    /// Routing cannot decide (location unknown or ambiguous, no active service there): the national
    /// team must choose. <see cref="RoutingDecision.Service"/> is the national team, when the directory has one.
    /// </summary>
    NationalTeamMustChoose,

    /// <summary>The intent asks for no referral.</summary>
    NoReferral,
}

/// <summary>Why routing decided what it did: stable codes, stored with a referral and safe to test against.</summary>
public enum RoutingReasonCode
{
    NoReferral,

    /// <summary>An active commune cell covers the commune itself.</summary>
    CommuneCell,

    /// <summary>The commune is a municipal arrondissement whose city (Paris, Lyon, Marseille) has an active commune cell.</summary>
    CommuneCellViaCity,

    /// <summary>A commune cell was asked for, none covers the commune: the departmental cell (or State representative) instead.</summary>
    NoCommuneCell,

    /// <summary>A commune cell was asked for, the cells covering the commune are inactive: the departmental cell (or State representative) instead.</summary>
    CommuneCellInactive,

    /// <summary>A commune cell was asked for without a known commune: the departmental cell (or State representative) instead.</summary>
    CommuneUnknown,

    /// <summary>
    /// The commune's cell has no charter allowing the line to send to it directly (none, past its review date,
    /// direct transmission not allowed, or not for this purpose): the departmental cell instead, which may forward
    /// it under the charter when there is one in force.
    /// </summary>
    CommuneCellNoProtocol,

    /// <summary>The departmental cell of the commune's département.</summary>
    DepartementalCell,

    /// <summary>The commune is unknown; the département was given.</summary>
    DepartementGiven,

    /// <summary>The commune is unknown; the postal code lies in one département.</summary>
    DepartementFromPostalCode,

    /// <summary>The place is in an overseas collectivity (975, 977, 978, 984, 986–989): its State representative.</summary>
    OverseasCollectivity,

    /// <summary>The postal code spans several départements and nothing else says which.</summary>
    PostalCodeAmbiguous,

    /// <summary>No usable commune, département or postal code.</summary>
    LocationUnknown,

    /// <summary>The département has no active departmental cell in the directory.</summary>
    NoActiveDepartementalCell,

    /// <summary>The collectivity has no active State representative in the directory.</summary>
    NoActiveStateRepresentative,

    /// <summary>A minor in danger: the département's child-protection unit (CRIP), CASF L226-3.</summary>
    ChildProtection,

    /// <summary>The département has no active child-protection unit (CRIP) in the directory.</summary>
    NoActiveChildProtection,
}

public sealed record RoutedService(Guid Id, string Name, ServiceKind Kind);

/// <summary>
/// A routing decision and its explanation, shown to the counsellor before anything is sent.
/// </summary>
/// <param name="Reason">In French, for the counsellor, e.g. "aucune cellule municipale ne couvre Arles (13004) → cellule départementale des Bouches-du-Rhône".</param>
/// <param name="CommuneCode">The commune routing used (INSEE), if any.</param>
/// <param name="DepartementCode">The département or collectivity routing used, if any.</param>
/// <param name="CogYear">The COG year of the codes (store it with them: codes change when communes merge).</param>
public sealed record RoutingDecision(
    RoutingOutcome Outcome,
    RoutingReasonCode ReasonCode,
    string Reason,
    RoutedService? Service,
    string? CommuneCode,
    string? CommuneName,
    string? DepartementCode,
    string? DepartementName,
    int CogYear);

/// <summary>
/// Decides where a referral goes, and why, from the triage's intent, the place and the directory.
/// Pure: no database, no clock; the same inputs always give the same decision.
/// </summary>
/// <remarks>
/// Rules, in order:
/// <list type="number">
/// <item>The place: an INSEE commune code; else a postal code serving a single commune (consistent
/// with the département if one is given); else the département given; else the postal code's
/// département when it has one (never guessed from its digits).</item>
/// <item>Commune cell asked for: an active commune cell listing the commune, else one listing its city
/// (an arrondissement of Paris, Lyon, Marseille). Inactive cells are skipped and named in the reason.
/// Otherwise fall back to rule 3 with the reason why.</item>
/// <item>The département's active departmental cell (971–976 have their own); an overseas
/// collectivity's active State representative.</item>
/// <item>Anything else: the national team must choose.</item>
/// </list>
/// </remarks>
public static class Routing
{
    private const string NationalTeamLabel = "l'équipe nationale doit choisir";

    public static RoutingDecision Decide(RoutingRequest request, DirectorySnapshot directory, GeographyCatalog geography)
    {
        var place = Locate(request, geography);
        if (request.Intent == RoutingIntent.NoReferral)
        {
            return place.Decision(RoutingOutcome.NoReferral, RoutingReasonCode.NoReferral,
                "l'issue de l'appel ne prévoit pas d'orientation", service: null, geography);
        }

        var clauses = new List<string>();
        RoutingReasonCode? fallback = null;
        var forwardable = false;
        if (request.Intent == RoutingIntent.ReferToCommuneCell)
        {
            if (place.Commune is { } commune)
            {
                var (routed, why, canForward) = RouteToCommuneCell(commune, place, request, directory, clauses, geography);
                forwardable = canForward;
                if (routed is not null)
                {
                    return routed;
                }

                fallback = why;
            }
            else
            {
                fallback = RoutingReasonCode.CommuneUnknown;
                clauses.Add(place.Describe(communeCellAsked: true));
            }
        }
        else
        {
            clauses.Add(place.Describe(communeCellAsked: false));
        }

        if (place.Departement is not { } departement)
        {
            var code = place.Source == PlaceSource.PostalCodeAmbiguous ? RoutingReasonCode.PostalCodeAmbiguous : RoutingReasonCode.LocationUnknown;
            return NationalTeam(place, code, clauses, directory, geography);
        }

        if (departement.IsOverseasCollectivity)
        {
            if (fallback is not null || place.Commune is null)
            {
                clauses.Add($"{departement.Name} ({departement.Code}) est une collectivité d'outre-mer");
            }

            return RouteToTerritorialService(
                place, departement, ServiceKind.StateRepresentative, fallback ?? RoutingReasonCode.OverseasCollectivity,
                RoutingReasonCode.NoActiveStateRepresentative, label: null,
                $"aucun représentant de l'État actif pour {departement.Name} ({departement.Code})",
                clauses, directory, geography);
        }

        if (request.Intent == RoutingIntent.ReferToChildProtection)
        {
            clauses.Add("mineur en danger : information préoccupante (CASF art. L226-3)");
            return RouteToTerritorialService(
                place, departement, ServiceKind.ChildProtection, RoutingReasonCode.ChildProtection,
                RoutingReasonCode.NoActiveChildProtection, DepartementNames.ChildProtectionLabel(departement),
                $"aucune CRIP active pour le département {departement.Code}",
                clauses, directory, geography);
        }

        var located = place.Source switch
        {
            PlaceSource.Commune or PlaceSource.CommuneFromPostalCode => RoutingReasonCode.DepartementalCell,
            PlaceSource.DepartementGiven => RoutingReasonCode.DepartementGiven,
            _ => RoutingReasonCode.DepartementFromPostalCode,
        };
        return RouteToTerritorialService(
            place, departement, ServiceKind.DepartementalCell, fallback ?? located,
            RoutingReasonCode.NoActiveDepartementalCell,
            DepartementNames.DepartementalCellLabel(departement) + (forwardable ? ", qui pourra lui transmettre" : ""),
            $"aucune cellule départementale active pour le département {departement.Code}",
            clauses, directory, geography);
    }

    /// <summary>
    /// The commune cell's decision; or null, why not (the reason's clause is added) and whether the departmental
    /// cell may forward it to the cell (a charter in force that routes exchanges through the préfecture).
    /// </summary>
    private static (RoutingDecision? Decision, RoutingReasonCode Fallback, bool Forwardable) RouteToCommuneCell(
        Commune commune, Place place, RoutingRequest request, DirectorySnapshot directory, List<string> clauses, GeographyCatalog geography)
    {
        var own = directory.CommuneCellsListing(commune.Code);
        var city = commune.ParentCode is null ? [] : directory.CommuneCellsListing(commune.ParentCode);
        var cityLabel = $"{commune.ParentName} ({commune.ParentCode})";
        var (cell, code, clause) = own.FirstOrDefault(c => c.IsActive) is { } ownCell
            ? (ownCell, RoutingReasonCode.CommuneCell, $"{place.CommuneLabel} a une cellule municipale (CMER)")
            : city.FirstOrDefault(c => c.IsActive) is { } cityCell
                ? (cityCell, RoutingReasonCode.CommuneCellViaCity, $"{place.CommuneLabel} fait partie de {cityLabel}, qui a une cellule municipale (CMER)")
                : (null, default, "");
        if (cell is not null)
        {
            var verdict = ProtocolTerms.Direct(cell.Protocol, request.Today, request.Purpose);
            if (verdict == ProtocolVerdict.DirectAllowed)
            {
                clauses.Add(clause);
                return (place.Decision(RoutingOutcome.Routed, code, Explain(clauses, cell.Name), cell, geography), default, false);
            }

            var charter = $"la charte de {WithArticle(cell.Name)}";
            clauses.Add(verdict switch
            {
                ProtocolVerdict.NoProtocol => $"{WithArticle(cell.Name)} n’a pas de charte signée (préfet, maire, procureur) : elle ne reçoit rien de la ligne",
                ProtocolVerdict.Expired => $"{charter} est à réviser depuis le {cell.Protocol!.ReviewOn:dd/MM/yyyy} : elle ne reçoit rien d’ici là",
                ProtocolVerdict.PurposeNotAllowed => $"{charter} ne prévoit pas de transmission directe par la ligne nationale pour cette finalité",
                _ => $"{charter} ne prévoit pas de transmission directe par la ligne nationale",
            });
            return (null, RoutingReasonCode.CommuneCellNoProtocol, ProtocolTerms.AllowsForwarding(cell.Protocol, request.Today));
        }

        // Only inactive cells (if any) cover the commune: name them, so the counsellor knows why not.
        var inactive = own.Concat(city).Select(c => c.Name).Distinct().ToList();
        if (inactive.Count > 0)
        {
            var covered = city.Count > 0 && own.Count == 0 ? $"{place.CommuneLabel}, dans {cityLabel}" : place.CommuneLabel;
            clauses.Add(inactive.Count == 1
                ? $"{inactive[0]}, qui couvre {covered}, est inactive"
                : $"{string.Join(" et ", inactive)}, qui couvrent {covered}, sont inactives");
            return (null, RoutingReasonCode.CommuneCellInactive, false);
        }

        clauses.Add(commune.ParentCode is null
            ? $"aucune cellule municipale ne couvre {place.CommuneLabel}"
            : $"aucune cellule municipale ne couvre {place.CommuneLabel} ni {cityLabel}");
        return (null, RoutingReasonCode.NoCommuneCell, false);
    }

    /// <summary>"la CMER de Miramas", "la cellule …"; another name is quoted.</summary>
    public static string WithArticle(string cellName) =>
        cellName.StartsWith("CMER", StringComparison.Ordinal) || cellName.StartsWith("cellule", StringComparison.OrdinalIgnoreCase)
            ? "la " + (cellName.StartsWith("Cellule", StringComparison.Ordinal) ? "c" + cellName[1..] : cellName)
            : $"la cellule « {cellName} »";

    private static RoutingDecision RouteToTerritorialService(
        Place place,
        Departement departement,
        ServiceKind kind,
        RoutingReasonCode reasonIfFound,
        RoutingReasonCode reasonIfMissing,
        string? label,
        string missingClause,
        List<string> clauses,
        DirectorySnapshot directory,
        GeographyCatalog geography)
    {
        var services = directory.ForDepartement(departement.Code, kind);
        if (services.FirstOrDefault(s => s.IsActive) is { } service)
        {
            return place.Decision(RoutingOutcome.Routed, reasonIfFound, Explain(clauses, label ?? service.Name), service, geography);
        }

        // Only inactive ones (or none): say so, then hand over to the national team.
        clauses.Add(services.Count switch
        {
            0 => missingClause,
            1 => $"service inactif : {services[0].Name}",
            _ => $"services inactifs : {string.Join(", ", services.Select(s => s.Name))}",
        });
        return NationalTeam(place, reasonIfMissing, clauses, directory, geography);
    }

    private static RoutingDecision NationalTeam(
        Place place, RoutingReasonCode code, List<string> clauses, DirectorySnapshot directory, GeographyCatalog geography) =>
        place.Decision(RoutingOutcome.NationalTeamMustChoose, code, Explain(clauses, NationalTeamLabel), directory.NationalTeam, geography);

    private static string Explain(List<string> clauses, string target) =>
        clauses.Count == 0 ? "→ " + target : string.Join(", ", clauses) + " → " + target;

    private static Place Locate(RoutingRequest request, GeographyCatalog geography)
    {
        var notes = new List<string>();
        if (!string.IsNullOrWhiteSpace(request.CommuneCode))
        {
            if (geography.FindCommune(request.CommuneCode) is { } commune)
            {
                return new Place(PlaceSource.Commune, commune, geography.FindDepartement(commune.DepartementCode), null, [], notes);
            }

            notes.Add($"code commune {request.CommuneCode.Trim()} inconnu");
        }

        Departement? given = null;
        if (!string.IsNullOrWhiteSpace(request.DepartementCode))
        {
            given = geography.FindDepartement(request.DepartementCode);
            if (given is null)
            {
                notes.Add($"code département {request.DepartementCode.Trim()} inconnu");
            }
        }

        var postal = string.IsNullOrWhiteSpace(request.PostalCode) ? null : geography.ResolvePostalCode(request.PostalCode);
        if (postal is { Communes: [var only] } && (given is null || given.Code == only.DepartementCode))
        {
            return new Place(PlaceSource.CommuneFromPostalCode, only, geography.FindDepartement(only.DepartementCode), postal.PostalCode, [], notes);
        }

        if (given is not null)
        {
            return new Place(PlaceSource.DepartementGiven, null, given, postal?.PostalCode, [], notes);
        }

        switch (postal?.Kind)
        {
            case PostalCodeResolutionKind.SingleDepartement:
                return new Place(PlaceSource.DepartementFromPostalCode, null, postal.Departement, postal.PostalCode, [], notes);
            case PostalCodeResolutionKind.Ambiguous:
                return new Place(PlaceSource.PostalCodeAmbiguous, null, null, postal.PostalCode, postal.Departements, notes);
            case PostalCodeResolutionKind.Unknown:
                notes.Add($"code postal {postal.PostalCode} inconnu");
                break;
        }

        return new Place(PlaceSource.Unknown, null, null, null, [], notes);
    }

    private enum PlaceSource
    {
        Commune,
        CommuneFromPostalCode,
        DepartementGiven,
        DepartementFromPostalCode,
        PostalCodeAmbiguous,
        Unknown,
    }

    private sealed record Place(
        PlaceSource Source,
        Commune? Commune,
        Departement? Departement,
        string? PostalCode,
        IReadOnlyList<Departement> Candidates,
        List<string> Notes)
    {
        /// <summary>"Tarascon (13108)"; "Miramas (13063, seule commune du code postal 13140)".</summary>
        public string CommuneLabel => Source == PlaceSource.CommuneFromPostalCode
            ? $"{Commune!.Name} ({Commune.Code}, seule commune du code postal {PostalCode})"
            : $"{Commune!.Name} ({Commune.Code})";

        /// <summary>Where the place came from, as the first clause of a reason.</summary>
        public string Describe(bool communeCellAsked)
        {
            var unknownCommune = communeCellAsked ? "commune inconnue, donc pas de cellule municipale" : "commune inconnue";
            var where = Source switch
            {
                PlaceSource.Commune or PlaceSource.CommuneFromPostalCode when Departement!.IsOverseasCollectivity =>
                    $"{CommuneLabel} est dans la collectivité d'outre-mer {Departement.Name} ({Departement.Code})",
                PlaceSource.Commune or PlaceSource.CommuneFromPostalCode => $"{CommuneLabel} est dans le département {Departement!.Code}",
                PlaceSource.DepartementGiven => $"{unknownCommune}, département {Departement!.Code} indiqué",
                PlaceSource.DepartementFromPostalCode => $"{unknownCommune}, code postal {PostalCode} dans le département {Departement!.Code}",
                PlaceSource.PostalCodeAmbiguous =>
                    $"{unknownCommune}, le code postal {PostalCode} couvre plusieurs départements ({string.Join(", ", Candidates.Select(d => d.Code))})",
                _ => "lieu inconnu",
            };
            return Notes.Count == 0 ? where : string.Join(", ", Notes) + ", " + where;
        }

        public RoutingDecision Decision(RoutingOutcome outcome, RoutingReasonCode code, string reason, DirectoryEntry? service, GeographyCatalog geography) =>
            new(
                outcome,
                code,
                reason,
                service is null ? null : new RoutedService(service.Id, service.Name, service.Kind),
                Commune?.Code,
                Commune?.Name,
                Departement?.Code,
                Departement?.Name,
                geography.CogYear);
    }
}
