using Hotline.Server.Calls;
using Hotline.Server.Geography;
using Hotline.Server.Referrals;
using Hotline.Server.Statistics;
using Hotline.Server.Triage;

namespace Hotline.Server.LiveConsole;

/// <summary>A counsellor's availability. Supervisors see everyone's, with the time in state.</summary>
public enum Presence
{
    Offline,
    Available,
    /// <summary>An offer is on screen, waiting for accept or decline.</summary>
    Offered,
    OnCall,
    /// <summary>After a call, for the triage; back to Available after the configured wrap-up time.</summary>
    WrapUp,
    Break,
}

/// <summary>What a work item in the queue is.</summary>
public enum CallCardKind
{
    /// <summary>A caller waiting on the line.</summary>
    Live,
    /// <summary>A message left out of hours or after a long wait.</summary>
    Voicemail,
    /// <summary>A caller who asked to be called back.</summary>
    Callback,
    /// <summary>A family who wrote through the contact page.</summary>
    WebMessage,
}

/// <summary>
/// The event streams a console follows. Each event carries its stream's sequence number; a client
/// that sees a gap in a stream asks for a snapshot.
/// </summary>
public enum ConsoleStream
{
    /// <summary>The queue: call cards queued, updated, removed (counsellors and supervisors).</summary>
    Queue,
    /// <summary>Everyone's presence (supervisors).</summary>
    Presence,
    /// <summary>What concerns this user only: offers, own presence, own current call.</summary>
    Personal,
}

/// <summary>
/// One card of the live queue. No caller number, ever: a repeat caller is recognised by HMAC only. A callback's
/// discreet preferences (may a message be left, when is calling safe) and a web message's reference are not personal.
/// </summary>
public sealed record CallCard(
    Guid CallId,
    CallCardKind Kind,
    CallMotive Motive,
    int Priority,
    CallStatus Status,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? QueuedAt,
    CallLocation Location,
    string? PostalCode,
    string? DepartementCode,
    string? DepartementName,
    IReadOnlyList<CommuneChoice> Communes,
    bool RepeatCaller,
    int PreviousCalls,
    int? RecordingSeconds,
    string? OfferedTo,
    bool? CallbackMessageAllowed,
    CallbackWindow? CallbackWindow,
    string? Reference)
{
    /// <summary>Server-side only: the item is being handled or done, so it is off the board.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Taken { get; init; }
}

public sealed record CounsellorState(
    Guid UserId,
    string UserName,
    string DisplayName,
    Presence Presence,
    DateTimeOffset Since,
    Guid? CurrentCallId,
    DateTimeOffset? WrapUpEndsAt = null);

public sealed record OfferCard(Guid OfferId, CallCard Call, DateTimeOffset OfferedAt, DateTimeOffset ExpiresAt);

/// <summary>How the counsellor hears the caller.</summary>
public enum ConnectionMode
{
    /// <summary>In the browser, through the Twilio Voice JS SDK.</summary>
    Browser,
    /// <summary>On the counsellor's own phone number.</summary>
    Phone,
    /// <summary>No Twilio voice configuration (local runs with the simulator): shown as connected, no audio.</summary>
    Simulated,
}

public sealed record CurrentCall(Guid CallId, CallCard Call, DateTimeOffset ConnectedAt, ConnectionMode Mode, DateTimeOffset? WrapUpEndsAt);

public sealed record StreamPositions(long Queue, long Presence, long Personal);

/// <summary>Everything a console shows, sent on connect and whenever a client asks to resync.</summary>
public sealed record ConsoleSnapshot(
    DateTimeOffset ServerTime,
    StreamPositions Sequences,
    CounsellorState Me,
    IReadOnlyList<CallCard> Queue,
    OfferCard? Offer,
    CurrentCall? Current,
    IReadOnlyList<CounsellorState>? Counsellors,
    bool VoiceEnabled,
    int WaitAlertSeconds,
    IReadOnlyList<DangerAlertView>? DangerAlerts);

/// <summary>A message for the counsellor (a failed connection, an expired offer…), with a stable code for i18n.</summary>
public sealed record ConsoleNotice(string Code, Guid? CallId);

/// <summary>A caller has waited past Console:WaitAlert while no counsellor is Available (supervisors). No caller detail.</summary>
public sealed record WaitAlert(Guid CallId, CallMotive Motive, DateTimeOffset WaitingSince, DateTimeOffset At);

/// <summary>What the server pushes. Clients never choose their groups: the server does, from claims.</summary>
public interface IConsoleClient
{
    Task Snapshot(ConsoleSnapshot snapshot);

    Task CallQueued(long sequence, CallCard card);

    Task CallUpdated(long sequence, CallCard card);

    Task CallRemoved(long sequence, Guid callId);

    Task PresenceChanged(long sequence, CounsellorState state);

    Task OfferReceived(long sequence, OfferCard offer);

    Task OfferWithdrawn(long sequence, Guid offerId, string reason);

    Task CallConnected(long sequence, CurrentCall call);

    Task CallFinished(long sequence, Guid callId);

    Task Notice(ConsoleNotice notice);

    /// <summary>Supervisors only (group <c>supervisors</c>).</summary>
    Task SupervisorAlert(SupervisorAlert alert);

    /// <summary>Supervisors only: an immediate danger was recorded; the banner stays until a supervisor takes it in charge.</summary>
    Task DangerAlertRaised(DangerAlertView alert);

    /// <summary>Supervisors only: a supervisor took a danger alert in charge; it leaves every banner.</summary>
    Task DangerAlertTakenInCharge(DangerAlertTakenInCharge taken);

    /// <summary>Supervisors only: a caller waits too long and nobody is Available (once per call).</summary>
    Task WaitAlert(WaitAlert alert);

    /// <summary>
    /// A referral was sent (or a redirection created its follow-on), to the groups that may see it:
    /// <c>departement:{code}</c>, <c>commune:{code}</c> for commune cells, and supervisors. Not sequenced:
    /// the card is the whole state, and a client keeps the highest <see cref="ReferralCard.Version"/>
    /// (an inbox that reconnects reloads <c>GET /api/referrals</c>).
    /// </summary>
    Task ReferralCreated(ReferralCard referral);

    /// <summary>A referral changed (state, note, overdue), to the same groups.</summary>
    Task ReferralChanged(ReferralCard referral);

    /// <summary>Supervisors only: the wallboard's figures changed (at most one a second, within 5 s of a change).</summary>
    Task StatisticsChanged(LiveStatistics statistics);
    /// <summary>
    /// A call's triage was saved (revision <paramref name="revision"/>), to the call's holder and supervisors: ids only,
    /// a console showing it reloads it. Not sequenced: the revision orders them.
    /// </summary>
    Task TriageChanged(Guid callId, int revision);
}
