using Hotline.Server.ServiceDirectory;
using Hotline.Server.Triage;

namespace Hotline.Server.Referrals;

/// <summary>
/// A referral in a list or a hub event: the same for every reader, and without personal data (no
/// summary, no caller detail), so one card can go to every group that sees the referral.
/// </summary>
/// <param name="Reference">The human reference ("2026-000123").</param>
/// <param name="SenderName">Who sent it: the national line, or the service that redirected it (the other party, for its recipient).</param>
/// <param name="AgeBand">The concerned person's age band, when what was sent includes it.</param>
/// <param name="AcknowledgeBy">The deadline to acknowledge, per kind of service (<c>Referrals:Deadlines</c>).</param>
/// <param name="DutyContact">Sent urgent while the service's office was closed: whom to call meanwhile (its clock starts when it opens).</param>
public sealed record ReferralCard(
    Guid Id,
    string Reference,
    string SenderName,
    Guid CallId,
    ReferralState State,
    Guid? ServiceId,
    string ServiceName,
    ServiceKind ServiceKind,
    string? DepartementCode,
    string? DepartementName,
    string? CommuneCode,
    string? CommuneName,
    AgeBand? AgeBand,
    string? Urgency,
    bool Urgent,
    DateTimeOffset SentAt,
    DateTimeOffset AcknowledgeBy,
    bool Overdue,
    Guid? PreviousReferralId,
    Guid? RedirectedToId,
    int Version,
    ClosingReason? ClosingReason = null,
    string? DutyContact = null);

/// <summary>How the inbox is ordered: what needs action first (overdue, waiting, urgent), or simply the nearest deadline first.</summary>
public enum ReferralSort
{
    Priority,
    Deadline,
}

/// <summary>The inbox: counts over everything the user may see, and the cards that match the filters (overdue first).</summary>
public sealed record ReferralList(int Total, int Overdue, IReadOnlyDictionary<ReferralState, int> ByState, IReadOnlyList<ReferralCard> Items);

/// <summary>A purpose or legal basis of a transfer, as chosen when sending.</summary>
public sealed record TransferChoiceView(string Code, string Label);

/// <summary>What the triage said about the family when the referral was sent, cut down by <see cref="MinimumData"/>.</summary>
public sealed record ReferralSituation(
    CallerRelation? CallerRelation,
    int? Age,
    AgeBand? AgeBand,
    bool? Minor,
    IReadOnlyList<string> WarningSigns,
    string TaxonomyVersion,
    string? Summary);

public sealed record ReferralHistoryEntry(DateTimeOffset At, ReferralState? From, ReferralState To, string? By, string? Reason, Guid? RelatedReferralId);

public sealed record ReferralNoteView(Guid Id, DateTimeOffset At, string Author, string Text);

/// <param name="DetailsShared">False when the family's account was withheld (the minimum-data rule: e.g. a commune cell without the family's agreement).</param>
/// <param name="Situation">The account as it was sent (<paramref name="SnapshotAt"/>), never as the triage reads now.</param>
/// <param name="AllowedActions">What this reader may do now (state and role both considered).</param>
/// <param name="Shared">What the referral carries, field group by field group.</param>
/// <param name="SnapshotAt">When what it carries was frozen: the first send ("tel qu'envoyé le …").</param>
public sealed record ReferralDetail(
    ReferralCard Referral,
    RoutingReasonCode? ReasonCode,
    string RoutingReason,
    TransferChoiceView? Purpose,
    TransferChoiceView? LegalBasis,
    bool DetailsShared,
    ReferralSituation? Situation,
    IReadOnlyList<ReferralHistoryEntry> History,
    IReadOnlyList<ReferralNoteView> Notes,
    IReadOnlyList<ReferralAction> AllowedActions,
    SharedDetails Shared,
    DateTimeOffset SnapshotAt,
    string? ClosingNote = null,
    string? MovedToDepartementCode = null);

/// <summary>
/// What the sender (a counsellor, who does not follow referrals) gets back: where it went, why, and
/// the deadline. No history, no notes: those are the receiving service's.
/// </summary>
/// <param name="Feedback">What became of it: the state and closing reason of the referral that carries it now (after redirections), never notes.</param>
public sealed record ReferralReceipt(
    ReferralCard Referral,
    RoutingReasonCode? ReasonCode,
    string RoutingReason,
    TransferChoiceView? Purpose,
    TransferChoiceView? LegalBasis,
    ReferralFeedback? Feedback = null);

/// <summary>The line's feedback on a referral it sent (the 2018 instruction's "retour d'information"): where it is, in what state, why closed.</summary>
public sealed record ReferralFeedback(Guid ReferralId, string Reference, string ServiceName, ServiceKind ServiceKind, ReferralState State, ClosingReason? ClosingReason, DateTimeOffset? ClosedAt);

/// <summary>The decision a counsellor sees before sending: where, and why.</summary>
/// <param name="RequiresTransferBasis">A purpose and a legal basis must be chosen from the lists (every transfer, whatever the service).</param>
/// <param name="Sent">The triage was already referred: that referral (sending again returns it, nothing new is sent).</param>
/// <param name="Deadline">Sent now: when the service would have to acknowledge it, and its duty contact if it is closed and the case urgent.</param>
public sealed record RoutingView(
    RoutingDecision Decision,
    bool CanSend,
    bool RequiresTransferBasis,
    IReadOnlyList<TransferChoiceView> Purposes,
    IReadOnlyList<TransferChoiceView> LegalBases,
    ReferralReceipt? Sent,
    AcknowledgementDue? Deadline = null);

/// <param name="ServiceId">The service of the decision the counsellor saw: if routing now says otherwise, nothing is sent (409).</param>
public sealed record SendReferralRequest(Guid? ServiceId, string? Purpose, string? LegalBasis);

public sealed record RedirectRequest(Guid? ServiceId, string? Reason, string? Purpose, string? LegalBasis);

public sealed record NoteRequest(string? Text);

/// <param name="Reason">Required.</param>
/// <param name="Other">The reason's text, required with <see cref="ClosingReason.Other"/>.</param>
/// <param name="MovedToDepartement">With <see cref="ClosingReason.Moved"/>: the new département, if known (a redirection is then offered).</param>
public sealed record CloseRequest(ClosingReason? Reason, string? Other = null, string? MovedToDepartement = null);

/// <summary>A service a referral may be redirected to, with where it works (all departmental cells share one name).</summary>
/// <param name="CommuneNames">For a commune cell: the communes it covers.</param>
public sealed record RedirectTarget(
    Guid Id,
    string Name,
    ServiceKind Kind,
    string? DepartementCode,
    string? DepartementName,
    IReadOnlyList<string> CommuneNames);

/// <summary>The purposes and legal bases of a transfer to one kind of service.</summary>
public sealed record KindTransferView(ServiceKind Kind, IReadOnlyList<TransferChoiceView> Purposes, IReadOnlyList<TransferChoiceView> LegalBases);

/// <summary>
/// What the redirect form offers: the active services other than the current one (the referral's département first;
/// commune cells only under a charter in force), and for each kind among them the purposes and legal bases a
/// transfer to it may state (every transfer states both).
/// </summary>
public sealed record RedirectChoices(IReadOnlyList<RedirectTarget> Services, IReadOnlyList<KindTransferView> Transfers);
