using Hotline.Server.ServiceDirectory;
using Hotline.Server.Telephony;

namespace Hotline.Server.Referrals;

/// <summary>When a referral must be acknowledged, and whom to call meanwhile when the service is closed.</summary>
/// <param name="By">The deadline in UTC (what PostgreSQL stores).</param>
/// <param name="DutyContact">
/// An urgent referral sent while the service's office is closed: its duty contact (<c>Referrals:Deadlines:&lt;Kind&gt;:DutyContact</c>),
/// since its clock only starts when the office opens. Null otherwise.
/// </param>
public sealed record AcknowledgementDue(DateTimeOffset By, string? DutyContact);

/// <summary>
/// The one place a referral's acknowledgement deadline is computed, per kind of service
/// (<c>Referrals:Deadlines:&lt;Kind&gt;</c>). Pure: the caller passes the instant it was sent (from <see cref="TimeProvider"/>).
/// </summary>
/// <remarks>
/// Not urgent: the same local time N working days later, skipping Saturdays, Sundays and French public holidays (the
/// same list as the line's opening hours). Sent on a day off, the count starts at midnight of the next working day:
/// Saturday 10:00 + 2 working days = Wednesday 00:00, i.e. the end of Tuesday. Urgent, as the kind says: clock time;
/// office time (only working days between opening and closing count, so 4 hours sent at 17:00 end at 12:00 the next
/// working day, and sent at 3 a.m. end at 13:00); or working days, like the ordinary deadline with fewer days.
/// </remarks>
public static class AcknowledgementDeadline
{
    public static AcknowledgementDue Compute(DateTimeOffset sentAt, ServiceKind kind, bool urgent, ReferralOptions options)
    {
        var rule = options.Deadlines.For(kind);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
        var local = TimeZoneInfo.ConvertTime(sentAt, zone).DateTime;
        if (!urgent)
        {
            return new(AfterWorkingDays(local, rule.AcknowledgementWorkingDays, zone), null);
        }

        return rule.Urgent switch
        {
            UrgentClock.ClockHours => new((sentAt + rule.UrgentWithin).ToUniversalTime(), null),
            UrgentClock.WorkingDays => new(AfterWorkingDays(local, rule.UrgentWorkingDays, zone), null),
            _ => new(AfterOfficeTime(local, rule, zone), IsOpen(local, rule) ? null : rule.DutyContact),
        };
    }

    public static bool IsWorkingDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !FrenchPublicHolidays.IsHoliday(date);

    /// <summary>The office is open at this local time: a working day, between opening (included) and closing (excluded).</summary>
    public static bool IsOpen(DateTime local, KindDeadline rule)
    {
        var timeOfDay = TimeOnly.FromDateTime(local);
        return IsWorkingDay(DateOnly.FromDateTime(local)) && timeOfDay >= rule.OfficeOpens && timeOfDay < rule.OfficeCloses;
    }

    private static DateTimeOffset AfterWorkingDays(DateTime local, int workingDays, TimeZoneInfo zone)
    {
        var date = DateOnly.FromDateTime(local);
        var timeOfDay = TimeOnly.FromDateTime(local);
        if (!IsWorkingDay(date))
        {
            date = NextWorkingDay(date);
            timeOfDay = TimeOnly.MinValue;
        }

        for (var i = 0; i < workingDays; i++)
        {
            date = NextWorkingDay(date);
        }

        return ToInstant(date.ToDateTime(timeOfDay), zone);
    }

    /// <summary>Spends <see cref="KindDeadline.UrgentWithin"/> in office time only, day after working day.</summary>
    private static DateTimeOffset AfterOfficeTime(DateTime local, KindDeadline rule, TimeZoneInfo zone)
    {
        var remaining = rule.UrgentWithin;
        var date = DateOnly.FromDateTime(local);
        var at = TimeOnly.FromDateTime(local);
        while (true)
        {
            if (!IsWorkingDay(date) || at >= rule.OfficeCloses)
            {
                date = NextWorkingDay(date);
                at = rule.OfficeOpens;
                continue;
            }

            if (at < rule.OfficeOpens)
            {
                at = rule.OfficeOpens;
            }

            var open = rule.OfficeCloses - at;
            if (remaining <= open)
            {
                return ToInstant(date.ToDateTime(at).Add(remaining), zone);
            }

            remaining -= open;
            date = NextWorkingDay(date);
            at = rule.OfficeOpens;
        }
    }

    private static DateOnly NextWorkingDay(DateOnly date)
    {
        do
        {
            date = date.AddDays(1);
        }
        while (!IsWorkingDay(date));

        return date;
    }

    private static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        // A time in the spring-forward gap (02:00–03:00) does not exist: take the first valid minute after it.
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        // In the autumn's repeated hour, the later of the two instants (the more generous deadline).
        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Min() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }
}
