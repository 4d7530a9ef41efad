using System.Globalization;
using Hotline.Server.Referrals;
using Hotline.Server.ServiceDirectory;
using Microsoft.Extensions.Time.Testing;

namespace Hotline.Tests.Referrals;

/// <summary>
/// <c>Referrals:Deadlines:&lt;Kind&gt;</c> with the defaults, as a table: per kind, normal and urgent, across weekends,
/// holidays and nights. The instants come from a <see cref="FakeTimeProvider"/> set to Paris local times (offsets
/// included so DST shows).
/// </summary>
public sealed class AcknowledgementDeadlineTests
{
    private static readonly ReferralOptions _defaults = new();

    public static TheoryData<ServiceKind, bool, string, string, bool> Table() => new()
    {
        // Departmental cell: 2 working days; urgent = 4 hours of office time (09:00–18:00), duty contact while closed.
        { ServiceKind.DepartementalCell, false, "2026-06-08T11:30:00+02:00", "2026-06-10T11:30:00+02:00", false }, // ordinary Monday
        { ServiceKind.DepartementalCell, false, "2026-04-30T10:00:00+02:00", "2026-05-05T10:00:00+02:00", false }, // 1 May and the weekend
        { ServiceKind.DepartementalCell, false, "2026-05-09T10:00:00+02:00", "2026-05-13T00:00:00+02:00", false }, // Saturday: from Monday 00:00
        { ServiceKind.DepartementalCell, false, "2027-03-26T15:00:00+01:00", "2027-03-31T15:00:00+02:00", false }, // Easter Monday and DST
        { ServiceKind.DepartementalCell, true, "2026-06-09T10:00:00+02:00", "2026-06-09T14:00:00+02:00", false }, // open: 4 hours
        { ServiceKind.DepartementalCell, true, "2026-06-09T03:00:00+02:00", "2026-06-09T13:00:00+02:00", true }, // 3 a.m.: opens at 9
        { ServiceKind.DepartementalCell, true, "2026-06-12T16:00:00+02:00", "2026-06-15T11:00:00+02:00", false }, // Friday 16:00: 2 h + 2 h on Monday
        { ServiceKind.DepartementalCell, true, "2026-06-09T18:00:00+02:00", "2026-06-10T13:00:00+02:00", true }, // closing time is closed
        { ServiceKind.DepartementalCell, true, "2026-05-09T23:00:00+02:00", "2026-05-11T13:00:00+02:00", true }, // Saturday night
        { ServiceKind.DepartementalCell, true, "2026-05-13T19:00:00+02:00", "2026-05-15T13:00:00+02:00", true }, // eve of Ascension
        { ServiceKind.DepartementalCell, true, "2026-05-24T12:00:00+02:00", "2026-05-26T13:00:00+02:00", true }, // Pentecost, then Whit Monday
        { ServiceKind.DepartementalCell, true, "2027-03-26T17:00:00+01:00", "2027-03-30T12:00:00+02:00", false }, // Easter Monday across DST
        // CMER: it meets every 4–6 weeks; 10 working days, urgent = 2 working days, never hours.
        { ServiceKind.CommuneCell, false, "2026-06-08T11:30:00+02:00", "2026-06-22T11:30:00+02:00", false },
        { ServiceKind.CommuneCell, true, "2026-06-09T03:00:00+02:00", "2026-06-11T03:00:00+02:00", false },
        { ServiceKind.CommuneCell, true, "2026-04-03T10:00:00+02:00", "2026-04-08T10:00:00+02:00", false }, // Easter Monday 6 April
        { ServiceKind.CommuneCell, true, "2026-06-13T23:00:00+02:00", "2026-06-17T00:00:00+02:00", false }, // Saturday night
        // Mandated association: 3 working days, urgent = 1.
        { ServiceKind.MandatedAssociation, false, "2026-06-08T11:30:00+02:00", "2026-06-11T11:30:00+02:00", false },
        { ServiceKind.MandatedAssociation, true, "2026-04-30T10:00:00+02:00", "2026-05-04T10:00:00+02:00", false },
        // The national team: 1 working day, urgent = 2 hours of office time, no duty contact configured.
        { ServiceKind.NationalTeam, false, "2026-12-24T09:00:00+01:00", "2026-12-28T09:00:00+01:00", false }, // Christmas
        { ServiceKind.NationalTeam, true, "2026-12-24T17:00:00+01:00", "2026-12-28T10:00:00+01:00", false },
        { ServiceKind.NationalTeam, true, "2026-12-24T22:00:00+01:00", "2026-12-28T11:00:00+01:00", false },
        // An overseas State representative: like a préfecture.
        { ServiceKind.StateRepresentative, false, "2026-11-10T16:00:00+01:00", "2026-11-13T16:00:00+01:00", false }, // 11 November
        { ServiceKind.StateRepresentative, true, "2026-11-10T20:00:00+01:00", "2026-11-12T13:00:00+01:00", true },
        // The CRIP: like a préfecture office, with 119 as its duty contact at night.
        { ServiceKind.ChildProtection, false, "2026-07-13T10:00:00+02:00", "2026-07-16T10:00:00+02:00", false }, // 14 July
        { ServiceKind.ChildProtection, true, "2026-07-13T21:00:00+02:00", "2026-07-15T13:00:00+02:00", true },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Each_kind_has_its_deadline_in_working_days_office_hours_or_clock_time(ServiceKind kind, bool urgent, string sent, string expected, bool dutyContact)
    {
        var clock = new FakeTimeProvider(Parse(sent));

        var due = AcknowledgementDeadline.Compute(clock.GetUtcNow(), kind, urgent, _defaults);

        Assert.Equal(Parse(expected), due.By);
        Assert.Equal(TimeSpan.Zero, due.By.Offset);
        if (dutyContact)
        {
            Assert.Equal(_defaults.Deadlines.For(kind).DutyContact, due.DutyContact);
            Assert.NotNull(due.DutyContact);
        }
        else
        {
            Assert.Null(due.DutyContact);
        }
    }

    [Fact]
    public void Clock_hours_run_through_nights_and_weekends_when_a_kind_is_configured_so()
    {
        var options = new ReferralOptions();
        options.Deadlines.MandatedAssociation.Urgent = UrgentClock.ClockHours;
        options.Deadlines.MandatedAssociation.UrgentWithin = TimeSpan.FromHours(6);
        var saturdayNight = Parse("2026-05-09T23:00:00+02:00");

        Assert.Equal(new AcknowledgementDue(saturdayNight.AddHours(6), null), AcknowledgementDeadline.Compute(saturdayNight, ServiceKind.MandatedAssociation, true, options));
    }

    [Fact]
    public void Working_days_and_office_hours_are_configurable_per_kind()
    {
        var options = new ReferralOptions();
        options.Deadlines.DepartementalCell.AcknowledgementWorkingDays = 5;
        options.Deadlines.DepartementalCell.OfficeOpens = new TimeOnly(8, 30);
        options.Deadlines.DepartementalCell.OfficeCloses = new TimeOnly(12, 0);
        var monday = Parse("2026-06-08T09:00:00+02:00");

        Assert.Equal(monday.AddDays(7), AcknowledgementDeadline.Compute(monday, ServiceKind.DepartementalCell, false, options).By);
        // 3 hours left on Monday morning, then 1 hour on Tuesday from 08:30.
        Assert.Equal(Parse("2026-06-09T09:30:00+02:00"), AcknowledgementDeadline.Compute(monday, ServiceKind.DepartementalCell, true, options).By);
        // The other kinds keep their defaults.
        Assert.Equal(2, options.Deadlines.StateRepresentative.AcknowledgementWorkingDays);
    }

    [Fact]
    public void The_defaults_are_valid_and_cover_every_kind()
    {
        var validator = new ReferralOptionsValidator();
        Assert.True(validator.Validate(null, new ReferralOptions()).Succeeded);
        Assert.All(Enum.GetValues<ServiceKind>(), kind => Assert.NotNull(new ReferralOptions().Deadlines.For(kind)));
    }

    [Fact]
    public void Bad_deadline_settings_are_named()
    {
        var options = new ReferralOptions();
        options.Deadlines.CommuneCell.AcknowledgementWorkingDays = 0;
        options.Deadlines.CommuneCell.UrgentWorkingDays = 3;
        options.Deadlines.DepartementalCell.OfficeOpens = new TimeOnly(19, 0);
        options.Deadlines.DepartementalCell.UrgentWithin = TimeSpan.FromMinutes(5);
        options.Deadlines.NationalTeam.DutyContact = " ";

        var failures = new ReferralOptionsValidator().Validate(null, options).Failures!.ToList();

        Assert.Contains("Referrals:Deadlines:CommuneCell:AcknowledgementWorkingDays must be between 1 and 30.", failures);
        Assert.Contains(failures, f => f.StartsWith("Referrals:Deadlines:CommuneCell:UrgentWorkingDays (3) is longer", StringComparison.Ordinal));
        Assert.Contains("Referrals:Deadlines:DepartementalCell:OfficeOpens (19:00) must be before OfficeCloses (18:00).", failures);
        Assert.Contains("Referrals:Deadlines:DepartementalCell:UrgentWithin must be between 00:15:00 and 3.00:00:00.", failures);
        Assert.Contains(failures, f => f.StartsWith("Referrals:Deadlines:NationalTeam:DutyContact", StringComparison.Ordinal));
        Assert.Equal(5, failures.Count);
    }

    private static DateTimeOffset Parse(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture);
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
