using Hotline.Server.ServiceDirectory;
using Microsoft.Extensions.Options;

namespace Hotline.Server.Referrals;

/// <summary>How an urgent referral's clock runs for one kind of service.</summary>
public enum UrgentClock
{
    /// <summary>Clock time, nights and weekends included: for a service that answers at any hour.</summary>
    ClockHours,

    /// <summary>
    /// Time counted only while the office is open (working days, <c>OfficeOpens</c>–<c>OfficeCloses</c>): a préfecture
    /// closed at night does not get a clock that expires at 3 a.m.; the counsellor is shown its duty contact instead.
    /// </summary>
    OfficeHours,

    /// <summary>Working days: for a body that meets every few weeks (a CMER), an urgent case means a few days, not hours.</summary>
    WorkingDays,
}

/// <summary>
/// Section <c>Referrals:Deadlines:&lt;Kind&gt;</c>: when a service of that kind must acknowledge a referral. Each key
/// replaces its default alone. The defaults follow DOMAIN.md ("Onward transfers"): préfecture offices close at night
/// (urgent hours count in office hours, the duty contact is shown meanwhile), a CMER meets every 4–6 weeks.
/// </summary>
public sealed class DeadlineOptions
{
    public KindDeadline DepartementalCell { get; set; } = new()
    {
        AcknowledgementWorkingDays = 2,
        Urgent = UrgentClock.OfficeHours,
        UrgentWithin = TimeSpan.FromHours(4),
        DutyContact = "Permanence de la préfecture : officier de permanence, joignable jour et nuit par le standard de la préfecture. Danger immédiat : 17 ou 112.",
    };

    public KindDeadline CommuneCell { get; set; } = new()
    {
        // It meets every 4–6 weeks; its référent acknowledges receipt in between.
        AcknowledgementWorkingDays = 10,
        Urgent = UrgentClock.WorkingDays,
        UrgentWorkingDays = 2,
    };

    public KindDeadline MandatedAssociation { get; set; } = new()
    {
        AcknowledgementWorkingDays = 3,
        Urgent = UrgentClock.WorkingDays,
        UrgentWorkingDays = 1,
    };

    public KindDeadline NationalTeam { get; set; } = new()
    {
        AcknowledgementWorkingDays = 1,
        Urgent = UrgentClock.OfficeHours,
        UrgentWithin = TimeSpan.FromHours(2),
    };

    public KindDeadline StateRepresentative { get; set; } = new()
    {
        AcknowledgementWorkingDays = 2,
        Urgent = UrgentClock.OfficeHours,
        UrgentWithin = TimeSpan.FromHours(4),
        DutyContact = "Permanence des services de l’État : joignable jour et nuit par le standard du représentant de l’État. Danger immédiat : 17 ou 112.",
    };

    public KindDeadline ChildProtection { get; set; } = new()
    {
        AcknowledgementWorkingDays = 2,
        Urgent = UrgentClock.OfficeHours,
        UrgentWithin = TimeSpan.FromHours(4),
        DutyContact = "CRIP fermée : 119 – Allô enfance en danger (jour et nuit) ou la permanence du parquet des mineurs. Danger immédiat : 17 ou 112.",
    };

    public KindDeadline For(ServiceKind kind) => kind switch
    {
        ServiceKind.DepartementalCell => DepartementalCell,
        ServiceKind.CommuneCell => CommuneCell,
        ServiceKind.MandatedAssociation => MandatedAssociation,
        ServiceKind.NationalTeam => NationalTeam,
        ServiceKind.StateRepresentative => StateRepresentative,
        ServiceKind.ChildProtection => ChildProtection,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "No deadline settings for this kind."),
    };
}

/// <summary>The deadline of one kind of service.</summary>
public sealed class KindDeadline
{
    /// <summary>Working days (Monday–Friday, French public holidays excluded) to acknowledge a referral that is not urgent.</summary>
    public int AcknowledgementWorkingDays { get; set; } = 2;

    /// <summary>What "urgent" means for this kind.</summary>
    public UrgentClock Urgent { get; set; } = UrgentClock.OfficeHours;

    /// <summary>With <see cref="UrgentClock.ClockHours"/> or <see cref="UrgentClock.OfficeHours"/>: the time to acknowledge.</summary>
    public TimeSpan UrgentWithin { get; set; } = TimeSpan.FromHours(4);

    /// <summary>With <see cref="UrgentClock.WorkingDays"/>: the working days to acknowledge.</summary>
    public int UrgentWorkingDays { get; set; } = 1;

    /// <summary>When the office opens on a working day (Paris time), for <see cref="UrgentClock.OfficeHours"/>.</summary>
    public TimeOnly OfficeOpens { get; set; } = new(9, 0);

    /// <summary>When it closes.</summary>
    public TimeOnly OfficeCloses { get; set; } = new(18, 0);

    /// <summary>
    /// Who to call when an urgent referral is sent while the office is closed (shown to the counsellor and on the referral);
    /// none: nothing is shown.
    /// </summary>
    public string? DutyContact { get; set; }
}

/// <summary>Checks every kind's deadline at start-up, each message naming its setting.</summary>
internal sealed class ReferralOptionsValidator : IValidateOptions<ReferralOptions>
{
    public const int MaxDutyContactLength = 300;

    /// <summary>The kinds that have deadline settings (every kind of service).</summary>
    public static readonly ServiceKind[] Kinds = Enum.GetValues<ServiceKind>();

    public ValidateOptionsResult Validate(string? name, ReferralOptions options)
    {
        var errors = new List<string>();
        foreach (var kind in Kinds)
        {
            var key = $"{ReferralOptions.Section}:Deadlines:{kind}";
            var deadline = options.Deadlines.For(kind);
            if (deadline.AcknowledgementWorkingDays is < 1 or > 30)
            {
                errors.Add($"{key}:AcknowledgementWorkingDays must be between 1 and 30.");
            }

            if (!Enum.IsDefined(deadline.Urgent))
            {
                errors.Add($"{key}:Urgent must be ClockHours, OfficeHours or WorkingDays.");
            }

            if (deadline.Urgent is UrgentClock.ClockHours or UrgentClock.OfficeHours
                && (deadline.UrgentWithin < TimeSpan.FromMinutes(15) || deadline.UrgentWithin > TimeSpan.FromDays(3)))
            {
                errors.Add($"{key}:UrgentWithin must be between 00:15:00 and 3.00:00:00.");
            }

            if (deadline.Urgent == UrgentClock.WorkingDays && deadline.UrgentWorkingDays is < 1 or > 30)
            {
                errors.Add($"{key}:UrgentWorkingDays must be between 1 and 30.");
            }

            if (deadline.Urgent == UrgentClock.WorkingDays && deadline.UrgentWorkingDays > deadline.AcknowledgementWorkingDays)
            {
                errors.Add($"{key}:UrgentWorkingDays ({deadline.UrgentWorkingDays}) is longer than AcknowledgementWorkingDays ({deadline.AcknowledgementWorkingDays}): urgent cannot wait longer.");
            }

            if (deadline.Urgent == UrgentClock.OfficeHours && deadline.OfficeOpens >= deadline.OfficeCloses)
            {
                errors.Add($"{key}:OfficeOpens ({deadline.OfficeOpens:HH\\:mm}) must be before OfficeCloses ({deadline.OfficeCloses:HH\\:mm}).");
            }

            if (deadline.DutyContact is { } duty && (string.IsNullOrWhiteSpace(duty) || duty.Length > MaxDutyContactLength))
            {
                errors.Add($"{key}:DutyContact must be a text of at most {MaxDutyContactLength} characters (or absent).");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
