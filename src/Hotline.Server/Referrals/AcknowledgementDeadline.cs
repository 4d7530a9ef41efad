using Hotline.Server.Telephony;

namespace Hotline.Server.Referrals;

/// <summary>
/// When a referral must be acknowledged. Pure: the caller passes the instant it was sent (from
/// <see cref="TimeProvider"/>).
/// </summary>
/// <remarks>
/// Not urgent: the same local time N working days later, skipping Saturdays, Sundays and French
/// public holidays (the same list as the line's opening hours). Sent on a day off, the count starts at
/// midnight of the next working day: Saturday 10:00 + 2 working days = Wednesday 00:00, i.e. the end
/// of Tuesday. Urgent: a fixed number of clock hours.
/// </remarks>
public static class AcknowledgementDeadline
{
    /// <returns>The deadline in UTC (what PostgreSQL stores).</returns>
    public static DateTimeOffset Compute(DateTimeOffset sentAt, bool urgent, ReferralOptions options)
    {
        if (urgent)
        {
            return (sentAt + options.UrgentAcknowledgement).ToUniversalTime();
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
        var local = TimeZoneInfo.ConvertTime(sentAt, zone).DateTime;
        var date = DateOnly.FromDateTime(local);
        var timeOfDay = TimeOnly.FromDateTime(local);
        if (!IsWorkingDay(date))
        {
            date = NextWorkingDay(date);
            timeOfDay = TimeOnly.MinValue;
        }

        for (var i = 0; i < options.AcknowledgementWorkingDays; i++)
        {
            date = NextWorkingDay(date);
        }

        return ToInstant(date.ToDateTime(timeOfDay), zone);
    }

    public static bool IsWorkingDay(DateOnly date) =>
        date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !FrenchPublicHolidays.IsHoliday(date);

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
