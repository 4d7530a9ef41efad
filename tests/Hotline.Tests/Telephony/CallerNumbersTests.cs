using Hotline.Server.Telephony;
using Microsoft.Extensions.Options;

namespace Hotline.Tests.Telephony;

public sealed class CallerNumbersTests
{
    private static CallerNumbers WithKey(string key) => new(Options.Create(new PrivacyOptions { CallerKey = key }));

    private const string Key = "dGVzdC1vbmx5LWNhbGxlci1rZXktZm9yLWhvdGxpbmUh";

    [Theory]
    [InlineData("+33612345678", "+33612345678")]
    [InlineData("06 12 34 56 78", "+33612345678")]
    [InlineData("06.12.34.56.78", "+33612345678")]
    [InlineData("+262 692 12 34 56", "+262692123456")]
    public void Numbers_are_normalised_before_hashing(string raw, string normalized) =>
        Assert.Equal(normalized, CallerNumbers.Normalize(raw));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("anonymous")]
    [InlineData("Restricted")]
    [InlineData("+266696687")]
    [InlineData("client:counsellor1")]
    [InlineData("sip:someone@example.test")]
    public void Withheld_or_non_phone_callers_have_no_hash(string? from) => Assert.Null(WithKey(Key).Hash(from));

    [Fact]
    public void The_hash_is_keyed_stable_and_reveals_nothing()
    {
        var hash = WithKey(Key).Hash("0612345678");
        Assert.Equal(hash, WithKey(Key).Hash("+33 6 12 34 56 78"));
        Assert.NotEqual(hash, WithKey(Convert.ToBase64String(new byte[32])).Hash("0612345678"));
        Assert.Equal(64, hash!.Length);
        Assert.DoesNotContain("612345678", hash, StringComparison.Ordinal);
    }
}
