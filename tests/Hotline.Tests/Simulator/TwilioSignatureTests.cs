using Hotline.Telephony.Simulator.Calls;
using Hotline.Telephony.Simulator.Protocol;
using Twilio.Security;

namespace Hotline.Tests.Simulator;

public sealed class TwilioSignatureTests
{
    [Fact]
    public void Matches_the_example_in_Twilio_security_documentation()
    {
        var parameters = new Dictionary<string, string>
        {
            ["CallSid"] = "CA1234567890ABCDE",
            ["Caller"] = "+12349013030",
            ["Digits"] = "1234",
            ["From"] = "+12349013030",
            ["To"] = "+18005551212",
        };

        var signature = TwilioSignature.Compute("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", parameters);

        Assert.Equal("0/KCTR6DLpKmkAf8muzZqo1nDgQ=", signature);
        Assert.True(new RequestValidator("12345").Validate("https://mycompany.com/myapp.php?foo=1&bar=2", parameters, signature));
    }

    [Theory]
    [InlineData("http://localhost:5080/telephony/twilio/voice")]
    [InlineData("https://hotline.example.fr/telephony/twilio/postal-code?attempt=2")]
    [InlineData("https://hotline.example.fr/base/telephony/twilio/wait?lang=fr&x=%C3%A9")]
    public void Is_accepted_by_the_Twilio_SDK_validator(string url)
    {
        var parameters = new Dictionary<string, string>
        {
            ["AccountSid"] = Sids.New(Sids.AccountPrefix),
            ["CallSid"] = Sids.New(Sids.CallPrefix),
            ["From"] = "+33600000001",
            ["To"] = "+33800005696",
            ["Digits"] = "13150",
            ["FinishedOnKey"] = "#",
            ["CallerCity"] = string.Empty,
            ["SpeechResult"] = "mon fils ne parle plus à personne, « il a changé »",
            ["a"] = "lowercase keys sort after uppercase ones (ordinal)",
        };
        const string token = "development-auth-token-not-a-secret";

        var signature = TwilioSignature.Compute(token, url, parameters);

        Assert.True(new RequestValidator(token).Validate(url, parameters, signature));
        Assert.False(new RequestValidator("another-token-entirely-000000000").Validate(url, parameters, signature));
        Assert.False(new RequestValidator(token).Validate(url, new Dictionary<string, string>(parameters) { ["Digits"] = "13151" }, signature));
    }

    [Fact]
    public void Does_not_depend_on_the_order_parameters_are_given_in()
    {
        var forward = new[] { KeyValuePair.Create("B", "2"), KeyValuePair.Create("A", "1"), KeyValuePair.Create("a", "3") };
        var backward = forward.Reverse().ToArray();

        Assert.Equal(
            TwilioSignature.Compute("token", "https://x.test/", forward),
            TwilioSignature.Compute("token", "https://x.test/", backward));
    }

    [Fact]
    public async Task Webhooks_are_signed_for_the_public_url_but_sent_to_the_server()
    {
        var publicBase = new Uri("https://hotline.example.fr/");
        await using var fixture = await SimulatorFixture.StartAsync(publicBaseUrl: publicBase);
        fixture.Server.Twiml("/telephony/twilio/voice", "<Redirect>/telephony/twilio/next?step=2</Redirect>");
        fixture.Server.Twiml("/telephony/twilio/next", "<Hangup/>");

        await fixture.CallAsync();

        var received = fixture.Server.Received;
        Assert.Equal(["/telephony/twilio/voice", "/telephony/twilio/next?step=2", "/telephony/twilio/status"], received.Select(r => r.PathAndQuery));
        Assert.All(received, r => Assert.True(r.SignatureValid, $"{r.PathAndQuery} should carry a valid signature for {publicBase}"));
        Assert.All(received, r => Assert.False(string.IsNullOrEmpty(r.IdempotencyToken)));
    }

    [Fact]
    public void Urls_under_the_public_base_map_to_the_server_and_others_stay_as_they_are()
    {
        var endpoint = new HotlineEndpoint(new Uri("http://localhost:5080"), new Uri("https://hotline.example.fr/ligne"));

        Assert.Equal("https://hotline.example.fr/ligne/telephony/twilio/voice", endpoint.VoiceUrl.AbsoluteUri);
        Assert.Equal(
            "http://localhost:5080/telephony/twilio/wait?x=1",
            endpoint.ToTransport(new Uri("https://hotline.example.fr/ligne/telephony/twilio/wait?x=1")).AbsoluteUri);
        Assert.Equal(
            "https://elsewhere.example.com/music.xml",
            endpoint.ToTransport(new Uri("https://elsewhere.example.com/music.xml")).AbsoluteUri);
    }
}
