using Microsoft.AspNetCore.Authorization;

namespace Hotline.Server.Referrals;

/// <summary>Seeing one referral (<see cref="Action"/> null), or taking an action on it.</summary>
public sealed class ReferralRequirement : IAuthorizationRequirement
{
    private static readonly Dictionary<ReferralAction, ReferralRequirement> Actions =
        Enum.GetValues<ReferralAction>().ToDictionary(action => action, action => new ReferralRequirement(action));

    private ReferralRequirement(ReferralAction? action) => Action = action;

    public static ReferralRequirement Read { get; } = new(null);

    public ReferralAction? Action { get; }

    public static ReferralRequirement To(ReferralAction action) => Actions[action];
}

/// <summary>
/// The resource check behind every read or change of one referral. The rule is <see cref="ReferralScope"/>'s,
/// the one the list queries apply in SQL, so a referral reachable by id is exactly one the list shows.
/// </summary>
internal sealed class ReferralAuthorizationHandler : AuthorizationHandler<ReferralRequirement, Referral>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ReferralRequirement requirement, Referral resource)
    {
        if (ReferralScope.Sees(context.User, resource)
            && (requirement.Action is not { } action || ReferralScope.Permissions(context.User, resource).Contains(action)))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
