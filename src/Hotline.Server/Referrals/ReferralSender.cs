using System.Security.Claims;
using Hotline.Server.Audit;
using Hotline.Server.Calls;
using Hotline.Server.Data;
using Hotline.Server.Geography;
using Hotline.Server.Hosting;
using Hotline.Server.ServiceDirectory;
using Hotline.Server.Triage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Hotline.Server.Referrals;

/// <summary>
/// Routing and sending: the routing decision for a call's triage (what the counsellor sees), and the referral
/// sent to the service it names, once.
/// </summary>
public sealed class ReferralSender(
    HotlineDbContext db,
    TimeProvider time,
    IOptions<ReferralOptions> options,
    IOptionsMonitor<TriageOptions> triageOptions,
    IReferralDirectory directory,
    GeographyCatalog geography,
    ReferralReader reader,
    ReferralSnapshots snapshots,
    ReferralReferences references,
    TriageService triages,
    AuditLog audit,
    ILogger<ReferralSender> logger)
{
    /// <summary>The routing decision for a call's triage, with its reason: what the counsellor sees before sending.</summary>
    /// <param name="purpose">The purpose chosen so far, if any: a commune cell's charter may allow only some.</param>
    public async Task<ServiceResult<RoutingView>> RoutingAsync(Call call, string? purpose, CancellationToken cancellationToken)
    {
        var triage = await db.Triages.AsNoTracking().FirstOrDefaultAsync(t => t.CallId == call.Id, cancellationToken);
        if (triage is null)
        {
            return new ServiceProblem(ProblemKind.Conflict, "Enregistrez d’abord la fiche de triage : l’orientation dépend de son issue et de la commune de la personne concernée.");
        }

        var decision = Routing.Decide(RequestFor(call, triage, purpose), await directory.SnapshotAsync(cancellationToken), geography);
        var existing = await ExistingAsync(triage.Id, cancellationToken);
        var canSend = decision.Outcome != RoutingOutcome.NoReferral && decision.Service is not null;
        var transfers = canSend ? directory.TransfersTo(decision.Service!.Kind) : TransferChoices.None;
        // Sent now, the deadline it would get, and the duty contact if the service is closed: the counsellor calls it meanwhile.
        var deadline = canSend ? AcknowledgementDeadline.Compute(time.GetUtcNow(), decision.Service!.Kind, IsUrgent(triage), options.Value) : null;
        return ServiceResult.Ok(new RoutingView(
            decision,
            canSend,
            RequiresTransferBasis: canSend,
            transfers.Purposes,
            transfers.LegalBases,
            existing,
            deadline));
    }

    /// <summary>
    /// Sends the call's triage to the service routing decides now — which must be the one the counsellor
    /// was shown. Sending twice (a double click, a retry) returns the referral already sent.
    /// </summary>
    public async Task<ServiceResult<ReferralReceipt>> SendAsync(
        Call call, SendReferralRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var triage = await db.Triages.AsNoTracking().FirstOrDefaultAsync(t => t.CallId == call.Id, cancellationToken);
        if (triage is null)
        {
            return new ServiceProblem(ProblemKind.Conflict, "Enregistrez d’abord la fiche de triage : l’orientation dépend de son issue et de la commune de la personne concernée.");
        }

        if (await ExistingAsync(triage.Id, cancellationToken) is { } existing)
        {
            return ServiceResult.Ok(existing);
        }

        var prepared = await PrepareAsync(call, triage, request, ReferralReader.UserId(user), requireBasis: true, cancellationToken);
        if (prepared.Value is not { } referral)
        {
            return prepared.Problem!;
        }

        // Numbered only when really sent: a preview takes no number.
        referral.Reference = await references.NextAsync(referral.SentAt, cancellationToken);
        db.Referrals.Add(referral);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Another request sent this triage at the same moment: that one stands.
            db.ChangeTracker.Clear();
            return ServiceResult.Ok((await ExistingAsync(triage.Id, cancellationToken))!);
        }

        logger.LogInformation("Referral {ReferralId} sent to service {ServiceId} ({Kind}, département {Departement})",
            referral.Id, referral.ServiceId, referral.ServiceKind, referral.DepartementCode);
        await audit.RecordAsync(AuditAction.Create, ReferralReader.AuditEntity, referral.Id.ToString(), cancellationToken: cancellationToken);
        await reader.PublishAsync(referral, created: true);
        return ServiceResult.Ok(reader.Receipt(referral), created: true);
    }

    /// <summary>
    /// What sending would store now: the referral to the service routing decides, with its frozen snapshot. The send
    /// saves it; the preview shows it, so the counsellor sees exactly what the recipient will receive.
    /// </summary>
    /// <param name="requireBasis">False for the preview: a purpose or legal basis not chosen yet is shown as missing, not refused.</param>
    private async Task<ServiceResult<Referral>> PrepareAsync(
        Call call, CallTriage triage, SendReferralRequest request, Guid senderId, bool requireBasis, CancellationToken cancellationToken)
    {
        if (TriageCompleteness.Missing(triage, triages.Summary(triage)) is { Count: > 0 } missing)
        {
            return TriageCompleteness.Problem(missing);
        }

        if (triage.Outcome is not (TriageOutcome.ReferToDepartementalCell or TriageOutcome.ReferToCommuneCell or TriageOutcome.ReferToChildProtection))
        {
            return new ServiceProblem(ProblemKind.Conflict, "L’issue du triage n’oriente pas la famille vers une cellule : choisissez une issue d’orientation pour envoyer.");
        }

        if (request.ServiceId is null)
        {
            return Invalid("serviceId", "Envoyez au service proposé par l’orientation affichée ; rechargez-la si elle a changé.");
        }

        var snapshot = await directory.SnapshotAsync(cancellationToken);
        var decision = Routing.Decide(RequestFor(call, triage, request.Purpose), snapshot, geography);
        if (decision.Service is not { } service || decision.Outcome == RoutingOutcome.NoReferral)
        {
            return new ServiceProblem(ProblemKind.Conflict, "L’orientation n’a trouvé aucun service destinataire : " + decision.Reason);
        }

        if (service.Id != request.ServiceId)
        {
            // The directory or the triage changed since the decision was shown: never send somewhere unseen.
            return new ServiceProblem(ProblemKind.Conflict, "L’orientation a changé depuis son affichage : vérifiez-la avant d’envoyer.");
        }

        var basis = TransferBasis(service.Kind, request.Purpose, request.LegalBasis);
        if (basis.Errors is not null && requireBasis)
        {
            return new ServiceProblem(ProblemKind.Invalid, "L’orientation n’a pas été envoyée.", basis.Errors);
        }

        var now = time.GetUtcNow();
        var entry = snapshot.Entries.First(e => e.Id == service.Id);
        var referral = new Referral
        {
            SenderName = ReferralReader.NationalLineName,
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
            Urgent = IsUrgent(triage),
            SentAt = now,
            SentBy = senderId,
        };
        referral.SetDeadline(AcknowledgementDeadline.Compute(now, service.Kind, referral.Urgent, options.Value));
        // What the recipient will see, frozen now: later triage edits (or a later agreement) never change it.
        snapshots.Take(referral, triage, now);
        referral.Events.Add(new ReferralEvent { At = now, From = null, To = ReferralState.Sent, UserId = referral.SentBy });
        return ServiceResult.Ok(referral);
    }

    /// <summary>What the recipient would receive if the counsellor sent now (nothing is stored).</summary>
    public async Task<ServiceResult<ReferralPreview>> PreviewAsync(Call call, SendReferralRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var triage = await db.Triages.AsNoTracking().FirstOrDefaultAsync(t => t.CallId == call.Id, cancellationToken);
        if (triage is null)
        {
            return new ServiceProblem(ProblemKind.Conflict, "Enregistrez d’abord la fiche de triage : l’orientation dépend de son issue et de la commune de la personne concernée.");
        }

        var prepared = await PrepareAsync(call, triage, request, ReferralReader.UserId(user), requireBasis: false, cancellationToken);
        if (prepared.Value is not { } referral)
        {
            return prepared.Problem!;
        }

        var card = reader.Card(referral, time.GetUtcNow());
        var situation = reader.SituationOf(referral);
        return ServiceResult.Ok(new ReferralPreview(
            referral.ServiceId!.Value, referral.ServiceName, referral.ServiceKind, card.DepartementCode, card.DepartementName, card.CommuneCode,
            card.CommuneName, referral.Urgency, referral.Urgent, referral.AcknowledgeBy, referral.RoutingReason,
            ReferralReader.Purpose(referral), ReferralReader.LegalBasis(referral), referral.Shared, situation is not null, situation));
    }

    /// <summary>
    /// An urgent level, or immediate danger flagged (17/112 confirmed, and a referral as well): the referral's deadline is
    /// its kind's urgent one.
    /// </summary>
    private bool IsUrgent(CallTriage triage) =>
        triage.ImmediateDanger || triageOptions.CurrentValue.Taxonomy.Level(triage.Urgency)?.Urgent == true;

    /// <summary>The referral sent from this triage (not its follow-ons, not one recalled), if any.</summary>
    private async Task<ReferralReceipt?> ExistingAsync(Guid triageId, CancellationToken cancellationToken)
    {
        var referral = await db.Referrals.AsNoTracking().FirstOrDefaultAsync(
            r => r.TriageId == triageId && r.PreviousReferralId == null && r.State != ReferralState.Recalled, cancellationToken);
        if (referral is null)
        {
            return null;
        }

        // The chain of redirections is linear: its end is the referral that carries the family now. A recalled
        // referral of the same triage is a chain of its own, so the end is found by following this one.
        var current = referral;
        while (current.RedirectedToId is { } next)
        {
            current = await db.Referrals.AsNoTracking().FirstAsync(r => r.Id == next, cancellationToken);
        }

        return reader.Receipt(referral) with
        {
            Feedback = new ReferralFeedback(current.Id, current.Reference, current.ServiceName, current.ServiceKind, current.State, current.ClosingReason, current.ClosedAt),
        };
    }

    private RoutingRequest RequestFor(Call call, CallTriage triage, string? purpose) => new(
        triage.Outcome switch
        {
            TriageOutcome.ReferToCommuneCell => RoutingIntent.ReferToCommuneCell,
            TriageOutcome.ReferToChildProtection => RoutingIntent.ReferToChildProtection,
            TriageOutcome.ReferToDepartementalCell => RoutingIntent.ReferToDepartementalCell,
            // Information, advice, no follow-up; immediate danger went to 17/112.
            _ => RoutingIntent.NoReferral,
        },
        triage.ConcernedCommuneCode,
        triage.ConcernedDepartementCode,
        call.PostalCode,
        string.IsNullOrWhiteSpace(purpose) ? null : purpose,
        DirectoryRouter.Today(time));

    /// <summary>The code of the cell's area that covers the commune: the commune itself, or its city (arrondissements).</summary>
    internal string? CellCode(DirectoryEntry cell, string? communeCode)
    {
        var parent = geography.FindCommune(communeCode)?.ParentCode;
        return cell.Communes.FirstOrDefault(c => string.Equals(c, communeCode, StringComparison.OrdinalIgnoreCase))
            ?? cell.Communes.FirstOrDefault(c => string.Equals(c, parent, StringComparison.OrdinalIgnoreCase))
            ?? (cell.Communes.Count > 0 ? cell.Communes[0] : null);
    }

    internal sealed record Basis(TransferChoiceView? Purpose, TransferChoiceView? LegalBasis, Dictionary<string, string[]>? Errors);

    /// <summary>
    /// Every transfer states a purpose and a legal basis from the lists configured for the recipient's kind
    /// (<c>Referrals:Transfers:&lt;Kind&gt;</c>). The family's agreement is not among them: it decides which details pass.
    /// </summary>
    internal Basis TransferBasis(ServiceKind kind, string? purposeCode, string? legalBasisCode)
    {
        var errors = new Dictionary<string, string[]>();
        var choices = directory.TransfersTo(kind);
        var purpose = choices.Purposes.FirstOrDefault(p => p.Code == purposeCode);
        var legalBasis = choices.LegalBases.FirstOrDefault(b => b.Code == legalBasisCode);
        if (purpose is null)
        {
            errors["purpose"] = [kind == ServiceKind.CommuneCell
                ? "Une cellule municipale (CMER) associe des services de renseignement : choisissez la finalité de la transmission parmi celles proposées."
                : "Choisissez la finalité de la transmission parmi celles proposées pour ce service."];
        }

        if (legalBasis is null)
        {
            errors["legalBasis"] = ["Choisissez la base légale de la transmission parmi celles proposées pour ce service."];
        }

        return new Basis(purpose, legalBasis, errors.Count == 0 ? null : errors);
    }

    internal static string Clip(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    private static ServiceProblem Invalid(string field, string message) =>
        ServiceProblem.Invalid("La demande n’est pas valide.", field, message);
}
