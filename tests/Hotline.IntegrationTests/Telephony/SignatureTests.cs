using System.Net;
using Hotline.Testing;

namespace Hotline.IntegrationTests.Telephony;

/// <summary>A Twilio app with a public URL on a non-default port, reached through a "proxy" (the test server is plain http://localhost).</summary>
public sealed class PortedTwilioApp : HotlineAppFactory
{
    public PortedTwilioApp() => PublicBaseUrl = "https://hotline.test:8443";
}

public sealed class SignatureTests(PortedTwilioApp app) : IClassFixture<PortedTwilioApp>
{
    [Fact]
    public async Task A_valid_signature_over_the_public_url_with_its_port_is_accepted_behind_the_proxy()
    {
        var callSid = Twiml.NewCallSid();
        var twiml = await app.PostAsync("/telephony/twilio/voice", Twiml.Fields(callSid));
        Assert.NotEmpty(twiml.Elements());
        Assert.NotNull(await app.FindCallAsync(callSid));
    }

    [Fact]
    public async Task The_query_string_is_part_of_what_is_signed()
    {
        var callSid = Twiml.NewCallSid();
        await app.PostAsync("/telephony/twilio/voice", Twiml.Fields(callSid));
        var fields = Twiml.Fields(callSid, ("Digits", "1"));

        using (var signedWithQuery = await app.PostTwilioAsync("/telephony/twilio/menu?attempt=1", fields))
        {
            Assert.Equal(HttpStatusCode.OK, signedWithQuery.StatusCode);
        }

        var signedWithoutQuery = TwilioSigner.Sign(HotlineAppFactory.TwilioAuthToken, app.PublicBaseUrl + "/telephony/twilio/menu", fields);
        using var rejected = await app.PostTwilioAsync("/telephony/twilio/menu?attempt=1", fields, signedWithoutQuery);
        Assert.Equal(HttpStatusCode.Forbidden, rejected.StatusCode);
    }

    public static TheoryData<string, string> BadSignatures => new()
    {
        { "missing", "" },
        { "garbage", "not-a-signature" },
        { "other token", TwilioSigner.Sign("another-auth-token-0123456789", "https://hotline.test:8443/telephony/twilio/voice", []) },
        { "internal url", "internal" },
    };

    [Theory]
    [MemberData(nameof(BadSignatures))]
    public async Task A_bad_or_missing_signature_gets_403_and_nothing_is_stored(string why, string signature)
    {
        var callSid = Twiml.NewCallSid();
        var fields = Twiml.Fields(callSid);
        if (signature == "internal")
        {
            // Signed for the URL the server itself sees, not the public one Twilio called.
            signature = TwilioSigner.Sign(HotlineAppFactory.TwilioAuthToken, "http://localhost/telephony/twilio/voice", fields);
        }
        else if (why == "other token")
        {
            signature = TwilioSigner.Sign("another-auth-token-0123456789", app.PublicBaseUrl + "/telephony/twilio/voice", fields);
        }

        using var client = app.CreateApiClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/telephony/twilio/voice") { Content = new FormUrlEncodedContent(fields) };
        if (signature.Length > 0)
        {
            request.Headers.Add("X-Twilio-Signature", signature);
        }

        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(await app.FindCallAsync(callSid));
    }

    [Fact]
    public async Task A_tampered_field_breaks_the_signature()
    {
        var callSid = Twiml.NewCallSid();
        var fields = Twiml.Fields(callSid);
        var signature = TwilioSigner.Sign(HotlineAppFactory.TwilioAuthToken, app.PublicBaseUrl + "/telephony/twilio/voice", fields);
        fields["From"] = "+33699999999";

        using var response = await app.PostTwilioAsync("/telephony/twilio/voice", fields, signature);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(await app.FindCallAsync(callSid));
    }
}
