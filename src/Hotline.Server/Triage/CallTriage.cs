namespace Hotline.Server.Triage;

/// <summary>Who is calling about the concerned person.</summary>
public enum CallerRelation
{
    Mother,
    Father,
    Sibling,
    OtherRelative,
    Friend,
    TeacherOrSchool,
    SocialWorkerOrProfessional,
    /// <summary>The concerned person calls about themselves.</summary>
    Self,
    Other,
}

/// <summary>An age band, when the exact age is not known. Each band is wholly minor or wholly adult, so it implies <c>Minor</c>.</summary>
public enum AgeBand
{
    Under13,
    From13To15,
    From16To17,
    From18To21,
    From22To25,
    Over25,
}

/// <summary>How the call ended for the line.</summary>
public enum TriageOutcome
{
    InformationGiven,
    AdviceGiven,
    ReferToDepartementalCell,
    ReferToCommuneCell,

    /// <summary>A minor in danger: an information préoccupante to the département's CRIP (CASF L226-3). The concerned person must be a minor.</summary>
    ReferToChildProtection,

    /// <summary>
    /// Immediate danger: 17/112 advised or contacted, and nothing else. Immediate danger is now a flag on the triage
    /// (<see cref="CallTriage.ImmediateDanger"/>) that goes with any outcome, a referral included; this outcome stays for
    /// triages that have it.
    /// </summary>
    ImmediateDanger,
    NoFollowUp,
}

/// <summary>What the counsellor confirms about the emergency services when there is immediate danger.</summary>
public enum EmergencyServicesConfirmation
{
    /// <summary>The caller was told to ring 17 or 112 (or go to the police) now.</summary>
    CallerAdvised,
    /// <summary>The line contacted 17/112 itself.</summary>
    LineContacted,
}

/// <summary>
/// What the counsellor recorded about a call: one per call (unique on <see cref="CallId"/>), saved
/// many times as the counsellor types, and completed after the call if need be.
/// </summary>
public sealed class CallTriage
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid CallId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Who saved it last (the counsellor, or a supervisor).</summary>
    public Guid UpdatedBy { get; set; }

    /// <summary>Incremented on every save: lets a client see that its copy is stale.</summary>
    public int Revision { get; set; }

    public CallerRelation? CallerRelation { get; set; }

    public int? ConcernedAge { get; set; }

    public AgeBand? ConcernedAgeBand { get; set; }

    public bool? ConcernedMinor { get; set; }

    /// <summary>INSEE code (never a postal code) of the concerned person's commune, when known.</summary>
    public string? ConcernedCommuneCode { get; set; }

    /// <summary>The concerned person's département: the commune's, or the call's when only that is known.</summary>
    public string? ConcernedDepartementCode { get; set; }

    /// <summary>The geography vintage the commune code was checked against.</summary>
    public int? GeographyYear { get; set; }

    /// <summary>Ids from the warning-sign taxonomy of <see cref="TaxonomyVersion"/>.</summary>
    public List<string> WarningSigns { get; set; } = [];

    /// <summary>The taxonomy (signs and urgency scale) the signs and urgency were chosen from.</summary>
    public required string TaxonomyVersion { get; set; }

    /// <summary>A level id of the configured urgency scale.</summary>
    public string? Urgency { get; set; }

    /// <summary>The free-text summary, encrypted with Data Protection (never stored or logged in clear).</summary>
    public string? ProtectedSummary { get; set; }

    /// <summary>
    /// The family's agreement to be contacted and to have their account (summary, who called, the concerned person)
    /// shared with a commune cell or an association. Not the legal basis of any transfer (DOMAIN.md): it decides which
    /// details pass (<c>Referrals.MinimumData</c>).
    /// </summary>
    public bool CommuneCellConsent { get; set; }

    public DateTimeOffset? CommuneCellConsentAt { get; set; }

    public TriageOutcome? Outcome { get; set; }

    public EmergencyServicesConfirmation? EmergencyServices { get; set; }

    /// <summary>
    /// Immediate danger, whatever the outcome (a referral is not excluded: it is then urgent). Set by the counsellor, or
    /// implied by the immediate-danger urgency level or outcome. Needs <see cref="EmergencyServices"/>.
    /// </summary>
    public bool ImmediateDanger { get; set; }

    /// <summary>When supervisors were alerted of an immediate danger: once per triage, not on every autosave.</summary>
    public DateTimeOffset? ImmediateDangerAlertedAt { get; set; }
}
