using Hotline.Server.Telephony;

namespace Hotline.Tests.Telephony;

public sealed class OpeningHoursTests
{
    private static readonly OpeningHours Default = new(new OpeningHoursOptions());

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute = 0) =>
        new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    [Theory]
    // Winter (CET, UTC+1): 08:30 UTC is 09:30 in Paris.
    [InlineData(2027, 3, 23, 7, 30, false)]  // 08:30 Paris: not yet
    [InlineData(2027, 3, 23, 8, 0, true)]    // 09:00 Paris: opens
    [InlineData(2027, 3, 23, 16, 59, true)]  // 17:59 Paris
    [InlineData(2027, 3, 23, 17, 0, false)]  // 18:00 Paris: closed
    // Summer after the change of 28 March 2027 (CEST, UTC+2): the same UTC times mean an hour later.
    [InlineData(2027, 3, 30, 7, 30, true)]   // 09:30 Paris
    [InlineData(2027, 3, 30, 6, 59, false)]  // 08:59 Paris
    [InlineData(2027, 3, 30, 16, 0, false)]  // 18:00 Paris
    public void Hours_are_paris_time_across_the_daylight_saving_change(int year, int month, int day, int hour, int minute, bool open) =>
        Assert.Equal(open, Default.IsOpen(Utc(year, month, day, hour, minute)));

    [Theory]
    [InlineData(2027, 3, 29)]  // Easter Monday
    [InlineData(2027, 5, 6)]   // Ascension Thursday
    [InlineData(2027, 5, 17)]  // Whit Monday
    [InlineData(2026, 12, 25)] // Christmas, a Friday
    [InlineData(2027, 7, 14)]  // a Wednesday
    public void Public_holidays_are_closed(int year, int month, int day) =>
        Assert.False(Default.IsOpen(Utc(year, month, day, 10)));

    [Fact]
    public void Weekends_are_closed_and_reopening_skips_them_and_holidays()
    {
        var fridayEvening = Utc(2027, 3, 26, 17, 30); // Friday 18:30 Paris (CET)
        Assert.False(Default.IsOpen(fridayEvening));

        // Saturday, Sunday (DST change), then Easter Monday: Tuesday 09:00 CEST = 07:00 UTC.
        Assert.Equal(Utc(2027, 3, 30, 7, 0), Default.NextOpening(fridayEvening));
        Assert.Equal(new DateTime(2027, 3, 30, 9, 0, 0), Default.ToLocal(Default.NextOpening(fridayEvening)!.Value));
    }

    [Fact]
    public void Easter_is_computed_for_known_years()
    {
        Assert.Equal(new DateOnly(2026, 4, 5), FrenchPublicHolidays.EasterSunday(2026));
        Assert.Equal(new DateOnly(2027, 3, 28), FrenchPublicHolidays.EasterSunday(2027));
        Assert.Equal(new DateOnly(2030, 4, 21), FrenchPublicHolidays.EasterSunday(2030));
    }

    [Fact]
    public void A_configured_week_with_a_lunch_break_and_extra_closed_days_is_honoured()
    {
        var options = new OpeningHoursOptions { ClosedDates = ["2027-03-31"] };
        options.Week["Tuesday"] = "09:00-12:30,13:30-18:00";
        options.Week["Saturday"] = "10:00-12:00";
        var hours = new OpeningHours(options);

        Assert.False(hours.IsOpen(Utc(2027, 3, 30, 11, 0)));  // Tuesday 13:00 Paris: lunch
        Assert.True(hours.IsOpen(Utc(2027, 3, 30, 11, 30)));  // 13:30
        Assert.False(hours.IsOpen(Utc(2027, 3, 31, 8, 0)));   // closed date
        Assert.True(hours.IsOpen(Utc(2027, 4, 3, 8, 30)));    // Saturday 10:30
    }

    [Theory]
    [InlineData("Monday", "9h-18h")]
    [InlineData("Monday", "18:00-09:00")]
    [InlineData("Lundi", "09:00-18:00")]
    public void Bad_settings_are_reported_with_their_key(string day, string ranges)
    {
        var options = new OpeningHoursOptions();
        options.Week[day] = ranges;

        var errors = OpeningHours.Validate(options);

        Assert.Contains(errors, error => error.StartsWith($"Telephony:Hours:Week:{day}", StringComparison.Ordinal));
        Assert.Throws<ArgumentException>(() => new OpeningHours(options));
    }
}
