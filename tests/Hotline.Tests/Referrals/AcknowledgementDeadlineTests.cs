using Hotline.Server.Referrals;

namespace Hotline.Tests.Referrals;

public sealed class AcknowledgementDeadlineTests
{
    private static readonly ReferralOptions _defaults = new();

    /// <summary>Paris local times in, Paris local times out (offsets included so DST shows).</summary>
    [Theory]
    // Friday afternoon, across the weekend, Easter Monday (29 March 2027) and the spring DST change (28 March):
    // Wednesday, same local time.
    [InlineData("2027-03-26T15:00:00+01:00", "2027-03-31T15:00:00+02:00")]
    // Thursday before 1 May (a Friday): the holiday and the weekend are skipped.
    [InlineData("2026-04-30T10:00:00+02:00", "2026-05-05T10:00:00+02:00")]
    // Wednesday before Ascension (Thursday 14 May 2026): Friday, then Monday.
    [InlineData("2026-05-13T16:00:00+02:00", "2026-05-18T16:00:00+02:00")]
    // Sent on a Saturday: the count starts on Monday at midnight → end of Tuesday.
    [InlineData("2026-05-09T10:00:00+02:00", "2026-05-13T00:00:00+02:00")]
    // Christmas Eve (Thursday): 25 December and the weekend are skipped.
    [InlineData("2026-12-24T09:00:00+01:00", "2026-12-29T09:00:00+01:00")]
    // An ordinary Monday.
    [InlineData("2026-06-08T11:30:00+02:00", "2026-06-10T11:30:00+02:00")]
    public void Two_working_days_skip_weekends_and_French_public_holidays(string sent, string expected)
    {
        var deadline = AcknowledgementDeadline.Compute(DateTimeOffset.Parse(sent, System.Globalization.CultureInfo.InvariantCulture), urgent: false, _defaults);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), deadline);
    }

    [Fact]
    public void Urgent_is_four_clock_hours_nights_and_weekends_included()
    {
        var saturdayNight = new DateTimeOffset(2026, 5, 9, 23, 0, 0, TimeSpan.FromHours(2));
        Assert.Equal(saturdayNight.AddHours(4), AcknowledgementDeadline.Compute(saturdayNight, urgent: true, _defaults));
    }

    [Fact]
    public void The_number_of_working_days_is_configurable()
    {
        var options = new ReferralOptions { AcknowledgementWorkingDays = 5 };
        var monday = new DateTimeOffset(2026, 6, 8, 9, 0, 0, TimeSpan.FromHours(2));
        Assert.Equal(monday.AddDays(7), AcknowledgementDeadline.Compute(monday, urgent: false, options));
    }
}

public sealed class ReferralStateMachineTests
{
    public static TheoryData<ReferralState, ReferralState, bool> Table()
    {
        var legal = new HashSet<(ReferralState, ReferralState)>
        {
            (ReferralState.Sent, ReferralState.Acknowledged),
            (ReferralState.Sent, ReferralState.Redirected),
            (ReferralState.Sent, ReferralState.Recalled),
            (ReferralState.Acknowledged, ReferralState.InFollowUp),
            (ReferralState.Acknowledged, ReferralState.Redirected),
            (ReferralState.InFollowUp, ReferralState.Closed),
            (ReferralState.InFollowUp, ReferralState.Redirected),
        };
        var data = new TheoryData<ReferralState, ReferralState, bool>();
        foreach (var from in Enum.GetValues<ReferralState>())
        {
            foreach (var to in Enum.GetValues<ReferralState>())
            {
                data.Add(from, to, legal.Contains((from, to)));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Table))]
    public void Every_pair_of_states_is_legal_or_not_as_the_table_says(ReferralState from, ReferralState to, bool legal) =>
        Assert.Equal(legal, ReferralStateMachine.CanMove(from, to));

    [Fact]
    public void Closed_and_redirected_are_final()
    {
        Assert.False(ReferralStateMachine.IsOpen(ReferralState.Closed));
        Assert.False(ReferralStateMachine.IsOpen(ReferralState.Redirected));
        Assert.False(ReferralStateMachine.IsOpen(ReferralState.Recalled));
        Assert.True(ReferralStateMachine.IsOpen(ReferralState.InFollowUp));
    }
}
