using Hotline.Server.Data;
using Hotline.Server.Geography;
using Hotline.Server.Hosting;
using Hotline.Server.Calls;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Hotline.Server.Triage;

/// <summary>The outcome of a save: the triage, or what was wrong with the request (field → messages).</summary>
/// <summary>Reads and saves triages. Summaries are encrypted before they reach the database and never logged.</summary>
public sealed class TriageService(
    HotlineDbContext db,
    TimeProvider time,
    IOptionsMonitor<TriageOptions> options,
    GeographyCatalog geography,
    IDataProtectionProvider dataProtection,
    ISupervisorAlerts alerts,
    ILogger<TriageService> logger)
{
    /// <summary>Data Protection purpose of triage summaries (changing it makes stored summaries unreadable).</summary>
    public const string SummaryPurpose = "Hotline.Triage.Summary.v1";

    /// <summary>Audit entity of triages; the id is the call's (the API addresses a triage by its call).</summary>
    public const string AuditEntity = "Triage";

    private IDataProtector Protector => dataProtection.CreateProtector(SummaryPurpose);

    public async Task<TriageView> GetAsync(Call call, CancellationToken cancellationToken)
    {
        var triage = await db.Triages.AsNoTracking().FirstOrDefaultAsync(t => t.CallId == call.Id, cancellationToken);
        return triage is null ? Draft(call) : View(call, triage);
    }

    /// <summary>
    /// Creates or replaces the call's triage. Two saves of the same call (a double click, two tabs, a
    /// retried request) are serialised on the row lock; the one that would insert a second row meets
    /// the unique index and is retried as an update. So a call never has two triages.
    /// </summary>
    public async Task<ServiceResult<TriageView>> SaveAsync(Call call, TriageRequest request, Guid userId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await SaveOnceAsync(call, request, userId, cancellationToken);
            }
            catch (DbUpdateException exception) when (attempt < 3
                && exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                // Another request created the row between our read and our insert: it exists now, update it.
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<ServiceResult<TriageView>> SaveOnceAsync(Call call, TriageRequest request, Guid userId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var taxonomy = options.CurrentValue.Taxonomy;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var triage = (await db.Triages.FromSql($"SELECT * FROM triages WHERE call_id = {call.Id} FOR UPDATE").ToListAsync(cancellationToken))
            .FirstOrDefault();
        var errors = Validate(request, triage, taxonomy, out var concerned);
        if (errors.Count > 0)
        {
            return new ServiceProblem(ProblemKind.Invalid, "La fiche de triage n’a pas été enregistrée.", errors);
        }

        if (triage is null)
        {
            triage = new CallTriage { CallId = call.Id, CreatedAt = now, TaxonomyVersion = taxonomy.Version };
            db.Triages.Add(triage);
        }

        triage.UpdatedAt = now;
        triage.UpdatedBy = userId;
        triage.Revision++;
        triage.TaxonomyVersion = taxonomy.Version;
        triage.CallerRelation = request.CallerRelation;
        triage.ConcernedAge = concerned.Age;
        triage.ConcernedAgeBand = concerned.AgeBand;
        triage.ConcernedMinor = concerned.Minor;
        triage.ConcernedCommuneCode = concerned.CommuneCode;
        triage.ConcernedDepartementCode = concerned.DepartementCode;
        triage.GeographyYear = concerned.CommuneCode is null && concerned.DepartementCode is null ? null : geography.CogYear;
        triage.WarningSigns = [.. (request.WarningSigns ?? []).Distinct(StringComparer.Ordinal)];
        triage.Urgency = request.Urgency;
        triage.ProtectedSummary = string.IsNullOrWhiteSpace(request.Summary) ? null : Protector.Protect(request.Summary);
        var consent = request.CommuneCellConsent ?? false;
        if (consent != triage.CommuneCellConsent)
        {
            triage.CommuneCellConsentAt = consent ? now : null;
        }

        triage.CommuneCellConsent = consent;
        triage.Outcome = request.Outcome;
        triage.EmergencyServices = request.EmergencyServices;
        triage.ImmediateDanger = IsImmediateDanger(request, taxonomy);
        var alert = triage.ImmediateDanger && triage.ImmediateDangerAlertedAt is null;
        if (alert)
        {
            triage.ImmediateDangerAlertedAt = now;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        if (alert)
        {
            // Ids and codes only: supervisors open the call to know more.
            logger.LogWarning("Immediate danger recorded on call {CallId}; alerting supervisors", call.Id);
            await alerts.SupervisorAlertAsync(
                new SupervisorAlert(SupervisorAlertKind.ImmediateDanger, call.Id, null, await DisplayNameAsync(userId, cancellationToken),
                    triage.ConcernedDepartementCode, triage.EmergencyServices, now));
        }

        return ServiceResult.Ok(View(call, triage));
    }

    public static bool IsImmediateDanger(TriageOutcome? outcome, string? urgency, TriageTaxonomy taxonomy) =>
        outcome == TriageOutcome.ImmediateDanger || taxonomy.Level(urgency)?.ImmediateDanger == true;

    private static bool IsImmediateDanger(TriageRequest request, TriageTaxonomy taxonomy) =>
        request.ImmediateDanger == true || IsImmediateDanger(request.Outcome, request.Urgency, taxonomy);

    public TaxonomyView Taxonomy()
    {
        var taxonomy = options.CurrentValue.Taxonomy;
        return new TaxonomyView(
            taxonomy.Version,
            [.. taxonomy.Signs.Where(s => !s.Retired).Select(s => new LabelledEntry(s.Id, s.Label))],
            [.. taxonomy.Urgency.Select(u => new UrgencyLevelView(u.Id, u.Label, u.Urgent, u.ImmediateDanger))]);
    }

    /// <summary>Decrypts a stored summary (for authorised reads only).</summary>
    public string? Summary(CallTriage triage) => triage.ProtectedSummary is null ? null : Protector.Unprotect(triage.ProtectedSummary);

    private sealed record Concerned(int? Age, AgeBand? AgeBand, bool? Minor, string? CommuneCode, string? DepartementCode);

    private Dictionary<string, string[]> Validate(TriageRequest request, CallTriage? stored, TriageTaxonomy taxonomy, out Concerned concerned)
    {
        var errors = new Dictionary<string, string[]>();
        var person = request.Concerned ?? new ConcernedPersonRequest(null, null, null, null, null);

        // Age, band and minor must agree; minor follows from either when not given.
        bool? minor = person.Minor;
        if (person.Age is { } age)
        {
            if (age is < 0 or > 120)
            {
                errors["concerned.age"] = ["L’âge doit être compris entre 0 et 120 ans."];
            }
            else if (person.AgeBand is { } band && !BandContains(band, age))
            {
                errors["concerned.ageBand"] = [$"L’âge indiqué ({age} ans) n’est pas dans la tranche d’âge choisie."];
            }

            minor ??= age < 18;
            if (minor != age < 18)
            {
                errors["concerned.minor"] = [$"« Mineur·e » ne correspond pas à l’âge indiqué ({age} ans)."];
            }
        }
        else if (person.AgeBand is { } band)
        {
            minor ??= IsMinorBand(band);
            if (minor != IsMinorBand(band))
            {
                errors["concerned.minor"] = ["« Mineur·e » ne correspond pas à la tranche d’âge choisie."];
            }
        }

        // Location: an INSEE commune code from the official geography; the département follows from it.
        string? communeCode = null;
        string? departementCode = null;
        if (!string.IsNullOrWhiteSpace(person.CommuneCode))
        {
            var commune = geography.FindCommune(person.CommuneCode);
            if (commune is null)
            {
                errors["concerned.communeCode"] = [geography.UnknownInseeCode(person.CommuneCode)];
            }
            else
            {
                communeCode = commune.Code;
                departementCode = commune.DepartementCode;
                if (!string.IsNullOrWhiteSpace(person.DepartementCode)
                    && !string.Equals(person.DepartementCode.Trim(), commune.DepartementCode, StringComparison.OrdinalIgnoreCase))
                {
                    errors["concerned.departementCode"] = [$"La commune de {commune.Name} est dans le département {commune.DepartementCode} ({commune.DepartementName})."];
                }
            }
        }
        else if (!string.IsNullOrWhiteSpace(person.DepartementCode))
        {
            departementCode = geography.FindDepartement(person.DepartementCode)?.Code;
            if (departementCode is null)
            {
                errors["concerned.departementCode"] = [$"« {Clip(person.DepartementCode)} » n’est pas un code de département (par exemple 13, 2A ou 974)."];
            }
        }

        // Signs: from the current taxonomy; a retired sign only if this triage already had it.
        var unknown = (request.WarningSigns ?? [])
            .Where(id => taxonomy.Sign(id) is not { } sign || (sign.Retired && stored?.WarningSigns.Contains(id) != true))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (unknown.Count > 0)
        {
            errors["warningSigns"] = [$"Signes d’alerte absents de la grille en vigueur ({taxonomy.Version}) : {string.Join(", ", unknown.Select(Clip))}. Rechargez la page pour obtenir la grille à jour."];
        }

        if (request.Urgency is not null && taxonomy.Level(request.Urgency) is null)
        {
            errors["urgency"] = [$"« {Clip(request.Urgency)} » ne fait pas partie de l’échelle d’urgence en vigueur ({taxonomy.Version}) : rechargez la page pour obtenir l’échelle à jour."];
        }

        if (request.Summary is { Length: var length } && length > options.CurrentValue.MaxSummaryLength)
        {
            errors["summary"] = [$"Le résumé est limité à {options.CurrentValue.MaxSummaryLength} caractères ({request.Summary.Length} saisis)."];
        }

        // The CRIP receives concerns about minors only (CASF L226-3): the person must be known to be one.
        if (request.Outcome == TriageOutcome.ReferToChildProtection && minor != true)
        {
            errors["outcome"] = ["L’information préoccupante à la CRIP concerne un mineur en danger : indiquez que la personne concernée est mineure (âge, tranche d’âge ou « mineur·e »)."];
        }

        // Immediate danger is never recorded without saying what was done about it.
        if (IsImmediateDanger(request, taxonomy) && request.EmergencyServices is null)
        {
            errors["emergencyServices"] = ["Danger immédiat : confirmez que le 17 ou le 112 a été conseillé à l’appelant·e ou contacté par la ligne. La fiche n’est pas enregistrée sans cette confirmation."];
        }

        concerned = new Concerned(person.Age, person.AgeBand, minor, communeCode, departementCode);
        return errors;
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

    /// <summary>Echoes at most a few characters of a bad value in an error.</summary>
    private static string Clip(string value) => value.Length <= 40 ? value : value[..40] + "…";

    private TriageView Draft(Call call) => new(
        call.Id,
        Saved: false,
        Revision: 0,
        UpdatedAt: null,
        options.CurrentValue.Taxonomy.Version,
        CallerRelation: null,
        Person(null, null, null, LikeliestCommune(call), call.DepartementCode),
        Choices(call),
        call.PostalCode,
        WarningSigns: [],
        Urgency: null,
        Summary: null,
        CommuneCellConsent: false,
        Outcome: null,
        EmergencyServices: null,
        Ended(call),
        call.ReceivedAt);

    private TriageView View(Call call, CallTriage triage) => new(
        call.Id,
        Saved: true,
        triage.Revision,
        triage.UpdatedAt,
        triage.TaxonomyVersion,
        triage.CallerRelation,
        Person(triage.ConcernedAge, triage.ConcernedAgeBand, triage.ConcernedMinor, triage.ConcernedCommuneCode, triage.ConcernedDepartementCode),
        Choices(call),
        call.PostalCode,
        triage.WarningSigns,
        triage.Urgency,
        Summary(triage),
        triage.CommuneCellConsent,
        triage.Outcome,
        triage.EmergencyServices,
        Ended(call),
        call.ReceivedAt,
        triage.ImmediateDanger);

    private ConcernedPersonView Person(int? age, AgeBand? band, bool? minor, string? communeCode, string? departementCode)
    {
        var commune = geography.FindCommune(communeCode);
        var departement = geography.FindDepartement(commune?.DepartementCode ?? departementCode);
        return new ConcernedPersonView(age, band, minor, commune?.Code, commune?.Name, departement?.Code, departement?.Name);
    }

    /// <summary>
    /// The commune to prefill: the call's when its postal code designated one; otherwise, when all the
    /// candidates are in one département, the most populous (the one the queue card shows first, e.g.
    /// Tarascon for 13150). The other candidates stay on offer, and the routing explanation names the
    /// commune before anything is sent. Across two départements nothing is guessed.
    /// </summary>
    private static string? LikeliestCommune(Call call) =>
        call.CommuneCode ?? (call.DepartementCode is not null && call.CandidateCommuneCodes.Count > 0 ? call.CandidateCommuneCodes[0] : null);

    private List<CommuneChoice> Choices(Call call) =>
        [.. call.CandidateCommuneCodes.Select(geography.FindCommune).OfType<Commune>()
            .Select(c => new CommuneChoice(c.Code, c.Name, c.DepartementCode, c.DepartementName))];

    private static bool Ended(Call call) => !CallStateMachine.IsWaiting(call.Status) && call.Status != CallStatus.Connected;

    private async Task<string?> DisplayNameAsync(Guid userId, CancellationToken cancellationToken) =>
        await db.Users.Where(u => u.Id == userId).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken);
}
