using Hotline.Server.Data;
using Hotline.Server.Geography;
using Hotline.Server.Hosting;
using Hotline.Server.Calls;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Hotline.Server.Triage;

/// <summary>Reads and saves triages. Summaries are encrypted before they reach the database and never logged.</summary>
public sealed class TriageService(
    HotlineDbContext db,
    TimeProvider time,
    IOptionsMonitor<TriageOptions> options,
    GeographyCatalog geography,
    IDataProtectionProvider dataProtection,
    DangerAlerts dangerAlerts,
    ITriageNotifier notifier,
    ILogger<TriageService> logger)
{
    /// <summary>Data Protection purpose of triage summaries (changing it makes stored summaries unreadable).</summary>
    public const string SummaryPurpose = "Hotline.Triage.Summary.v1";

    /// <summary>Audit entity of triages; the id is the call's (the API addresses a triage by its call).</summary>
    public const string AuditEntity = "Triage";

    private static readonly IReadOnlyDictionary<string, string> NoProblems = new Dictionary<string, string>();

    private IDataProtector Protector => dataProtection.CreateProtector(SummaryPurpose);

    public async Task<TriageView> GetAsync(Call call, CancellationToken cancellationToken)
    {
        var triage = await db.Triages.AsNoTracking().FirstOrDefaultAsync(t => t.CallId == call.Id, cancellationToken);
        return triage is null ? Draft(call) : View(call, triage);
    }

    /// <summary>
    /// Creates or replaces the call's triage. Two saves of the same call (a double click, two tabs, a
    /// retried request) are serialised on the row lock; the one that would insert a second row meets
    /// the unique index and is retried as an update. So a call never has two triages. A save that states
    /// the revision it started from is refused (409 <c>triage-stale</c>) when another was saved since:
    /// checked under the row lock and again by the update itself (the revision is a concurrency token).
    /// </summary>
    public async Task<ServiceResult<TriageView>> SaveAsync(Call call, TriageRequest request, Guid userId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await SaveOnceAsync(call, request, userId, cancellationToken);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                // The row's revision moved after our read: read it again (a stated revision is then stale).
                db.ChangeTracker.Clear();
            }
            catch (DbUpdateException exception) when (attempt < 3
                && exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                // Another request created the row between our read and our insert: it exists now, update it
                // (or refuse, when this save started from no triage at all).
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
        if (request.Revision is { } startedFrom && startedFrom != (triage?.Revision ?? 0))
        {
            var current = triage is null ? Draft(call) : View(call, triage);
            return TriageRevisions.Stale(current, TriageRevisions.Differences(request, current));
        }

        var problems = new Dictionary<string, string>();
        var accepted = new TriageValidation(geography, options.CurrentValue)
            .Accept(request, triage, triage is null ? null : Summary(triage), problems);

        if (triage is null)
        {
            triage = new CallTriage { CallId = call.Id, CreatedAt = now, TaxonomyVersion = taxonomy.Version };
            db.Triages.Add(triage);
        }

        triage.UpdatedAt = now;
        triage.UpdatedBy = userId;
        triage.Revision++;
        triage.TaxonomyVersion = taxonomy.Version;
        triage.CallerRelation = accepted.CallerRelation;
        triage.ConcernedAge = accepted.Age;
        triage.ConcernedAgeBand = accepted.AgeBand;
        triage.ConcernedMinor = accepted.Minor;
        triage.ConcernedCommuneCode = accepted.CommuneCode;
        triage.ConcernedDepartementCode = accepted.DepartementCode;
        triage.GeographyYear = accepted.CommuneCode is null && accepted.DepartementCode is null ? null : geography.CogYear;
        triage.WarningSigns = [.. accepted.WarningSigns];
        triage.Urgency = accepted.Urgency;
        triage.ProtectedSummary = accepted.Summary is null ? null : Protector.Protect(accepted.Summary);
        if (accepted.CommuneCellConsent != triage.CommuneCellConsent)
        {
            triage.CommuneCellConsentAt = accepted.CommuneCellConsent ? now : null;
        }

        triage.CommuneCellConsent = accepted.CommuneCellConsent;
        triage.Outcome = accepted.Outcome;
        triage.EmergencyServices = accepted.EmergencyServices;
        triage.ImmediateDanger = accepted.ImmediateDanger;
        // Supervisors are alerted once per triage, not on every autosave: the first save that records the danger raises it.
        DangerAlert? alert = null;
        if (triage.ImmediateDanger && triage.ImmediateDangerAlertedAt is null)
        {
            triage.ImmediateDangerAlertedAt = now;
            alert = dangerAlerts.Raise(call, triage, userId, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await notifier.TriageChangedAsync(call.Id, call.CounsellorId, triage.Revision);

        if (alert is not null)
        {
            // Ids and codes only: supervisors open the call to know more.
            logger.LogWarning("Immediate danger recorded on call {CallId}; alerting supervisors", call.Id);
            await dangerAlerts.AnnounceAsync(alert, call, cancellationToken);
        }

        return ServiceResult.Ok(View(call, triage) with { Problems = problems });
    }

    public static bool IsImmediateDanger(TriageOutcome? outcome, string? urgency, TriageTaxonomy taxonomy) =>
        outcome == TriageOutcome.ImmediateDanger || taxonomy.Level(urgency)?.ImmediateDanger == true;

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
        call.ReceivedAt,
        ImmediateDanger: false,
        NoProblems);

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
        triage.ImmediateDanger,
        NoProblems);

    private ConcernedPersonView Person(int? age, AgeBand? band, bool? minor, string? communeCode, string? departementCode)
    {
        var commune = geography.FindCommune(communeCode);
        var departement = geography.FindDepartement(commune?.DepartementCode ?? departementCode);
        return new ConcernedPersonView(age, band, minor, commune?.Code, commune?.Name, departement?.Code, departement?.Name);
    }

    /// <summary>
    /// The commune to prefill: the call's only when its postal code designated exactly one. When it covers several
    /// (13150: Tarascon, Boulbon, Saint-Pierre-de-Mézoargues) nothing is guessed — a wrong guess steers a family to
    /// another commune's cell — and the candidates are offered with their département.
    /// </summary>
    private static string? LikeliestCommune(Call call) => call.CommuneCode;

    private List<CommuneChoice> Choices(Call call) =>
        [.. call.CandidateCommuneCodes.Select(geography.FindCommune).OfType<Commune>()
            .Select(c => new CommuneChoice(c.Code, c.Name, c.DepartementCode, c.DepartementName))];

    private static bool Ended(Call call) => !CallStateMachine.IsWaiting(call.Status) && call.Status != CallStatus.Connected;
}
