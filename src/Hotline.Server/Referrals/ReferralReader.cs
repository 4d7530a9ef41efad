using System.Security.Claims;
using Hotline.Server.Audit;
using Hotline.Server.Data;
using Hotline.Server.Geography;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Server.Referrals;

/// <param name="Reference">A whole reference ("2026-000123") or its number ("123"): see <see cref="ReferralReferences.Parse"/>.</param>
public sealed record ReferralFilter(
    IReadOnlyList<ReferralState>? States, string? Urgency, bool? Overdue, int? Limit, string? Reference = null, ReferralSort Sort = ReferralSort.Priority);

/// <summary>
/// Lists and reads referrals within the reader's territory (<see cref="ReferralScope"/>), builds their cards and
/// tells the live console of every change (<see cref="IReferralNotifier"/>).
/// </summary>
public sealed class ReferralReader(
    HotlineDbContext db,
    TimeProvider time,
    GeographyCatalog geography,
    IDataProtectionProvider dataProtection,
    ReferralSnapshots snapshots,
    IReferralNotifier notifier,
    AuditLog audit,
    IAuthorizationService authorization)
{
    /// <summary>Data Protection purpose of notes and redirection reasons (changing it makes them unreadable).</summary>
    public const string NotePurpose = "Hotline.Referrals.Note.v1";

    internal const string AuditEntity = nameof(Referral);

    /// <summary>How a counsellor appears in a referral's history to the receiving services.</summary>
    public const string NationalLineName = "Ligne nationale d’écoute";

    private IDataProtector Protector => dataProtection.CreateProtector(NotePurpose);

    public async Task<ReferralList> ListAsync(ClaimsPrincipal user, ReferralFilter filter, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var visible = db.Referrals.AsNoTracking().VisibleTo(user);
        // Counts come from the same scoped query as the items: another territory's referrals are not even counted.
        var byState = await visible.GroupBy(r => r.State).Select(g => new { State = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.State, g => g.Count, cancellationToken);
        var overdue = await visible.CountAsync(r => r.State == ReferralState.Sent && r.AcknowledgeBy <= now, cancellationToken);

        // Cards carry no personal data, but who looked at the inbox, and when, is part of the trail.
        await audit.RecordAsync(AuditAction.List, AuditEntity, "*", AuditOutcome.Allowed, cancellationToken);

        var query = visible;
        if (filter.States is { Count: > 0 } states)
        {
            query = query.Where(r => states.Contains(r.State));
        }

        if (!string.IsNullOrEmpty(filter.Urgency))
        {
            query = query.Where(r => r.Urgency == filter.Urgency);
        }

        if (filter.Overdue is { } wantOverdue)
        {
            query = query.Where(r => (r.State == ReferralState.Sent && r.AcknowledgeBy <= now) == wantOverdue);
        }

        if (!string.IsNullOrWhiteSpace(filter.Reference))
        {
            // Not a reference at all: nothing matches (rather than everything).
            var search = ReferralReferences.Parse(filter.Reference);
            query = search switch
            {
                { Exact: { } exact } => query.Where(r => r.Reference == exact),
                { Suffix: { } suffix } => query.Where(r => r.Reference.EndsWith(suffix)),
                _ => query.Where(r => false),
            };
        }

        var ordered = filter.Sort == ReferralSort.Deadline
            // Those still waiting for acknowledgement by their deadline (the most overdue first); the others after, same order.
            ? query.OrderBy(r => r.State == ReferralState.Sent ? 0 : 1).ThenBy(r => r.AcknowledgeBy).ThenBy(r => r.Id)
            : query
                .OrderByDescending(r => r.State == ReferralState.Sent && r.AcknowledgeBy <= now)
                .ThenBy(r => r.State == ReferralState.Sent ? 0 : r.State == ReferralState.Acknowledged || r.State == ReferralState.InFollowUp ? 1 : 2)
                .ThenByDescending(r => r.Urgent)
                .ThenBy(r => r.AcknowledgeBy);
        var items = await ordered
            .Take(Math.Clamp(filter.Limit ?? 100, 1, 500))
            .ToListAsync(cancellationToken);
        return new ReferralList(
            byState.Values.Sum(),
            overdue,
            Enum.GetValues<ReferralState>().ToDictionary(s => s, s => byState.GetValueOrDefault(s)),
            [.. items.Select(r => Card(r, now))]);
    }

    /// <summary>One referral with its history and notes; null when it does not exist or the user may not see it (both 404).</summary>
    public async Task<ReferralDetail?> ReadAsync(Guid id, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var detail = await DetailOfAsync(id, user, cancellationToken);
        await audit.RecordAsync(AuditAction.Read, AuditEntity, id.ToString(), detail is null ? AuditOutcome.Denied : AuditOutcome.Allowed, cancellationToken);
        return detail;
    }

    internal async Task<ReferralDetail?> DetailOfAsync(Guid id, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var referral = await db.Referrals.AsNoTracking().VisibleTo(user)
            .Include(r => r.Events).Include(r => r.Notes)
            .AsSplitQuery()
            .FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        // The query already applied the territory; the resource check is the same rule, stated once more
        // where the decision is taken (a future query change cannot silently widen reads by id).
        if (referral is null || !await AllowedAsync(user, referral, ReferralRequirement.Read))
        {
            return null;
        }

        var people = referral.Events.Select(e => e.UserId).OfType<Guid>().Concat(referral.Notes.Select(n => n.AuthorId)).Distinct().ToList();
        // The line's counsellors stay anonymous to the services that receive the referral (they act for the
        // line); supervisors, the national team, see who.
        var supervisor = user.IsInRole(Identity.Roles.Supervisor);
        var names = await db.Users.Where(u => people.Contains(u.Id))
            .Select(u => new
            {
                u.Id,
                u.DisplayName,
                Counsellor = db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Identity.Roles.Counsellor)),
            })
            .ToDictionaryAsync(u => u.Id, u => u.Counsellor && !supervisor ? NationalLineName : u.DisplayName, cancellationToken);
        var situation = SituationOf(referral);
        var permissions = ReferralScope.Permissions(user, referral);
        return new ReferralDetail(
            Card(referral, time.GetUtcNow()),
            referral.ReasonCode,
            referral.RoutingReason,
            Purpose(referral),
            LegalBasis(referral),
            situation is not null,
            situation,
            [.. referral.Events.OrderBy(e => e.At).ThenBy(e => e.Id).Select(e => new ReferralHistoryEntry(
                e.At, e.From, e.To, e.UserId is { } by ? names.GetValueOrDefault(by) : null,
                e.ProtectedReason is null ? null : Protector.Unprotect(e.ProtectedReason), e.RelatedReferralId))],
            [.. referral.Notes.OrderBy(n => n.At).Select(n => new ReferralNoteView(
                n.Id, n.At, names.GetValueOrDefault(n.AuthorId) ?? "?", Protector.Unprotect(n.ProtectedText)))],
            [.. Allowed(referral.State, permissions)],
            referral.Shared,
            referral.SnapshotAt,
            referral.ProtectedClosingNote is null ? null : Protector.Unprotect(referral.ProtectedClosingNote),
            referral.MovedToDepartementCode);
    }

    /// <summary>
    /// The family's account as the referral carries it. Everyone who reads the referral (recipient, overseeing
    /// coordinator, supervisor) sees what was sent, as it was sent; the sender's preview reads it the same way.
    /// </summary>
    internal ReferralSituation? SituationOf(Referral referral) =>
        MinimumData.CarriesAccount(referral.Shared) && snapshots.Read(referral) is { } snapshot
            ? new ReferralSituation(snapshot.CallerRelation, snapshot.Age, snapshot.AgeBand, snapshot.Minor,
                snapshot.WarningSigns, snapshot.TaxonomyVersion, snapshot.Summary)
            : null;

    private static IEnumerable<ReferralAction> Allowed(ReferralState state, IReadOnlySet<ReferralAction> permissions)
    {
        foreach (var action in Enum.GetValues<ReferralAction>())
        {
            var legal = action == ReferralAction.AddNote || ReferralStateMachine.CanMove(state, TargetOf(action));
            if (legal && permissions.Contains(action))
            {
                yield return action;
            }
        }
    }

    internal static ReferralState TargetOf(ReferralAction action) => action switch
    {
        ReferralAction.Acknowledge => ReferralState.Acknowledged,
        ReferralAction.StartFollowUp => ReferralState.InFollowUp,
        ReferralAction.Close => ReferralState.Closed,
        ReferralAction.Redirect => ReferralState.Redirected,
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Not a transition."),
    };

    public ReferralCard Card(Referral referral, DateTimeOffset now)
    {
        var commune = geography.FindCommune(referral.CommuneCode);
        var departement = geography.FindDepartement(referral.DepartementCode);
        return new ReferralCard(
            referral.Id,
            referral.Reference,
            referral.SenderName,
            referral.CallId,
            referral.State,
            referral.ServiceId,
            referral.ServiceName,
            referral.ServiceKind,
            referral.DepartementCode,
            departement?.Name,
            referral.CommuneCode,
            commune?.Name,
            referral.AgeBand,
            referral.Urgency,
            referral.Urgent,
            referral.SentAt,
            referral.AcknowledgeBy,
            IsOverdue(referral, now),
            referral.PreviousReferralId,
            referral.RedirectedToId,
            referral.Version,
            referral.ClosingReason,
            referral.DutyContact);
    }

    public static bool IsOverdue(Referral referral, DateTimeOffset now) => referral.State == ReferralState.Sent && referral.AcknowledgeBy <= now;

    internal ReferralReceipt Receipt(Referral referral) => new(
        Card(referral, time.GetUtcNow()), referral.ReasonCode, referral.RoutingReason, Purpose(referral), LegalBasis(referral));

    internal static TransferChoiceView? Purpose(Referral referral) =>
        referral.PurposeCode is null ? null : new TransferChoiceView(referral.PurposeCode, referral.PurposeLabel ?? referral.PurposeCode);

    internal static TransferChoiceView? LegalBasis(Referral referral) =>
        referral.LegalBasisCode is null ? null : new TransferChoiceView(referral.LegalBasisCode, referral.LegalBasisLabel ?? referral.LegalBasisCode);

    internal async Task<bool> AllowedAsync(ClaimsPrincipal user, Referral referral, ReferralRequirement requirement) =>
        (await authorization.AuthorizeAsync(user, referral, requirement)).Succeeded;

    /// <summary>Tells the live console: the card, and who may see it (the same rule as <see cref="ReferralScope.VisibleTo"/>).</summary>
    internal Task PublishAsync(Referral referral, bool created) =>
        notifier.ReferralChangedAsync(Card(referral, time.GetUtcNow()), ReferralScope.AudienceOf(referral), created);

    internal static Guid UserId(ClaimsPrincipal user) => Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!);
}
