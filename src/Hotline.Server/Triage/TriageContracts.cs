using Hotline.Server.Geography;

namespace Hotline.Server.Triage;

/// <summary>
/// The whole triage as the console holds it. A PUT replaces every valid field (autosave sends the form
/// as it is), so repeating it changes nothing; an invalid field keeps its stored value and is reported.
/// </summary>
/// <param name="ImmediateDanger">
/// Immediate danger flagged, whatever the outcome: it needs the 17/112 confirmation (<paramref name="EmergencyServices"/>) and
/// alerts supervisors, and a referral sent from the triage is then urgent. The immediate-danger urgency level (or the former
/// immediate-danger outcome) flags it too.
/// </param>
/// <param name="Revision">
/// The revision of the triage this save started from (<see cref="TriageView.Revision"/>, 0 before the first save). When
/// someone saved in between, nothing is saved: 409 <c>triage-stale</c> with the current triage and the fields that differ,
/// for the client to merge. The database enforces it (conditional update). Null: no check, the save replaces whatever is
/// there (for clients that cannot merge; the console always sends it).
/// </param>
public sealed record TriageRequest(
    CallerRelation? CallerRelation,
    ConcernedPersonRequest? Concerned,
    IReadOnlyList<string>? WarningSigns,
    string? Urgency,
    string? Summary,
    bool? CommuneCellConsent,
    TriageOutcome? Outcome,
    EmergencyServicesConfirmation? EmergencyServices,
    bool? ImmediateDanger = null,
    int? Revision = null);

/// <param name="CommuneCode">An INSEE code (not a postal code), e.g. one of the call's candidates.</param>
/// <param name="DepartementCode">Needed only when the commune is unknown; otherwise it must be the commune's.</param>
public sealed record ConcernedPersonRequest(int? Age, AgeBand? AgeBand, bool? Minor, string? CommuneCode, string? DepartementCode);

public sealed record ConcernedPersonView(
    int? Age,
    AgeBand? AgeBand,
    bool? Minor,
    string? CommuneCode,
    string? CommuneName,
    string? DepartementCode,
    string? DepartementName);

/// <summary>
/// A call's triage. Before the first save it is a draft (<see cref="Saved"/> false) prefilled from the
/// call: its commune when the postal code designated one, and the candidates to choose from otherwise.
/// </summary>
/// <param name="Problems">
/// After a save, the fields it refused (field → French message, e.g. <c>concerned.age</c>): they kept their stored
/// value, every other field was saved. Empty when everything was saved, and on reads.
/// </param>
public sealed record TriageView(
    Guid CallId,
    bool Saved,
    int Revision,
    DateTimeOffset? UpdatedAt,
    string TaxonomyVersion,
    CallerRelation? CallerRelation,
    ConcernedPersonView Concerned,
    IReadOnlyList<CommuneChoice> CommuneChoices,
    string? CallPostalCode,
    IReadOnlyList<string> WarningSigns,
    string? Urgency,
    string? Summary,
    bool CommuneCellConsent,
    TriageOutcome? Outcome,
    EmergencyServicesConfirmation? EmergencyServices,
    bool CallEnded,
    DateTimeOffset CallReceivedAt,
    bool ImmediateDanger,
    IReadOnlyDictionary<string, string> Problems);

public sealed record LabelledEntry(string Id, IReadOnlyDictionary<string, string> Label);

public sealed record UrgencyLevelView(string Id, IReadOnlyDictionary<string, string> Label, bool Urgent, bool ImmediateDanger);

/// <summary>What the triage form offers: the current taxonomy (retired signs left out).</summary>
public sealed record TaxonomyView(string Version, IReadOnlyList<LabelledEntry> Signs, IReadOnlyList<UrgencyLevelView> Urgency);
