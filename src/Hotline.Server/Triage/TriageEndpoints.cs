using System.Security.Claims;
using Hotline.Server.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Server.Triage;

/// <summary>The triage of a call: <c>GET</c> and <c>PUT /api/calls/{callId}/triage</c> (autosave), and the taxonomy the form offers.</summary>
internal static class TriageEndpoints
{
    public static async Task<Results<Ok<TriageView>, ProblemHttpResult, ForbidHttpResult>> Get(
        Guid callId, ClaimsPrincipal user, HotlineDbContext db, IAuthorizationService authorization, TriageService triages,
        CancellationToken cancellationToken)
    {
        var call = await db.Calls.AsNoTracking().FirstOrDefaultAsync(c => c.Id == callId, cancellationToken);
        if (call is null)
        {
            return CallNotFound();
        }

        if (!(await authorization.AuthorizeAsync(user, call, CallTriageRequirement.Policy)).Succeeded)
        {
            return TypedResults.Forbid();
        }

        return TypedResults.Ok(await triages.GetAsync(call, cancellationToken));
    }

    public static async Task<Results<Ok<TriageView>, ValidationProblem, ProblemHttpResult, ForbidHttpResult>> Put(
        Guid callId, TriageRequest request, ClaimsPrincipal user, HotlineDbContext db, IAuthorizationService authorization,
        TriageService triages, CancellationToken cancellationToken)
    {
        var call = await db.Calls.AsNoTracking().FirstOrDefaultAsync(c => c.Id == callId, cancellationToken);
        if (call is null)
        {
            return CallNotFound();
        }

        if (!(await authorization.AuthorizeAsync(user, call, CallTriageRequirement.Policy)).Succeeded)
        {
            return TypedResults.Forbid();
        }

        var result = await triages.SaveAsync(call, request, UserId(user), cancellationToken);
        return result.Errors is not null
            ? TypedResults.ValidationProblem(result.Errors, title: "The triage was not saved.")
            : TypedResults.Ok(result.Triage!);
    }

    public static Ok<TaxonomyView> Taxonomy(TriageService triages) => TypedResults.Ok(triages.Taxonomy());

    internal static ProblemHttpResult CallNotFound() =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such call.");

    internal static Guid UserId(ClaimsPrincipal user) => Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!);
}
