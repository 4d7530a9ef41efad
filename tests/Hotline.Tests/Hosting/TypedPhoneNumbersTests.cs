using Hotline.Server.Hosting;

namespace Hotline.Tests.Hosting;

/// <summary>French numbers as people type them, read by libphonenumber: one shared reading for the counsellor's phone and the directory.</summary>
public sealed class TypedPhoneNumbersTests
{
    [Theory]
    [InlineData("06 12 34 56 78", "+33612345678")]
    [InlineData("0612345678", "+33612345678")]
    [InlineData("01.23.45.67.89", "+33123456789")]
    [InlineData("04-90-12-34-56", "+33490123456")]
    [InlineData("+33 6 12 34 56 78", "+33612345678")]
    [InlineData("0033 6 12 34 56 78", "+33612345678")]
    [InlineData(" 09 70 12 34 56 ", "+33970123456")]
    // Overseas départements dialled the French way get their own country codes, not +33.
    [InlineData("0262 12 34 56", "+262262123456")] // Réunion, fixed
    [InlineData("0692 12 34 56", "+262692123456")] // Réunion, mobile
    [InlineData("0269 61 23 45", "+262269612345")] // Mayotte
    [InlineData("0590 12 34 56", "+590590123456")] // Guadeloupe
    [InlineData("0690 12 34 56", "+590690123456")] // Guadeloupe, mobile
    [InlineData("0596 70 12 34", "+596596701234")] // Martinique
    [InlineData("0594 12 34 56", "+594594123456")] // Guyane
    [InlineData("+262 262 12 34 56", "+262262123456")]
    public void A_valid_number_is_written_in_E164(string typed, string expected) => Assert.Equal(expected, TypedPhoneNumbers.ToE164(typed));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("06 12 34 56")]
    [InlineData("06 12 34 56 78 90")]
    [InlineData("12345")]
    [InlineData("00 00 00 00 00")]
    [InlineData("téléphone")]
    public void Anything_else_is_refused(string typed) => Assert.Null(TypedPhoneNumbers.ToE164(typed));
}
