using Hotline.Server.Referrals;
using Hotline.Server.Triage;

namespace Hotline.Tests.Referrals;

public sealed class ReferralReferenceParsingTests
{
    [Theory]
    [InlineData(2026, 123, "2026-000123")]
    [InlineData(2027, 1, "2027-000001")]
    [InlineData(2026, 999_999, "2026-999999")]
    public void A_reference_is_the_year_and_six_digits(int year, int number, string expected) =>
        Assert.Equal(expected, ReferralReferences.Format(year, number));

    [Theory]
    [InlineData("2026-000123", "2026-000123", null)]
    [InlineData(" 2026-123 ", "2026-000123", null)]
    [InlineData("2026/123", "2026-000123", null)]
    [InlineData("123", null, "-000123")]
    [InlineData("000123", null, "-000123")]
    public void A_search_is_a_whole_reference_or_a_number(string text, string? exact, string? suffix) =>
        Assert.Equal(new ReferenceSearch(exact, suffix), ReferralReferences.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("Tarascon")]
    [InlineData("2026-1234567")]
    [InlineData("12-34")]
    public void Anything_else_is_no_reference(string text) => Assert.Null(ReferralReferences.Parse(text));

    [Theory]
    [InlineData(null, 12, AgeBand.Under13)]
    [InlineData(null, 13, AgeBand.From13To15)]
    [InlineData(null, 17, AgeBand.From16To17)]
    [InlineData(null, 18, AgeBand.From18To21)]
    [InlineData(null, 25, AgeBand.From22To25)]
    [InlineData(null, 26, AgeBand.Over25)]
    [InlineData(AgeBand.From18To21, null, AgeBand.From18To21)]
    public void The_inbox_shows_the_band_sent_or_the_one_the_age_falls_in(AgeBand? band, int? age, AgeBand expected) =>
        Assert.Equal(expected, ReferralReferences.BandOf(band, age));

    [Fact]
    public void No_age_no_band() => Assert.Null(ReferralReferences.BandOf(null, null));
}
