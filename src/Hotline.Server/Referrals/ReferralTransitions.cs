using System.Security.Claims;
using Hotline.Server.Audit;
using Hotline.Server.Data;
using Hotline.Server.Geography;
using Hotline.Server.Hosting;
using Hotline.Server.ServiceDirectory;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hotline.Server.Referrals;

/// <summary>
/// A referral's life after it is sent: acknowledge, follow up, close, redirect to another service (a follow-on
/// referral), add a note. The state machine and the reader's rights decide; a row lock settles races.
/// </summary>
public sealed partial class ReferralTransitions(
    HotlineDbContext db,
    TimeProvider time,
    IOptions<ReferralOptions> options,
    IReferralDirectory directory,
    GeographyCatalog geography,
    IDataProtectionProvider dataProtection,
    ReferralReader reader,
    ReferralSender sender,
    ReferralSnapshots snapshots,
    ReferralReferences references,
    AuditLog audit)
{
    private IDataProtector Protector => dataProtection.CreateProtector(ReferralReader.NotePurpose);

    /// <summary>Acknowledge, start the follow-up, or close: the state machine and the reader's rights decide.</summary>
    public Task<ServiceResult<ReferralDetail>> MoveAsync(Guid id, ReferralAction action, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        ChangeAsync(id, action, user, redirect: null, close: null, cancellationToken);

    /// <summary>Closes the referral with its reason (required; "other" with a text; "moved" with the new département if known).</summary>
    public Task<ServiceResult<ReferralDetail>> CloseAsync(Guid id, CloseRequest request, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        ChangeAsync(id, ReferralAction.Close, user, redirect: null, request, cancellationToken);

    /// <summary>
    /// The referral this user may take that action on: outside their territory it does not exist (404),
    /// inside it they may still lack the right (403); either refusal is audited as denied.
    /// </summary>
    private async Task<ServiceResult<Referral>> FindForAsync(
        Guid id, ClaimsPrincipal user, ReferralAction action, AuditAction auditAction, string forbidden, CancellationToken cancellationToken)
    {
        var referral = await db.Referrals.AsNoTracking().VisibleTo(user).FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        var problem = referral is null
            ? new ServiceProblem(ProblemKind.NotFound, "Cette orientation n’existe pas.")
            : !await reader.AllowedAsync(user, referral, ReferralRequirement.To(action))
                ? new ServiceProblem(ProblemKind.Forbidden, forbidden)
                : null;
        if (problem is not null)
        {
            await audit.RecordAsync(auditAction, ReferralReader.AuditEntity, id.ToString(), AuditOutcome.Denied, cancellationToken);
            return problem;
        }

        return ServiceResult.Ok(referral!);
    }

    /// <summary>Passes the referral on to another service, with a reason; the follow-on referral starts as Sent.</summary>
    public Task<ServiceResult<ReferralDetail>> RedirectAsync(Guid id, RedirectRequest request, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        ChangeAsync(id, ReferralAction.Redirect, user, request, close: null, cancellationToken);

    private async Task<ServiceResult<ReferralDetail>> ChangeAsync(
        Guid id, ReferralAction action, ClaimsPrincipal user, RedirectRequest? redirect, CloseRequest? close, CancellationToken cancellationToken)
    {
        var target = ReferralReader.TargetOf(action);
        var found = await FindForAsync(id, user, action, AuditAction.Update,
            "Seul le service destinataire (ou un superviseur) peut faire cette action.", cancellationToken);
        if (found.Value is not { } seen)
        {
            return found.Problem!;
        }

        // Validated before anything is locked; the target service is checked again below, against the state.
        DirectoryEntry? targetService = null;
        ReferralSender.Basis? basis = null;
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
            else if (targetService.Kind == ServiceKind.CommuneCell && !ProtocolTerms.AllowsForwarding(targetService.Protocol, DirectoryRouter.Today(time)))
            {
                errors["serviceId"] = [$"Pour {Routing.WithArticle(targetService.Name)}, aucune charte en vigueur (préfet, maire, procureur) : elle ne reçoit rien, ni directement ni par réorientation."];
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
                basis = sender.TransferBasis(targetService.Kind, redirect.Purpose, redirect.LegalBasis);
                foreach (var (key, messages) in basis.Errors ?? [])
                {
                    errors[key] = messages;
                }
            }

            if (errors.Count > 0)
            {
                return new ServiceProblem(ProblemKind.Invalid, "L’orientation n’a pas été transmise à un autre service.", errors);
            }
        }

        string? closingNote = null;
        string? movedTo = null;
        if (action == ReferralAction.Close)
        {
            var errors = ReferralClosing.Errors(close, options.Value.MaxNoteLength, geography, out closingNote, out movedTo);
            if (errors.Count > 0)
            {
                return new ServiceProblem(ProblemKind.Invalid, "L’orientation n’a pas été clôturée.", errors);
            }
        }

        var now = time.GetUtcNow();
        var userId = ReferralReader.UserId(user);
        Referral? followOn = null;
        Referral referral;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            // The row lock makes two clicks (or two people) take turns: the second sees the new state and gets 409.
            referral = (await db.Referrals.FromSql($"SELECT * FROM referrals WHERE id = {id} FOR UPDATE").ToListAsync(cancellationToken)).Single();
            if (!ReferralStateMachine.CanMove(referral.State, target))
            {
                return new ServiceProblem(ProblemKind.Conflict, $"Une orientation « {StateLabel(referral.State)} » ne peut pas passer à l’état « {StateLabel(target)} ».", Extensions: StateOf(referral.State));
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
                    referral.ClosingReason = close!.Reason;
                    referral.ProtectedClosingNote = closingNote is null ? null : Protector.Protect(closingNote);
                    referral.MovedToDepartementCode = movedTo;
                    break;
            }

            var protectedReason = reason is null ? null : Protector.Protect(reason);
            if (target == ReferralState.Redirected)
            {
                followOn = FollowOn(referral, targetService!, basis!, userId, now, protectedReason!);
                followOn.Reference = await references.NextAsync(now, cancellationToken);
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

        await audit.RecordAsync(AuditAction.Update, ReferralReader.AuditEntity, id.ToString(), cancellationToken: cancellationToken);
        await reader.PublishAsync(referral, created: false);
        if (followOn is not null)
        {
            await audit.RecordAsync(AuditAction.Create, ReferralReader.AuditEntity, followOn.Id.ToString(), cancellationToken: cancellationToken);
            await reader.PublishAsync(followOn, created: true);
        }

        // The reader may no longer see the result (a coordinator who redirected to another département still sees the original).
        return ServiceResult.Ok((await reader.DetailOfAsync(id, user, cancellationToken))!);
    }

    /// <summary>
    /// The services the reader may redirect the referral to, and the transfer lists: asked by the inbox, whose
    /// readers are not all directory readers (commune cells), so only what a redirection needs is given.
    /// </summary>
    public async Task<ServiceResult<RedirectChoices>> RedirectChoicesAsync(Guid id, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var found = await FindForAsync(id, user, ReferralAction.Redirect, AuditAction.Read,
            "Seuls le service destinataire, sa coordination départementale ou un superviseur peuvent la réorienter.", cancellationToken);
        if (found.Value is not { } referral)
        {
            return found.Problem!;
        }

        if (!ReferralStateMachine.CanMove(referral.State, ReferralState.Redirected))
        {
            return new ServiceProblem(ProblemKind.Conflict, $"Une orientation « {StateLabel(referral.State)} » ne peut plus être réorientée.", Extensions: StateOf(referral.State));
        }

        var snapshot = await directory.SnapshotAsync(cancellationToken);
        var services = snapshot.Entries
            // A commune cell without a charter in force receives nothing, not even forwarded: not offered.
            .Where(e => e.IsActive && e.Id != referral.ServiceId
                && (e.Kind != ServiceKind.CommuneCell || ProtocolTerms.AllowsForwarding(e.Protocol, DirectoryRouter.Today(time))))
            .Select(Target)
            // The referral's own département first (the usual redirection), then the national team, then the others by code.
            .OrderBy(t => string.Equals(t.DepartementCode, referral.DepartementCode, StringComparison.OrdinalIgnoreCase) ? 0 : t.DepartementCode is null ? 1 : 2)
            .ThenBy(t => t.DepartementCode, StringComparer.Ordinal)
            .ThenBy(t => t.Kind)
            .ThenBy(t => t.Name, StringComparer.Ordinal)
            .ToList();
        var transfers = services.Select(s => s.Kind).Distinct().Order()
            .Select(kind => (Kind: kind, Choices: directory.TransfersTo(kind)))
            .Select(k => new KindTransferView(k.Kind, k.Choices.Purposes, k.Choices.LegalBases))
            .ToList();
        return ServiceResult.Ok(new RedirectChoices(services, transfers));
    }

    private RedirectTarget Target(DirectoryEntry service)
    {
        var communes = service.Communes.Select(geography.FindCommune).OfType<Commune>().ToList();
        var departement = service.Kind == ServiceKind.CommuneCell && communes.Count > 0 ? communes[0].DepartementCode : service.Departements.Count > 0 ? service.Departements[0] : null;
        return new RedirectTarget(service.Id, service.Name, service.Kind, departement, geography.FindDepartement(departement)?.Name, [.. communes.Select(c => c.Name)]);
    }

    /// <summary>The referral that carries a redirected one on: same call and triage, the new service's territory, a fresh deadline.</summary>
    private Referral FollowOn(Referral previous, DirectoryEntry service, ReferralSender.Basis basis, Guid userId, DateTimeOffset now, string protectedReason)
    {
        string? departement;
        string? commune;
        string? cellCommune = null;
        if (service.Kind == ServiceKind.CommuneCell)
        {
            cellCommune = sender.CellCode(service, previous.CommuneCode);
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
            // Its recipient hears from the service that passed it on, not from the line.
            SenderName = previous.ServiceName,
            ServiceId = service.Id,
            ServiceName = service.Name,
            ServiceKind = service.Kind,
            DepartementCode = departement,
            CommuneCode = commune,
            CellCommuneCode = cellCommune,
            CogYear = geography.CogYear,
            ReasonCode = null,
            // A cell receives forwarded information only under its charter: the redirection names it.
            RoutingReason = ReferralSender.Clip(
                $"réorientation depuis {previous.ServiceName} → {service.Name}"
                + (service.Kind == ServiceKind.CommuneCell && service.Protocol is { } charter ? $" ({ProtocolTerms.Describe(Routing.WithArticle(service.Name), charter)})" : ""),
                1000),
            PurposeCode = basis.Purpose?.Code,
            PurposeLabel = basis.Purpose?.Label,
            LegalBasisCode = basis.LegalBasis?.Code,
            LegalBasisLabel = basis.LegalBasis?.Label,
            Urgency = previous.Urgency,
            Urgent = previous.Urgent,
            SentAt = now,
            SentBy = userId,
        };
        followOn.SetDeadline(AcknowledgementDeadline.Compute(now, service.Kind, previous.Urgent, options.Value));
        followOn.Events.Add(new ReferralEvent
        {
            At = now, From = null, To = ReferralState.Sent, UserId = userId, ProtectedReason = protectedReason, RelatedReferralId = previous.Id,
        });
        // The original snapshot and its restrictions go on: a redirection never widens what is visible.
        snapshots.CarryOn(previous, followOn);
        return followOn;
    }

    public async Task<ServiceResult<ReferralDetail>> AddNoteAsync(Guid id, NoteRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
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

        db.ReferralNotes.Add(new ReferralNote { ReferralId = id, At = time.GetUtcNow(), AuthorId = ReferralReader.UserId(user), ProtectedText = Protector.Protect(text) });
        await db.Referrals.Where(r => r.Id == id).ExecuteUpdateAsync(set => set.SetProperty(r => r.Version, r => r.Version + 1), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await audit.RecordAsync(AuditAction.Update, ReferralReader.AuditEntity, id.ToString(), cancellationToken: cancellationToken);
        var changed = await db.Referrals.AsNoTracking().FirstAsync(r => r.Id == id, cancellationToken);
        await reader.PublishAsync(changed, created: false);
        return ServiceResult.Ok((await reader.DetailOfAsync(id, user, cancellationToken))!);
    }

    /// <summary>A state as the console names it (French, the product's language).</summary>
    private static string StateLabel(ReferralState state) => state switch
    {
        ReferralState.Sent => "envoyée",
        ReferralState.Acknowledged => "prise en compte",
        ReferralState.InFollowUp => "en suivi",
        ReferralState.Closed => "clôturée",
        ReferralState.Redirected => "réorientée",
        ReferralState.Recalled => "rappelée",
        _ => state.ToString(),
    };


    private static Dictionary<string, object?> StateOf(ReferralState state) => new() { ["state"] = state.ToString() };

    private static ServiceProblem Invalid(string field, string message) =>
        ServiceProblem.Invalid("La demande n’est pas valide.", field, message);
}
