using System.Security.Claims;
using Hotline.Server.Identity;
using Hotline.Server.Calls;
using Microsoft.AspNetCore.Authorization;

namespace Hotline.Server.Triage;

/// <summary>Who may read and write a call's triage, and refer it: the counsellor who holds or held the call, and supervisors.</summary>
public sealed class CallTriageRequirement : IAuthorizationRequirement
{
    public const string Policy = "CallTriage";
}

internal sealed class CallTriageHandler : AuthorizationHandler<CallTriageRequirement, Call>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, CallTriageRequirement requirement, Call resource)
    {
        var user = context.User;
        // The counsellor stays the call's holder after it ends (Call.CounsellorId is kept), so the
        // triage can be completed in wrap-up or later; another counsellor cannot read it.
        if (user.IsInRole(Roles.Supervisor)
            || (user.IsInRole(Roles.Counsellor) && resource.CounsellorId is { } holder
                && Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var userId) && userId == holder))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
