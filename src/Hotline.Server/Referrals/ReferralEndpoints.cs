using System.Security.Claims;
using Hotline.Server.Audit;
using Hotline.Server.Data;
using Hotline.Server.Hosting;
using Hotline.Server.Triage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Server.Referrals;

/// <summary>
/// Routing and sending from a call (<c>/api/calls/{callId}/routing</c>, <c>/referral</c>: the counsellor
/// who held the call, or a supervisor) and the inbox (<c>/api/referrals</c>: coordinators, commune cells,
/// supervisors, each within their territory).
/// </summary>
internal static class ReferralEndpoints
{
    public static async Task<Results<Ok<RoutingView>, ProblemHttpResult, ForbidHttpResult>> Routing(
        Guid callId, string? purpose, ClaimsPrincipal user, HotlineDbContext db, IAuthorizationService authorization, AuditLog audit,
        ReferralSender referrals, CancellationToken cancellationToken)
    {
        var call = await db.Calls.AsNoTracking().FirstOrDefaultAsync(c => c.Id == callId, cancellationToken);
        if (call is null)
        {
            return TriageEndpoints.CallNotFound();
        }

        if (!(await authorization.AuthorizeAsync(user, call, CallTriageRequirement.Policy)).Succeeded)
        {
            await audit.RecordAsync(AuditAction.Read, TriageService.AuditEntity, callId.ToString(), AuditOutcome.Denied, cancellationToken);
            return TypedResults.Forbid();
        }

        var result = await referrals.RoutingAsync(call, purpose, cancellationToken);
        return result.Value is { } view ? TypedResults.Ok(view) : result.Problem!.ToProblem();
    }

    public static async Task<Results<Created<ReferralReceipt>, Ok<ReferralReceipt>, ValidationProblem, ProblemHttpResult, ForbidHttpResult>> Send(
        Guid callId, SendReferralRequest request, ClaimsPrincipal user, HotlineDbContext db, IAuthorizationService authorization,
        AuditLog audit, ReferralSender referrals, CancellationToken cancellationToken)
    {
        var call = await db.Calls.AsNoTracking().FirstOrDefaultAsync(c => c.Id == callId, cancellationToken);
        if (call is null)
        {
            return TriageEndpoints.CallNotFound();
        }

        if (!(await authorization.AuthorizeAsync(user, call, CallTriageRequirement.Policy)).Succeeded)
        {
            await audit.RecordAsync(AuditAction.Create, ReferralReader.AuditEntity, callId.ToString(), AuditOutcome.Denied, cancellationToken);
            return TypedResults.Forbid();
        }

        var result = await referrals.SendAsync(call, request, user, cancellationToken);
        if (result.Value is not { } receipt)
        {
            return result.Problem!.Kind == ProblemKind.Invalid ? result.Problem.ToValidationProblem() : result.Problem.ToProblem();
        }

        // 201 the first time; the same referral with 200 when it had already been sent (a double click).
        return result.Created
            ? TypedResults.Created($"/api/referrals/{receipt.Referral.Id}", receipt)
            : TypedResults.Ok(receipt);
    }

    public static async Task<Results<Ok<ReferralPreview>, ValidationProblem, ProblemHttpResult, ForbidHttpResult>> Preview(
        Guid callId, Guid? serviceId, string? purpose, string? legalBasis, ClaimsPrincipal user, HotlineDbContext db,
        IAuthorizationService authorization, AuditLog audit, ReferralSender referrals, CancellationToken cancellationToken)
    {
        var call = await db.Calls.AsNoTracking().FirstOrDefaultAsync(c => c.Id == callId, cancellationToken);
        if (call is null)
        {
            return TriageEndpoints.CallNotFound();
        }

        if (!(await authorization.AuthorizeAsync(user, call, CallTriageRequirement.Policy)).Succeeded)
        {
            await audit.RecordAsync(AuditAction.Read, TriageService.AuditEntity, callId.ToString(), AuditOutcome.Denied, cancellationToken);
            return TypedResults.Forbid();
        }

        var result = await referrals.PreviewAsync(call, new SendReferralRequest(serviceId, purpose, legalBasis), user, cancellationToken);
        if (result.Value is not { } preview)
        {
            return result.Problem!.Kind == ProblemKind.Invalid ? result.Problem.ToValidationProblem() : result.Problem.ToProblem();
        }

        await audit.RecordAsync(AuditAction.Read, TriageService.AuditEntity, callId.ToString(), cancellationToken: cancellationToken);
        return TypedResults.Ok(preview);
    }

