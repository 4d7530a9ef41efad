// Long file: split into send, transitions and reads in the commit that follows (kept whole here to keep this commit small).
using System.Security.Claims;
using Hotline.Server.Audit;
using Hotline.Server.LiveConsole;
using Hotline.Server.Data;
using Hotline.Server.ServiceDirectory;
using Hotline.Server.ServiceDirectory.Geography;
using Hotline.Server.Calls;
using Hotline.Server.Triage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Hotline.Server.Referrals;

public enum ReferralProblemKind
{
    NotFound,
    Forbidden,
    Conflict,
    Invalid,
}

/// <summary>Why a request about a referral was not carried out.</summary>
public sealed record ReferralProblem(ReferralProblemKind Kind, string Title, IDictionary<string, string[]>? Errors = null, ReferralState? State = null);

/// <summary>A value, or the problem that prevented it.</summary>
public sealed record ReferralResult<T>(T? Value, ReferralProblem? Problem, bool Created = false)
    where T : class
{
    public static implicit operator ReferralResult<T>(ReferralProblem problem) => new(null, problem);
}

public static class ReferralResult
{
    public static ReferralResult<T> Ok<T>(T value, bool created = false)
        where T : class => new(value, null, created);
}

public sealed record ReferralFilter(IReadOnlyList<ReferralState>? States, string? Urgency, bool? Overdue, int? Limit);

