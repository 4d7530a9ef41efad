using Hotline.Server.Calls;

namespace Hotline.Server.WebContacts;

/// <summary>
/// What the contact page sends. Everything is optional in the type so that a missing field is answered with a
/// ProblemDetails naming it, in French, rather than a serializer error.
/// </summary>
/// <param name="Website">The honeypot: hidden from people, filled in by robots.</param>
/// <param name="FormToken">Given with the page: when it was served (signed), for the time-to-submit check.</param>
public sealed record ContactRequest(
    string? Message,
    CallMotive? Motive,
    ContactRelation? Relation,
    ContactAgeBand? AgeBand,
    string? PostalCode,
    string? Phone,
    string? Email,
    bool? MessageAllowed,
    CallbackWindow? CallbackWindow,
    bool? Acknowledged,
    string? Language,
    string? Website,
    string? FormToken);

/// <param name="Reference">Short, to quote when calling the line.</param>
public sealed record ContactReceipt(string Reference);

/// <summary>A web message as the counsellor who took it (or a supervisor) reads it: the only place its content is shown.</summary>
public sealed record WebContactView(
    Guid CallId,
    string Reference,
    DateTimeOffset ReceivedAt,
    CallMotive Motive,
    string Message,
    ContactRelation Relation,
    ContactAgeBand AgeBand,
    string? PostalCode,
    string? Phone,
    string? Email,
    bool? MessageAllowed,
    CallbackWindow? CallbackWindow,
    string Language);

/// <summary>A web message held for review: no content, enough to decide to release it after opening it.</summary>
public sealed record HeldWebMessage(Guid CallId, string Reference, DateTimeOffset ReceivedAt, CallMotive Motive);