    public static async Task<Ok<ReferralList>> List(
        ClaimsPrincipal user, ReferralReader referrals, ReferralState[]? state, string? urgency, bool? overdue, int? limit,
        string? reference, ReferralSort? sort, CancellationToken cancellationToken) =>
        TypedResults.Ok(await referrals.ListAsync(
            user, new ReferralFilter(state, urgency, overdue, limit, reference, sort ?? ReferralSort.Priority), cancellationToken));

    public static async Task<Results<Ok<ReferralDetail>, ProblemHttpResult>> Get(
        Guid id, ClaimsPrincipal user, ReferralReader referrals, CancellationToken cancellationToken) =>
        await referrals.ReadAsync(id, user, cancellationToken) is { } detail ? TypedResults.Ok(detail) : NotFound();

    public static Task<Results<Ok<ReferralDetail>, ValidationProblem, ProblemHttpResult>> Acknowledge(
        Guid id, ClaimsPrincipal user, ReferralTransitions referrals, CancellationToken cancellationToken) =>
        Change(referrals.MoveAsync(id, ReferralAction.Acknowledge, user, cancellationToken));

    public static Task<Results<Ok<ReferralDetail>, ValidationProblem, ProblemHttpResult>> StartFollowUp(
        Guid id, ClaimsPrincipal user, ReferralTransitions referrals, CancellationToken cancellationToken) =>
        Change(referrals.MoveAsync(id, ReferralAction.StartFollowUp, user, cancellationToken));

    public static Task<Results<Ok<ReferralDetail>, ValidationProblem, ProblemHttpResult>> Close(
        Guid id, CloseRequest request, ClaimsPrincipal user, ReferralTransitions referrals, CancellationToken cancellationToken) =>
        Change(referrals.CloseAsync(id, request, user, cancellationToken));

    public static Task<Results<Ok<ReferralDetail>, ValidationProblem, ProblemHttpResult>> Redirect(
        Guid id, RedirectRequest request, ClaimsPrincipal user, ReferralTransitions referrals, CancellationToken cancellationToken) =>
        Change(referrals.RedirectAsync(id, request, user, cancellationToken));

    public static async Task<Results<Ok<ReferralReceipt>, ValidationProblem, ProblemHttpResult>> Recall(
        Guid id, RecallRequest request, ClaimsPrincipal user, ReferralTransitions referrals, CancellationToken cancellationToken)
    {
        var result = await referrals.RecallAsync(id, request, user, cancellationToken);
        if (result.Value is { } receipt)
        {
            return TypedResults.Ok(receipt);
        }

        return result.Problem!.Kind == ProblemKind.Invalid ? result.Problem.ToValidationProblem() : result.Problem.ToProblem();
    }

    public static async Task<Results<Ok<RedirectChoices>, ProblemHttpResult>> GetRedirectChoices(
        Guid id, ClaimsPrincipal user, ReferralTransitions referrals, CancellationToken cancellationToken)
    {
        var result = await referrals.RedirectChoicesAsync(id, user, cancellationToken);
        return result.Value is { } choices ? TypedResults.Ok(choices) : result.Problem!.ToProblem();
    }

    public static Task<Results<Ok<ReferralDetail>, ValidationProblem, ProblemHttpResult>> AddNote(
        Guid id, NoteRequest request, ClaimsPrincipal user, ReferralTransitions referrals, CancellationToken cancellationToken) =>
        Change(referrals.AddNoteAsync(id, request, user, cancellationToken));

    private static async Task<Results<Ok<ReferralDetail>, ValidationProblem, ProblemHttpResult>> Change(Task<ServiceResult<ReferralDetail>> change)
    {
        var result = await change;
        if (result.Value is { } detail)
        {
            return TypedResults.Ok(detail);
        }

        return result.Problem!.Kind == ProblemKind.Invalid ? result.Problem.ToValidationProblem() : result.Problem.ToProblem();
    }

    private static ProblemHttpResult NotFound() => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Cette orientation n’existe pas.");
}
