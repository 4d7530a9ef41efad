using Hotline.Server.ServiceDirectory;
using Hotline.Server.Triage;

namespace Hotline.Server.Referrals;

/// <summary>What of the triage a referral carries, field group by field group.</summary>
[Flags]
public enum SharedDetails
{
    None = 0,

    /// <summary>The concerned person's commune (and its département).</summary>
    Commune = 1,

    /// <summary>The urgency level.</summary>
    Urgency = 2,

    /// <summary>The purpose (and legal basis) of the transfer.</summary>
    Purpose = 4,

    /// <summary>Who called (mother, teacher…).</summary>
    CallerRelation = 8,

    /// <summary>The concerned person's age, age band and whether a minor.</summary>
    ConcernedPerson = 16,

    WarningSigns = 32,

    /// <summary>The counsellor's free-text summary of what the family said.</summary>
    Summary = 64,
}

/// <summary>
/// The minimum-data rule: what each kind of recipient receives of a triage, with or without the family's
/// agreement to have their account shared. The one place this is decided (sending, redirecting and reading
/// all go through it); the table is tested as such.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>The departmental cell (CPRAF), a State representative overseas and the line's national team: the
/// family-support route, whose mission is to organise help for the family: the whole account.</item>
/// <item>A commune cell (CMER) or a mandated association with the family's agreement: the whole account.</item>
/// <item>Without it: the commune, the urgency level and the purpose only — no free text, no caller relation,
/// nothing about the person (a CMER includes intelligence services; support is voluntary).</item>
/// </list>
/// A redirection never widens: the follow-on carries what the previous referral carried, cut down to what its new
/// recipient may receive (<see cref="Redirected"/>).
/// </remarks>
public static class MinimumData
{
    /// <summary>What every recipient gets: enough to know where, how urgent and why.</summary>
    public const SharedDetails Essentials = SharedDetails.Commune | SharedDetails.Urgency | SharedDetails.Purpose;

    /// <summary>The family's whole account as the triage records it.</summary>
    public const SharedDetails Account = Essentials | SharedDetails.CallerRelation | SharedDetails.ConcernedPerson
        | SharedDetails.WarningSigns | SharedDetails.Summary;

    public static SharedDetails For(ServiceKind recipient, bool familyAgreed) => recipient switch
    {
        ServiceKind.DepartementalCell or ServiceKind.StateRepresentative or ServiceKind.NationalTeam => Account,
        // The CRIP evaluates the child's situation: it needs the account (CASF L226-2-1), whatever the family agreed.
        ServiceKind.ChildProtection => Account,
        ServiceKind.CommuneCell or ServiceKind.MandatedAssociation => familyAgreed ? Account : Essentials,
        _ => Essentials,
    };

    /// <summary>A follow-on referral: never more than the previous one carried, nor more than its recipient may have.</summary>
    public static SharedDetails Redirected(SharedDetails previous, ServiceKind recipient, bool familyAgreed) =>
        previous & For(recipient, familyAgreed);

    /// <summary>More than the essentials: the recipient reads the family's account (or part of it).</summary>
    public static bool CarriesAccount(SharedDetails shared) => (shared & ~Essentials) != SharedDetails.None;
}

/// <summary>
/// The personal part of what a referral carries, frozen when it is sent (stored encrypted as JSON): later triage
/// edits never change it. Each field is null (or empty) when the minimum-data rule withheld it.
/// </summary>
public sealed record ReferralSnapshot(
    CallerRelation? CallerRelation,
    int? Age,
    AgeBand? AgeBand,
    bool? Minor,
    IReadOnlyList<string> WarningSigns,
    string TaxonomyVersion,
    string? Summary)
{
    /// <summary>The triage as it is now, cut down to <paramref name="shared"/>.</summary>
    public static ReferralSnapshot Of(CallTriage triage, string? summary, SharedDetails shared) => new ReferralSnapshot(
        triage.CallerRelation, triage.ConcernedAge, triage.ConcernedAgeBand, triage.ConcernedMinor,
        [.. triage.WarningSigns], triage.TaxonomyVersion, summary).Restrict(shared);

    /// <summary>Only what <paramref name="shared"/> allows; never adds anything.</summary>
    public ReferralSnapshot Restrict(SharedDetails shared) => new(
        shared.HasFlag(SharedDetails.CallerRelation) ? CallerRelation : null,
        shared.HasFlag(SharedDetails.ConcernedPerson) ? Age : null,
        shared.HasFlag(SharedDetails.ConcernedPerson) ? AgeBand : null,
        shared.HasFlag(SharedDetails.ConcernedPerson) ? Minor : null,
        shared.HasFlag(SharedDetails.WarningSigns) ? WarningSigns : [],
        TaxonomyVersion,
        shared.HasFlag(SharedDetails.Summary) ? Summary : null);
}