/// <summary>
/// Sends referrals from triages, lists and reads them within the reader's territory (<see cref="ReferralScope"/>),
/// moves them through their states, keeps their notes encrypted, escalates the overdue ones, and tells the
/// right hub groups of every change.
/// </summary>
public sealed class ReferralService(
    HotlineDbContext db,
    TimeProvider time,
    IOptions<ReferralOptions> options,
    IOptionsMonitor<TriageOptions> triageOptions,
    IReferralDirectory directory,
    GeographyCatalog geography,
    IDataProtectionProvider dataProtection,
    TriageService triages,
    ConsolePublisher publisher,
    AuditLog audit,
    IAuthorizationService authorization,
    ILogger<ReferralService> logger)
{
    /// <summary>Data Protection purpose of notes and redirection reasons (changing it makes them unreadable).</summary>
    public const string NotePurpose = "Hotline.Referrals.Note.v1";

    internal const string AuditEntity = nameof(Referral);

    /// <summary>How a counsellor appears in a referral's history to the receiving services.</summary>
    public const string NationalLineName = "Ligne nationale d’écoute";

    private IDataProtector Protector => dataProtection.CreateProtector(NotePurpose);

    // ---- Routing and sending ---------------------------------------------------------------------

    /// <summary>The routing decision for a call's triage, with its reason: what the counsellor sees before sending.</summary>
    public async Task<ReferralResult<RoutingView>> RoutingAsync(Call call, CancellationToken cancellationToken)
    {
        var triage = await db.Triages.AsNoTracking().FirstOrDefaultAsync(t => t.CallId == call.Id, cancellationToken);
        if (triage is null)
        {
            return new ReferralProblem(ReferralProblemKind.Conflict, "Enregistrez d’abord la fiche de triage : l’orientation dépend de son issue et de la commune de la personne concernée.");
        }

        var decision = Routing.Decide(RequestFor(call, triage), await directory.SnapshotAsync(cancellationToken), geography);
        var existing = await ExistingAsync(triage.Id, cancellationToken);
        return ReferralResult.Ok(new RoutingView(
            decision,
            CanSend: decision.Outcome != RoutingOutcome.NoReferral && decision.Service is not null,
            RequiresTransferBasis: decision.Service?.Kind == ServiceKind.CommuneCell,
            directory.Purposes,
            directory.LegalBases,
            existing));
    }

    /// <summary>
    /// Sends the call's triage to the service routing decides now — which must be the one the counsellor
    /// was shown. Sending twice (a double click, a retry) returns the referral already sent.
    /// </summary>
    public async Task<ReferralResult<ReferralReceipt>> SendAsync(
        Call call, SendReferralRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var triage = await db.Triages.AsNoTracking().FirstOrDefaultAsync(t => t.CallId == call.Id, cancellationToken);
        if (triage is null)
        {
            return new ReferralProblem(ReferralProblemKind.Conflict, "Enregistrez d’abord la fiche de triage : l’orientation dépend de son issue et de la commune de la personne concernée.");
        }

        if (await ExistingAsync(triage.Id, cancellationToken) is { } existing)
        {
            return ReferralResult.Ok(existing);
        }

        if (triage.Outcome is not (TriageOutcome.ReferToDepartementalCell or TriageOutcome.ReferToCommuneCell))
        {
            return new ReferralProblem(ReferralProblemKind.Conflict, "L’issue du triage n’oriente pas la famille vers une cellule : choisissez une issue d’orientation pour envoyer.");
        }

        if (request.ServiceId is null)
        {
            return Invalid("serviceId", "Envoyez au service proposé par l’orientation affichée ; rechargez-la si elle a changé.");
        }

        var snapshot = await directory.SnapshotAsync(cancellationToken);
        var decision = Routing.Decide(RequestFor(call, triage), snapshot, geography);
        if (decision.Service is not { } service || decision.Outcome == RoutingOutcome.NoReferral)
        {
            return new ReferralProblem(ReferralProblemKind.Conflict, "L’orientation n’a trouvé aucun service destinataire : " + decision.Reason);
        }

        if (service.Id != request.ServiceId)
        {
            // The directory or the triage changed since the decision was shown: never send somewhere unseen.
            return new ReferralProblem(ReferralProblemKind.Conflict, "L’orientation a changé depuis son affichage : vérifiez-la avant d’envoyer.");
        }

        var basis = TransferBasis(service.Kind, request.Purpose, request.LegalBasis, triage.CommuneCellConsent);
        if (basis.Errors is not null)
        {
            return new ReferralProblem(ReferralProblemKind.Invalid, "L’orientation n’a pas été envoyée.", basis.Errors);
        }

        var now = time.GetUtcNow();
        var level = triageOptions.CurrentValue.Taxonomy.Level(triage.Urgency);
        var entry = snapshot.Entries.First(e => e.Id == service.Id);
        var referral = new Referral
        {
            CallId = call.Id,
            TriageId = triage.Id,
            ServiceId = service.Id,
            ServiceName = service.Name,
            ServiceKind = service.Kind,
            DepartementCode = decision.DepartementCode,
            CommuneCode = decision.CommuneCode,
            CellCommuneCode = service.Kind == ServiceKind.CommuneCell ? CellCode(entry, decision.CommuneCode) : null,
            CogYear = decision.CogYear,
            ReasonCode = decision.ReasonCode,
            RoutingReason = Clip(decision.Reason, 1000),
            PurposeCode = basis.Purpose?.Code,
            PurposeLabel = basis.Purpose?.Label,
            LegalBasisCode = basis.LegalBasis?.Code,
            LegalBasisLabel = basis.LegalBasis?.Label,
            Urgency = triage.Urgency,
            Urgent = level?.Urgent == true,
            SentAt = now,
            SentBy = UserId(user),
            AcknowledgeBy = AcknowledgementDeadline.Compute(now, level?.Urgent == true, options.Value),
        };
        referral.Events.Add(new ReferralEvent { At = now, From = null, To = ReferralState.Sent, UserId = referral.SentBy });
        db.Referrals.Add(referral);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Another request sent this triage at the same moment: that one stands.
            db.ChangeTracker.Clear();
            return ReferralResult.Ok((await ExistingAsync(triage.Id, cancellationToken))!);
        }

        logger.LogInformation("Referral {ReferralId} sent to service {ServiceId} ({Kind}, département {Departement})",
            referral.Id, referral.ServiceId, referral.ServiceKind, referral.DepartementCode);
        await audit.RecordAsync(AuditAction.Create, AuditEntity, referral.Id.ToString(), cancellationToken: cancellationToken);
        await PublishAsync(referral, created: true);
        return ReferralResult.Ok(Receipt(referral), created: true);
    }

    /// <summary>The referral sent from this triage (not its follow-ons), if any.</summary>
    private async Task<ReferralReceipt?> ExistingAsync(Guid triageId, CancellationToken cancellationToken)
    {
        var referral = await db.Referrals.AsNoTracking().FirstOrDefaultAsync(r => r.TriageId == triageId && r.PreviousReferralId == null, cancellationToken);
        return referral is null ? null : Receipt(referral);
    }

    private ReferralReceipt Receipt(Referral referral) => new(
        Card(referral, time.GetUtcNow()), referral.ReasonCode, referral.RoutingReason, Purpose(referral), LegalBasis(referral));

    private static TransferChoiceView? Purpose(Referral referral) =>
        referral.PurposeCode is null ? null : new TransferChoiceView(referral.PurposeCode, referral.PurposeLabel ?? referral.PurposeCode);

    private static TransferChoiceView? LegalBasis(Referral referral) =>
        referral.LegalBasisCode is null ? null : new TransferChoiceView(referral.LegalBasisCode, referral.LegalBasisLabel ?? referral.LegalBasisCode);

    private static RoutingRequest RequestFor(Call call, CallTriage triage) => new(
        triage.Outcome switch
        {
            TriageOutcome.ReferToCommuneCell => RoutingIntent.ReferToCommuneCell,
            TriageOutcome.ReferToDepartementalCell => RoutingIntent.ReferToDepartementalCell,
            // Information, advice, no follow-up; immediate danger went to 17/112.
            _ => RoutingIntent.NoReferral,
        },
        triage.ConcernedCommuneCode,
        triage.ConcernedDepartementCode,
        call.PostalCode);

    /// <summary>The code of the cell's area that covers the commune: the commune itself, or its city (arrondissements).</summary>
    private string? CellCode(DirectoryEntry cell, string? communeCode)
    {
        var parent = geography.FindCommune(communeCode)?.ParentCode;
        return cell.Communes.FirstOrDefault(c => string.Equals(c, communeCode, StringComparison.OrdinalIgnoreCase))
            ?? cell.Communes.FirstOrDefault(c => string.Equals(c, parent, StringComparison.OrdinalIgnoreCase))
            ?? (cell.Communes.Count > 0 ? cell.Communes[0] : null);
    }

    private sealed record Basis(TransferChoiceView? Purpose, TransferChoiceView? LegalBasis, Dictionary<string, string[]>? Errors);

    /// <summary>
    /// A commune cell needs a purpose and a legal basis from the configured lists (elsewhere they are
    /// optional); the legal basis "the family's consent" needs that consent recorded in the triage.
    /// </summary>
    private Basis TransferBasis(ServiceKind kind, string? purposeCode, string? legalBasisCode, bool consent)
    {
        var errors = new Dictionary<string, string[]>();
        var purpose = directory.Purposes.FirstOrDefault(p => p.Code == purposeCode);
        var legalBasis = directory.LegalBases.FirstOrDefault(b => b.Code == legalBasisCode);
        var required = kind == ServiceKind.CommuneCell;
        if (purpose is null && (required || !string.IsNullOrEmpty(purposeCode)))
        {
            errors["purpose"] = ["Une cellule communale associe des services de renseignement : choisissez la finalité de la transmission parmi celles proposées."];
        }

        if (legalBasis is null && (required || !string.IsNullOrEmpty(legalBasisCode)))
        {
            errors["legalBasis"] = ["Choisissez la base légale de la transmission parmi celles proposées."];
        }
        else if (legalBasis is not null && !consent && legalBasis.Code == options.Value.ConsentLegalBasis)
        {
            errors["legalBasis"] = ["Cette base légale est le consentement de la famille, que la fiche de triage n’enregistre pas : cochez-le dans le triage s’il a été recueilli, ou choisissez une autre base."];
        }

        return new Basis(purpose, legalBasis, errors.Count == 0 ? null : errors);
    }

    // ---- Reading -------------------------------------------------------------------------------------

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

        var items = await query
            .OrderByDescending(r => r.State == ReferralState.Sent && r.AcknowledgeBy <= now)
            .ThenBy(r => r.State == ReferralState.Sent ? 0 : r.State == ReferralState.Acknowledged || r.State == ReferralState.InFollowUp ? 1 : 2)
            .ThenByDescending(r => r.Urgent)
            .ThenBy(r => r.AcknowledgeBy)
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

    private async Task<ReferralDetail?> DetailOfAsync(Guid id, ClaimsPrincipal user, CancellationToken cancellationToken)
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

        var triage = await db.Triages.AsNoTracking().FirstAsync(t => t.Id == referral.TriageId, cancellationToken);
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
        var shared = ReferralScope.SharesDetails(user, referral, triage.CommuneCellConsent);
        var permissions = ReferralScope.Permissions(user, referral);
        return new ReferralDetail(
            Card(referral, time.GetUtcNow()),
            referral.ReasonCode,
            referral.RoutingReason,
            Purpose(referral),
            LegalBasis(referral),
            shared,
            shared
                ? new ReferralSituation(triage.CallerRelation, triage.ConcernedAge, triage.ConcernedAgeBand, triage.ConcernedMinor,
                    triage.WarningSigns, triage.TaxonomyVersion, triages.Summary(triage))
                : null,
            [.. referral.Events.OrderBy(e => e.At).ThenBy(e => e.Id).Select(e => new ReferralHistoryEntry(
                e.At, e.From, e.To, e.UserId is { } by ? names.GetValueOrDefault(by) : null,
                e.ProtectedReason is null ? null : Protector.Unprotect(e.ProtectedReason), e.RelatedReferralId))],
            [.. referral.Notes.OrderBy(n => n.At).Select(n => new ReferralNoteView(
                n.Id, n.At, names.GetValueOrDefault(n.AuthorId) ?? "?", Protector.Unprotect(n.ProtectedText)))],
            [.. Allowed(referral.State, permissions)]);
    }

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

    private static ReferralState TargetOf(ReferralAction action) => action switch
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
            referral.CallId,
            referral.State,
            referral.ServiceId,
            referral.ServiceName,
            referral.ServiceKind,
            referral.DepartementCode,
            departement?.Name,
            referral.CommuneCode,
            commune?.Name,
            referral.Urgency,
            referral.Urgent,
            referral.SentAt,
            referral.AcknowledgeBy,
            IsOverdue(referral, now),
            referral.PreviousReferralId,
            referral.RedirectedToId,
            referral.Version);
    }

    public static bool IsOverdue(Referral referral, DateTimeOffset now) => referral.State == ReferralState.Sent && referral.AcknowledgeBy <= now;

    // ---- Changes -------------------------------------------------------------------------------------

    /// <summary>Acknowledge, start the follow-up, or close: the state machine and the reader's rights decide.</summary>
    public Task<ReferralResult<ReferralDetail>> MoveAsync(Guid id, ReferralAction action, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        ChangeAsync(id, action, user, redirect: null, cancellationToken);

    private async Task<bool> AllowedAsync(ClaimsPrincipal user, Referral referral, ReferralRequirement requirement) =>
        (await authorization.AuthorizeAsync(user, referral, requirement)).Succeeded;

    /// <summary>
    /// The referral this user may take that action on: outside their territory it does not exist (404),
    /// inside it they may still lack the right (403); either refusal is audited as denied.
    /// </summary>
    private async Task<ReferralResult<Referral>> FindForAsync(
        Guid id, ClaimsPrincipal user, ReferralAction action, AuditAction auditAction, string forbidden, CancellationToken cancellationToken)
    {
        var referral = await db.Referrals.AsNoTracking().VisibleTo(user).FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        var problem = referral is null
            ? new ReferralProblem(ReferralProblemKind.NotFound, "Cette orientation n’existe pas.")
            : !await AllowedAsync(user, referral, ReferralRequirement.To(action))
                ? new ReferralProblem(ReferralProblemKind.Forbidden, forbidden)
                : null;
        if (problem is not null)
        {
            await audit.RecordAsync(auditAction, AuditEntity, id.ToString(), AuditOutcome.Denied, cancellationToken);
            return problem;
        }

        return ReferralResult.Ok(referral!);
    }

    /// <summary>Passes the referral on to another service, with a reason; the follow-on referral starts as Sent.</summary>
    public Task<ReferralResult<ReferralDetail>> RedirectAsync(Guid id, RedirectRequest request, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        ChangeAsync(id, ReferralAction.Redirect, user, request, cancellationToken);

    private async Task<ReferralResult<ReferralDetail>> ChangeAsync(
        Guid id, ReferralAction action, ClaimsPrincipal user, RedirectRequest? redirect, CancellationToken cancellationToken)
    {
        var target = TargetOf(action);
        var found = await FindForAsync(id, user, action, AuditAction.Update,
            "Seul le service destinataire (ou un superviseur) peut faire cette action.", cancellationToken);
        if (found.Value is not { } seen)
        {
            return found.Problem!;
        }

        // Validated before anything is locked; the target service is checked again below, against the state.
        DirectoryEntry? targetService = null;
        Basis? basis = null;
        string? reason = null;
        if (redirect is not null)
        {
            var snapshot = await directory.SnapshotAsync(cancellationToken);
            var errors = new Dictionary<string, string[]>();
            targetService = snapshot.Entries.FirstOrDefault(e => e.Id == redirect.ServiceId);
            if (targetService is not { IsActive: true })
            {
                errors["serviceId"] = ["Choisissez un service actif de l’annuaire."];
            }
            else if (targetService.Id == seen.ServiceId)
            {
                errors["serviceId"] = ["L’orientation est déjà auprès de ce service : choisissez-en un autre."];
            }

            reason = redirect.Reason?.Trim();
            if (string.IsNullOrEmpty(reason))
            {
                errors["reason"] = ["Indiquez pourquoi l’orientation part vers un autre service."];
            }
            else if (reason.Length > options.Value.MaxNoteLength)
            {
                errors["reason"] = [$"Le motif est limité à {options.Value.MaxNoteLength} caractères."];
            }

            if (targetService is not null)
            {
                var consent = await db.Triages.Where(t => t.Id == seen.TriageId).Select(t => t.CommuneCellConsent).SingleAsync(cancellationToken);
                basis = TransferBasis(targetService.Kind, redirect.Purpose, redirect.LegalBasis, consent);
                foreach (var (key, messages) in basis.Errors ?? [])
                {
                    errors[key] = messages;
                }
            }

            if (errors.Count > 0)
            {
                return new ReferralProblem(ReferralProblemKind.Invalid, "L’orientation n’a pas été transmise à un autre service.", errors);
            }
        }

        var now = time.GetUtcNow();
        var userId = UserId(user);
        Referral? followOn = null;
        Referral referral;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            // The row lock makes two clicks (or two people) take turns: the second sees the new state and gets 409.
            referral = (await db.Referrals.FromSql($"SELECT * FROM referrals WHERE id = {id} FOR UPDATE").ToListAsync(cancellationToken)).Single();
            if (!ReferralStateMachine.CanMove(referral.State, target))
            {
                return new ReferralProblem(ReferralProblemKind.Conflict, $"Une orientation « {StateLabel(referral.State)} » ne peut pas passer à l’état « {StateLabel(target)} ».", State: referral.State);
            }

            var from = referral.State;
            referral.State = target;
            referral.Version++;
            switch (target)
            {
                case ReferralState.Acknowledged:
                    referral.AcknowledgedAt = now;
                    break;
                case ReferralState.Closed:
                    referral.ClosedAt = now;
                    break;
            }

            var protectedReason = reason is null ? null : Protector.Protect(reason);
            if (target == ReferralState.Redirected)
            {
                followOn = FollowOn(referral, targetService!, basis!, userId, now, protectedReason!);
                referral.RedirectedToId = followOn.Id;
                db.Referrals.Add(followOn);
            }

            db.ReferralEvents.Add(new ReferralEvent
            {
                ReferralId = referral.Id, At = now, From = from, To = target, UserId = userId,
                ProtectedReason = protectedReason, RelatedReferralId = followOn?.Id,
            });
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        await audit.RecordAsync(AuditAction.Update, AuditEntity, id.ToString(), cancellationToken: cancellationToken);
        await PublishAsync(referral, created: false);
        if (followOn is not null)
        {
            await audit.RecordAsync(AuditAction.Create, AuditEntity, followOn.Id.ToString(), cancellationToken: cancellationToken);
            await PublishAsync(followOn, created: true);
        }

        // The reader may no longer see the result (a coordinator who redirected to another département still sees the original).
        return ReferralResult.Ok((await DetailOfAsync(id, user, cancellationToken))!);
    }

    /// <summary>
    /// The services the reader may redirect the referral to, and the transfer lists: asked by the inbox, whose
    /// readers are not all directory readers (commune cells), so only what a redirection needs is given.
    /// </summary>
    public async Task<ReferralResult<RedirectChoices>> RedirectChoicesAsync(Guid id, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var found = await FindForAsync(id, user, ReferralAction.Redirect, AuditAction.Read,
            "Seuls le service destinataire, sa coordination départementale ou un superviseur peuvent la réorienter.", cancellationToken);
        if (found.Value is not { } referral)
        {
            return found.Problem!;
        }

        if (!ReferralStateMachine.CanMove(referral.State, ReferralState.Redirected))
        {
            return new ReferralProblem(ReferralProblemKind.Conflict, $"Une orientation « {StateLabel(referral.State)} » ne peut plus être réorientée.", State: referral.State);
        }

        var snapshot = await directory.SnapshotAsync(cancellationToken);
        var consent = await db.Triages.Where(t => t.Id == referral.TriageId).Select(t => t.CommuneCellConsent).SingleAsync(cancellationToken);
        var services = snapshot.Entries
            .Where(e => e.IsActive && e.Id != referral.ServiceId)
            .Select(Target)
            // The referral's own département first (the usual redirection), then the national team, then the others by code.
            .OrderBy(t => string.Equals(t.DepartementCode, referral.DepartementCode, StringComparison.OrdinalIgnoreCase) ? 0 : t.DepartementCode is null ? 1 : 2)
            .ThenBy(t => t.DepartementCode, StringComparer.Ordinal)
            .ThenBy(t => t.Kind)
            .ThenBy(t => t.Name, StringComparer.Ordinal)
            .ToList();
        var legalBases = consent ? directory.LegalBases : [.. directory.LegalBases.Where(b => b.Code != options.Value.ConsentLegalBasis)];
        return ReferralResult.Ok(new RedirectChoices(services, directory.Purposes, legalBases));
    }

    private RedirectTarget Target(DirectoryEntry service)
    {
        var communes = service.Communes.Select(geography.FindCommune).OfType<Commune>().ToList();
        var departement = service.Kind == ServiceKind.CommuneCell && communes.Count > 0 ? communes[0].DepartementCode : service.Departements.Count > 0 ? service.Departements[0] : null;
        return new RedirectTarget(service.Id, service.Name, service.Kind, departement, geography.FindDepartement(departement)?.Name, [.. communes.Select(c => c.Name)]);
    }

    /// <summary>The referral that carries a redirected one on: same call and triage, the new service's territory, a fresh deadline.</summary>
    private Referral FollowOn(Referral previous, DirectoryEntry service, Basis basis, Guid userId, DateTimeOffset now, string protectedReason)
    {
        string? departement;
        string? commune;
        string? cellCommune = null;
        if (service.Kind == ServiceKind.CommuneCell)
        {
            cellCommune = CellCode(service, previous.CommuneCode);
            var cellPlace = geography.FindCommune(cellCommune);
            var concerned = geography.FindCommune(previous.CommuneCode);
            var covered = concerned is not null && (concerned.Code == cellCommune || concerned.ParentCode == cellCommune);
            commune = covered ? concerned!.Code : cellCommune;
            departement = cellPlace?.DepartementCode ?? previous.DepartementCode;
        }
        else
        {
            departement = service.Departements.FirstOrDefault(d => string.Equals(d, previous.DepartementCode, StringComparison.OrdinalIgnoreCase))
                ?? (service.Departements.Count > 0 ? service.Departements[0] : null)
                ?? previous.DepartementCode;
            commune = geography.FindCommune(previous.CommuneCode)?.DepartementCode == departement ? previous.CommuneCode : null;
        }

        var followOn = new Referral
        {
            CallId = previous.CallId,
            TriageId = previous.TriageId,
            PreviousReferralId = previous.Id,
            ServiceId = service.Id,
            ServiceName = service.Name,
            ServiceKind = service.Kind,
            DepartementCode = departement,
            CommuneCode = commune,
            CellCommuneCode = cellCommune,
            CogYear = geography.CogYear,
            ReasonCode = null,
            RoutingReason = Clip($"réorientation depuis {previous.ServiceName} → {service.Name}", 1000),
            PurposeCode = basis.Purpose?.Code,
            PurposeLabel = basis.Purpose?.Label,
            LegalBasisCode = basis.LegalBasis?.Code,
            LegalBasisLabel = basis.LegalBasis?.Label,
            Urgency = previous.Urgency,
            Urgent = previous.Urgent,
            SentAt = now,
            SentBy = userId,
            AcknowledgeBy = AcknowledgementDeadline.Compute(now, previous.Urgent, options.Value),
        };
        followOn.Events.Add(new ReferralEvent
        {
            At = now, From = null, To = ReferralState.Sent, UserId = userId, ProtectedReason = protectedReason, RelatedReferralId = previous.Id,
        });
        return followOn;
    }

    public async Task<ReferralResult<ReferralDetail>> AddNoteAsync(Guid id, NoteRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var found = await FindForAsync(id, user, ReferralAction.AddNote, AuditAction.Update,
            "Vous ne pouvez pas ajouter de note à cette orientation.", cancellationToken);
        if (found.Value is not { } referral)
        {
            return found.Problem!;
        }

        var text = request.Text?.Trim();
        if (string.IsNullOrEmpty(text) || text.Length > options.Value.MaxNoteLength)
        {
            return Invalid("text", $"Une note compte de 1 à {options.Value.MaxNoteLength} caractères.");
        }

        db.ReferralNotes.Add(new ReferralNote { ReferralId = id, At = time.GetUtcNow(), AuthorId = UserId(user), ProtectedText = Protector.Protect(text) });
        await db.Referrals.Where(r => r.Id == id).ExecuteUpdateAsync(set => set.SetProperty(r => r.Version, r => r.Version + 1), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(AuditAction.Update, AuditEntity, id.ToString(), cancellationToken: cancellationToken);
        var changed = await db.Referrals.AsNoTracking().FirstAsync(r => r.Id == id, cancellationToken);
        await PublishAsync(changed, created: false);
        return ReferralResult.Ok((await DetailOfAsync(id, user, cancellationToken))!);
    }

    // ---- Escalation ----------------------------------------------------------------------------------

    /// <summary>
    /// Referrals still waiting for acknowledgement past their deadline: marked escalated (once, by a
    /// conditional update, so two instances never alert twice), supervisors alerted, the territory's
    /// inboxes updated. Returns how many were escalated.
    /// </summary>
    public async Task<int> EscalateOverdueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = await db.Referrals.AsNoTracking()
            .Where(r => r.State == ReferralState.Sent && r.EscalatedAt == null && r.AcknowledgeBy <= now)
            .OrderBy(r => r.AcknowledgeBy).Select(r => r.Id).Take(200)
            .ToListAsync(cancellationToken);
        var escalated = 0;
        foreach (var id in due)
        {
            var won = await db.Referrals
                .Where(r => r.Id == id && r.State == ReferralState.Sent && r.EscalatedAt == null)
                .ExecuteUpdateAsync(set => set.SetProperty(r => r.EscalatedAt, now).SetProperty(r => r.Version, r => r.Version + 1), cancellationToken);
            if (won == 0)
            {
                continue;
            }

            escalated++;
            var referral = await db.Referrals.AsNoTracking().FirstAsync(r => r.Id == id, cancellationToken);
            await publisher.SupervisorAlertAsync(new SupervisorAlert(
                SupervisorAlertKind.ReferralOverdue, referral.CallId, referral.Id, null, referral.DepartementCode, null, now));
            await PublishAsync(referral, created: false);
        }

        if (escalated > 0)
        {
            logger.LogWarning("{Count} referral(s) overdue for acknowledgement escalated to supervisors", escalated);
        }

        return escalated;
    }

    // ---- Helpers -------------------------------------------------------------------------------------

    private Task PublishAsync(Referral referral, bool created) =>
        publisher.ReferralAsync(ReferralScope.GroupsOf(referral), Card(referral, time.GetUtcNow()), created);

    private static ReferralProblem Invalid(string field, string message) =>
        new(ReferralProblemKind.Invalid, "La demande n’est pas valide.", new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>A state as the console names it (French, the product's language).</summary>
    private static string StateLabel(ReferralState state) => state switch
    {
        ReferralState.Sent => "envoyée",
        ReferralState.Acknowledged => "prise en compte",
        ReferralState.InFollowUp => "en suivi",
        ReferralState.Closed => "clôturée",
        ReferralState.Redirected => "réorientée",
        _ => state.ToString(),
    };

    private static string Clip(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    private static Guid UserId(ClaimsPrincipal user) => Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!);
}
