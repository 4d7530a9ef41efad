using System.Security.Claims;
using Hotline.Server.Audit;
using Hotline.Server.Data;
using Hotline.Server.Geography;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Server.Triage;

/// <summary>The triage of a call: <c>GET</c> and <c>PUT /api/calls/{callId}/triage</c> (autosave), and the taxonomy the form offers.</summary>
internal static class TriageEndpoints
{
    public static async Task<Results<Ok<TriageView>, ProblemHttpResult, ForbidHttpResult>> Get(
        Guid callId, ClaimsPrincipal user, HotlineDbContext db, IAuthorizationService authorization, TriageService triages,
        AuditLog audit, CancellationToken cancellationToken)
    {
        var call = await db.Calls.AsNoTracking().FirstOrDefaultAsync(c => c.Id == callId, cancellationToken);
        if (call is null)
        {
            return CallNotFound();
        }

        if (!(await authorization.AuthorizeAsync(user, call, CallTriageRequirement.Policy)).Succeeded)
        {
            await audit.RecordAsync(AuditAction.Read, TriageService.AuditEntity, callId.ToString(), AuditOutcome.Denied, cancellationToken);
            return TypedResults.Forbid();
        }

        var triage = await triages.GetAsync(call, cancellationToken);
        await audit.RecordAsync(AuditAction.Read, TriageService.AuditEntity, callId.ToString(), cancellationToken: cancellationToken);
        return TypedResults.Ok(triage);
    }

    public static async Task<Results<Ok<TriageView>, ProblemHttpResult, ForbidHttpResult>> Put(
        Guid callId, TriageRequest request, ClaimsPrincipal user, HotlineDbContext db, IAuthorizationService authorization,
        TriageService triages, AuditLog audit, CancellationToken cancellationToken)
    {
        var call = await db.Calls.AsNoTracking().FirstOrDefaultAsync(c => c.Id == callId, cancellationToken);
        if (call is null)
        {
            return CallNotFound();
        }

        if (!(await authorization.AuthorizeAsync(user, call, CallTriageRequirement.Policy)).Succeeded)
        {
            await audit.RecordAsync(AuditAction.Update, TriageService.AuditEntity, callId.ToString(), AuditOutcome.Denied, cancellationToken);
            return TypedResults.Forbid();
        }

        var result = await triages.SaveAsync(call, request, UserId(user), cancellationToken);
        if (result.Value is not { } triage)
        {
            return result.Problem!.ToProblem();
        }

        await audit.RecordAsync(triage.Revision == 1 ? AuditAction.Create : AuditAction.Update,
            TriageService.AuditEntity, callId.ToString(), cancellationToken: cancellationToken);
        return TypedResults.Ok(triage);
    }

    public static async Task<Ok<IReadOnlyList<CommuneChoice>>> Communes(string? q, CommuneSearch communes, CancellationToken cancellationToken) =>
        TypedResults.Ok(await communes.FindAsync(q, cancellationToken));

    public static Ok<TaxonomyView> Taxonomy(TriageService triages) => TypedResults.Ok(triages.Taxonomy());

    internal static ProblemHttpResult CallNotFound() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Cet appel n’existe pas.");

    internal static Guid UserId(ClaimsPrincipal user) => Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!);
}
