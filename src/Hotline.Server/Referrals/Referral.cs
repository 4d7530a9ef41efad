using Hotline.Server.ServiceDirectory;
using Hotline.Server.Triage;

namespace Hotline.Server.Referrals;

/// <summary>A referral's life, enforced on the server by <see cref="ReferralStateMachine"/>.</summary>
public enum ReferralState
{
    /// <summary>Sent to the service; waiting for its acknowledgement (deadline <see cref="Referral.AcknowledgeBy"/>).</summary>
    Sent,
    Acknowledged,
    InFollowUp,
    Closed,
    /// <summary>Passed on to another service, with a reason; a follow-on referral carries it on.</summary>
    Redirected,

    /// <summary>Withdrawn by its sender (or a supervisor) before acknowledgement, within the recall window: its content is erased.</summary>
    Recalled,
}

/// <summary>Why a referral was closed (required on close): the reasons practitioners use (DOMAIN.md).</summary>
public enum ClosingReason
{
    AccompanimentFinished,

    /// <summary>Support is voluntary: the family declined it.</summary>
    FamilyDeclined,

    /// <summary>The family moved (to <see cref="Referral.MovedToDepartementCode"/> when known: a redirection is offered).</summary>
    Moved,

    JudicialRoute,

    LeftTerritory,

    ConcernNotConfirmed,

    /// <summary>Another reason, stated in a text (encrypted; the line sees only "autre").</summary>
    Other,
}

