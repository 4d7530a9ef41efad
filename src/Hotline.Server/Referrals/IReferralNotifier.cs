namespace Hotline.Server.Referrals;

/// <summary>Who hears of a referral's change: supervisors always, and the territory that sees it (<see cref="ReferralScope"/>).</summary>
/// <param name="DepartementCode">The département whose coordination sees it (none for the national team).</param>
/// <param name="CommuneCode">The commune cell that sees it (commune-cell referrals only).</param>
public sealed record ReferralAudience(string? DepartementCode, string? CommuneCode);

/// <summary>
/// Tells the people who follow referrals of a new or changed one. Implemented by the live console, so that
/// Referrals does not depend on it.
/// </summary>
public interface IReferralNotifier
{
    Task ReferralChangedAsync(ReferralCard card, ReferralAudience audience, bool created);
}
