using Hotline.Server.Referrals;
using Hotline.Server.ServiceDirectory;
using Hotline.Server.Triage;

namespace Hotline.Tests.Referrals;

/// <summary>The minimum-data rule as a table: what each kind of recipient receives, with and without the family's agreement.</summary>
public sealed class MinimumDataTests
{
    private const SharedDetails Essentials = SharedDetails.Commune | SharedDetails.Urgency | SharedDetails.Purpose;

    private const SharedDetails Account = Essentials | SharedDetails.CallerRelation | SharedDetails.ConcernedPerson
        | SharedDetails.WarningSigns | SharedDetails.Summary;

    public static TheoryData<ServiceKind, bool, SharedDetails> Rule => new()
    {
        { ServiceKind.DepartementalCell, true, Account },
        { ServiceKind.DepartementalCell, false, Account },
        { ServiceKind.CommuneCell, true, Account },
        // A CMER without the family's agreement: commune, urgency, purpose — no free text, no caller relation, nothing about the person.
        { ServiceKind.CommuneCell, false, Essentials },
        { ServiceKind.MandatedAssociation, true, Account },
        { ServiceKind.MandatedAssociation, false, Essentials },
        { ServiceKind.NationalTeam, true, Account },
        { ServiceKind.NationalTeam, false, Account },
        { ServiceKind.StateRepresentative, true, Account },
        { ServiceKind.StateRepresentative, false, Account },
        // The CRIP evaluates a minor's situation (CASF L226-2-1, L226-3): the whole account, agreement or not.
        { ServiceKind.ChildProtection, true, Account },
        { ServiceKind.ChildProtection, false, Account },
    };

    [Theory]
    [MemberData(nameof(Rule))]
    public void Each_recipient_kind_receives_its_minimum(ServiceKind kind, bool agreed, SharedDetails expected)
    {
        Assert.Equal(expected, MinimumData.For(kind, agreed));
        Assert.Equal(expected != Essentials, MinimumData.CarriesAccount(MinimumData.For(kind, agreed)));
    }

    [Fact]
    public void A_redirection_never_widens_whatever_the_kinds()
    {
        foreach (var first in Enum.GetValues<ServiceKind>())
        {
            foreach (var second in Enum.GetValues<ServiceKind>())
            {
                foreach (var agreed in new[] { true, false })
                {
                    var sent = MinimumData.For(first, agreed);
                    var carried = MinimumData.Redirected(sent, second, agreed);

                    Assert.Equal(carried, carried & sent);
                    Assert.Equal(carried, carried & MinimumData.For(second, agreed));
                }
            }
        }

        // A withheld CMER referral redirected to the departmental cell stays withheld.
        Assert.Equal(Essentials, MinimumData.Redirected(MinimumData.For(ServiceKind.CommuneCell, false), ServiceKind.DepartementalCell, false));
    }

    [Fact]
    public void The_snapshot_keeps_only_what_the_rule_allows()
    {
        var triage = new CallTriage
        {
            TaxonomyVersion = "2026-1",
            CallerRelation = CallerRelation.Mother,
            ConcernedAge = 16,
            ConcernedAgeBand = AgeBand.From16To17,
            ConcernedMinor = true,
            WarningSigns = ["family-break"],
        };

        var withheld = ReferralSnapshot.Of(triage, "Résumé", Essentials);
        var whole = ReferralSnapshot.Of(triage, "Résumé", Account);

        Assert.Equal((null, null, null, null, 0, null), (withheld.CallerRelation, withheld.Age, withheld.AgeBand, withheld.Minor, withheld.WarningSigns.Count, withheld.Summary));
        Assert.Equal((CallerRelation.Mother, 16, "Résumé"), (whole.CallerRelation!.Value, whole.Age!.Value, whole.Summary!));
        Assert.Null(whole.Restrict(Essentials).Summary);
    }
}