/// <summary>
/// A family's situation sent from a call's triage to a local service, with where it went and why
/// (the routing decision as shown to the counsellor), the purpose and legal basis of the transfer,
/// and its acknowledgement deadline.
/// </summary>
public sealed class Referral
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    /// <summary>
    /// The human reference ("2026-000123": the year it was sent, Paris time, and that year's sequence), unique, given
    /// when sent (<see cref="ReferralReferences"/>): what people quote on the phone and search the inbox by.
    /// </summary>
    public string Reference { get; set; } = "";

    /// <summary>Who sent it, as its recipient sees it: the national line, or the service that redirected it.</summary>
    public string SenderName { get; set; } = "";

    public Guid CallId { get; set; }

    public Guid TriageId { get; set; }

    /// <summary>The referral this one was redirected from (null for the one created from the triage).</summary>
    public Guid? PreviousReferralId { get; set; }

    /// <summary>The follow-on referral, once this one was redirected.</summary>
    public Guid? RedirectedToId { get; set; }

    /// <summary>The directory service it was sent to; none once a referral to a CMER is anonymised (it names the commune).</summary>
    public Guid? ServiceId { get; set; }

    /// <summary>The service's name when sent (a later rename does not rewrite history).</summary>
    public required string ServiceName { get; set; }

    public ServiceKind ServiceKind { get; set; }

    /// <summary>The département (or collectivity) it belongs to: coordinators of it see it. Null for the national team.</summary>
    public string? DepartementCode { get; set; }

    /// <summary>The concerned person's commune (INSEE), when known.</summary>
    public string? CommuneCode { get; set; }

    /// <summary>
    /// For a commune cell: the INSEE code the cell's area lists and its members hold in their claims —
    /// the commune itself, or its city for an arrondissement of Paris, Lyon or Marseille.
    /// </summary>
    public string? CellCommuneCode { get; set; }

    /// <summary>The COG vintage of the codes above.</summary>
    public int CogYear { get; set; }

    /// <summary>Why routing chose the service; null when a person redirected it.</summary>
    public RoutingReasonCode? ReasonCode { get; set; }

    /// <summary>The explanation shown to the counsellor (place names and service names only, no personal data).</summary>
    public required string RoutingReason { get; set; }

    public string? PurposeCode { get; set; }

    public string? PurposeLabel { get; set; }

    public string? LegalBasisCode { get; set; }

    public string? LegalBasisLabel { get; set; }

    /// <summary>What of the triage it carries (<see cref="MinimumData"/>): fixed when sent, never widened by a redirection.</summary>
    public SharedDetails Shared { get; set; }

    /// <summary>The family's agreement to share their account, as the triage recorded it when the first referral was sent.</summary>
    public bool FamilyAgreed { get; set; }

    /// <summary>
    /// The personal part of what was sent (<see cref="ReferralSnapshot"/> as JSON), encrypted with Data Protection; null when
    /// nothing personal was, or once retention has passed. Later triage edits never change it.
    /// </summary>
    public string? ProtectedSnapshot { get; set; }

    /// <summary>When the snapshot was taken: the first send (a follow-on carries its predecessor's).</summary>
    public DateTimeOffset SnapshotAt { get; set; }

    /// <summary>
    /// The concerned person's age band as sent, when the minimum-data rule let the recipient have it (a copy of the
    /// snapshot's, in clear so the inbox can show it); dropped with the commune when retention passes.
    /// </summary>
    public AgeBand? AgeBand { get; set; }

    /// <summary>The triage's urgency level when sent.</summary>
    public string? Urgency { get; set; }

    /// <summary>The level is an urgent one: acknowledgement within hours, not working days.</summary>
    public bool Urgent { get; set; }

    public ReferralState State { get; set; } = ReferralState.Sent;

    public DateTimeOffset SentAt { get; set; }

    public Guid SentBy { get; set; }

    public DateTimeOffset AcknowledgeBy { get; set; }

    /// <summary>Sent urgent while the service's office was closed: whom to call meanwhile (<see cref="AcknowledgementDue.DutyContact"/>).</summary>
    public string? DutyContact { get; set; }

    public DateTimeOffset? AcknowledgedAt { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public ClosingReason? ClosingReason { get; set; }

    /// <summary>The text of <see cref="ClosingReason.Other"/>, encrypted like notes; the receiving service's, never the line's.</summary>
    public string? ProtectedClosingNote { get; set; }

    /// <summary>For <see cref="ClosingReason.Moved"/>: the family's new département, when known.</summary>
    public string? MovedToDepartementCode { get; set; }

    /// <summary>When supervisors were told it was overdue (once).</summary>
    public DateTimeOffset? EscalatedAt { get; set; }

    /// <summary>When supervisors were told it was still open after <c>Referrals:MaxOpen</c> (once).</summary>
    public DateTimeOffset? OpenTooLongAt { get; set; }

    /// <summary>When retention took what could identify the family (the statistics stay).</summary>
    public DateTimeOffset? AnonymisedAt { get; set; }

    /// <summary>Incremented on every change: a client keeps the card with the highest version.</summary>
    public int Version { get; set; } = 1;

    public List<ReferralEvent> Events { get; set; } = [];

    public void SetDeadline(AcknowledgementDue due)
    {
        AcknowledgeBy = due.By;
        DutyContact = due.DutyContact;
    }

    public List<ReferralNote> Notes { get; set; } = [];
}

/// <summary>One step of a referral's history.</summary>
public sealed class ReferralEvent
{
    public long Id { get; set; }

    public Guid ReferralId { get; set; }

    public DateTimeOffset At { get; set; }

    public ReferralState? From { get; set; }

    public ReferralState To { get; set; }

    /// <summary>Who made the change; null for the server (escalation).</summary>
    public Guid? UserId { get; set; }

    /// <summary>A redirection's reason, free text, encrypted like notes.</summary>
    public string? ProtectedReason { get; set; }

    /// <summary>For a redirection: the other referral (follow-on, or previous).</summary>
    public Guid? RelatedReferralId { get; set; }
}

/// <summary>A note by someone following the referral. Encrypted at rest; never logged.</summary>
public sealed class ReferralNote
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid ReferralId { get; set; }

    public DateTimeOffset At { get; set; }

    public Guid AuthorId { get; set; }

    public required string ProtectedText { get; set; }
}
