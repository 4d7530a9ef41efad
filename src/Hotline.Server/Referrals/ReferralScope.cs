using System.Security.Claims;
using Hotline.Server.ServiceDirectory;
using Hotline.Server.Identity;

namespace Hotline.Server.Referrals;

/// <summary>What a user may do with a referral they can see.</summary>
public enum ReferralAction
{
    Acknowledge,
    StartFollowUp,
    Close,
    Redirect,
    AddNote,
}

/// <summary>
/// Who sees which referral, in one place: the list, a read by id, the counts and the hub groups all
/// come from here, so they cannot disagree.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Supervisors (the national team) see every referral.</item>
/// <item>Coordinators see the referrals of their départements — including those sent to a commune
/// cell of their département (oversight: the préfet is party to every CMER protocol, and a family must
/// not get stuck with a cell that does not answer). They see them as the cell does (no summary or
/// caller details without the family's consent) and may only redirect them or add notes.</item>
/// <item>Commune-cell members see the referrals sent to a commune cell covering their communes, and
/// nothing sent to the departmental cell, even about a family of their commune.</item>
/// <item>Referrals to the national team are the supervisors' only; counsellors see none (403).</item>
/// <item>Information préoccupante sent to a département's CRIP is the supervisors' only too: the CRIP belongs to the
/// conseil départemental, not the préfecture, and child-protection information is shared among child-protection
/// professionals only (CASF L226-2-2). The national team transmits it to the CRIP and records what it answers.</item>
/// </list>
/// </remarks>
public static class ReferralScope
{
    public static IQueryable<Referral> VisibleTo(this IQueryable<Referral> referrals, ClaimsPrincipal user)
    {
        if (user.IsInRole(Roles.Supervisor))
        {
            return referrals;
        }

        var departements = Departements(user);
        var communes = Communes(user);
        // Translated to SQL (= ANY of two arrays): no referral outside the territory ever leaves the database.
        return referrals.Where(r =>
            (r.ServiceKind != ServiceKind.NationalTeam && r.ServiceKind != ServiceKind.ChildProtection
                && r.DepartementCode != null && departements.Contains(r.DepartementCode))
            || (r.ServiceKind == ServiceKind.CommuneCell && r.CellCommuneCode != null && communes.Contains(r.CellCommuneCode)));
    }

    /// <summary><see cref="VisibleTo"/>'s rule for one referral in memory (the resource check of <see cref="ReferralAuthorizationHandler"/>).</summary>
    public static bool Sees(ClaimsPrincipal user, Referral referral) =>
        user.IsInRole(Roles.Supervisor)
        || (ToTerritory(referral) && referral.DepartementCode is not null && Departements(user).Contains(referral.DepartementCode))
        || (referral.ServiceKind == ServiceKind.CommuneCell && referral.CellCommuneCode is not null && Communes(user).Contains(referral.CellCommuneCode));

    /// <summary>The same rule for one referral in memory (after a change, to decide who hears of it besides supervisors).</summary>
    public static ReferralAudience AudienceOf(Referral referral) => new(
        ToTerritory(referral) ? referral.DepartementCode : null,
        referral.ServiceKind == ServiceKind.CommuneCell ? referral.CellCommuneCode : null);

    /// <summary>The actions a user who sees the referral may take on it, whatever its state.</summary>
    public static IReadOnlySet<ReferralAction> Permissions(ClaimsPrincipal user, Referral referral)
    {
        var all = new HashSet<ReferralAction>(Enum.GetValues<ReferralAction>());
        if (user.IsInRole(Roles.Supervisor))
        {
            return all;
        }

        // The service it was sent to acts on it.
        var ownService = referral.ServiceKind == ServiceKind.CommuneCell
            ? referral.CellCommuneCode is not null && Communes(user).Contains(referral.CellCommuneCode)
            : ToTerritory(referral) && referral.DepartementCode is not null && Departements(user).Contains(referral.DepartementCode);
        if (ownService)
        {
            return all;
        }

        // A coordinator overseeing a commune cell's referral.
        return referral.ServiceKind == ServiceKind.CommuneCell && referral.DepartementCode is not null && Departements(user).Contains(referral.DepartementCode)
            ? new HashSet<ReferralAction> { ReferralAction.Redirect, ReferralAction.AddNote }
            : new HashSet<ReferralAction>();
    }

    /// <summary>Whether the département's coordinators see it (not the national team's, not the CRIP's).</summary>
    private static bool ToTerritory(Referral referral) =>
        referral.ServiceKind is not (ServiceKind.NationalTeam or ServiceKind.ChildProtection);

    private static List<string> Departements(ClaimsPrincipal user) =>
        user.IsInRole(Roles.Coordinator) ? [.. user.FindAll(HotlineClaims.Departement).Select(c => c.Value.Trim().ToUpperInvariant())] : [];

    private static List<string> Communes(ClaimsPrincipal user) =>
        user.IsInRole(Roles.CommuneCell) ? [.. user.FindAll(HotlineClaims.Commune).Select(c => c.Value.Trim().ToUpperInvariant())] : [];
}
