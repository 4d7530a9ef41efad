using Hotline.Telephony.Simulator.Twiml;

namespace Hotline.Tests.Simulator;

public sealed class TwimlParserTests
{
    [Fact]
    public void Reads_verbs_in_order_with_Twilio_defaults()
    {
        var document = TwimlParser.Parse("""
            <?xml version="1.0" encoding="UTF-8"?>
            <Response>
              <Say language="fr-FR" voice="Polly.Lea">Bonjour</Say>
              <Gather><Say>Tapez 1</Say><Pause/></Gather>
              <Record/>
              <Enqueue>hotline</Enqueue>
              <Redirect>/telephony/twilio/voice</Redirect>
              <Hangup/>
            </Response>
            """);

        Assert.Collection(
            document.Verbs,
            v => Assert.Equal(new SayVerb("Bonjour", "Polly.Lea", "fr-FR", 1), v),
            v =>
            {
                var gather = Assert.IsType<GatherVerb>(v);
                Assert.Null(gather.Action);
                Assert.Equal("POST", gather.Method);
                Assert.Equal(5, gather.Timeout);
                Assert.Equal("#", gather.FinishOnKey);
                Assert.Null(gather.NumDigits);
                Assert.Equal(GatherInput.Dtmf, gather.Input);
                Assert.False(gather.ActionOnEmptyResult);
                Assert.Equal([typeof(SayVerb), typeof(PauseVerb)], gather.Prompts.Select(p => p.GetType()));
            },
            v =>
            {
                var record = Assert.IsType<RecordVerb>(v);
                Assert.Equal(3600, record.MaxLength);
                Assert.Equal("1234567890*#", record.FinishOnKey);
                Assert.True(record.PlayBeep);
            },
            v => Assert.Equal(new EnqueueVerb("hotline", null, "POST", null, "POST"), v),
            v => Assert.Equal(new RedirectVerb("/telephony/twilio/voice", "POST"), v),
            v => Assert.IsType<HangupVerb>(v));
    }

    [Fact]
    public void Reads_gather_attributes()
    {
        var gather = Assert.IsType<GatherVerb>(TwimlParser.Parse("""
            <Response><Gather action="postal-code?attempt=2" method="get" timeout="8" numDigits="5"
              finishOnKey="" input="dtmf speech" actionOnEmptyResult="true" language="fr-FR"/></Response>
            """).Verbs.Single());

        Assert.Equal("postal-code?attempt=2", gather.Action);
        Assert.Equal("GET", gather.Method);
        Assert.Equal(8, gather.Timeout);
        Assert.Equal(5, gather.NumDigits);
        Assert.Equal(string.Empty, gather.FinishOnKey);
        Assert.Equal(GatherInput.Dtmf | GatherInput.Speech, gather.Input);
        Assert.True(gather.ActionOnEmptyResult);
        Assert.Equal("fr-FR", gather.Language);
    }

    [Fact]
    public void Reads_dial_nouns()
    {
        var dial = Assert.IsType<DialVerb>(TwimlParser.Parse("""
            <Response><Dial action="/dial-done" timeout="20" callerId="+33800005696">
              <Client><Identity>counsellor1</Identity></Client>
              <Number>+33612345678</Number>
              <Queue url="/about-to-connect">hotline</Queue>
            </Dial><Dial>+33700000000</Dial></Response>
            """).Verbs[0]);

        Assert.Equal("/dial-done", dial.Action);
        Assert.Equal(20, dial.Timeout);
        Assert.Equal(
            [
                new DialTarget(DialTargetKind.Client, "counsellor1"),
                new DialTarget(DialTargetKind.Number, "+33612345678"),
                new DialTarget(DialTargetKind.Queue, "hotline", "/about-to-connect"),
            ],
            dial.Targets);
    }

    [Theory]
    [InlineData("", "Empty document")]
    [InlineData("<Response><Say>", "Not well-formed")]
    [InlineData("<html><body>oops</body></html>", "not <Response>")]
    [InlineData("<Response><Gather input=\"keys\"/></Response>", "dtmf and/or speech")]
    [InlineData("<Response><Gather><Dial>+33</Dial></Gather></Response>", "cannot be nested")]
    [InlineData("<Response><Pause length=\"soon\"/></Response>", "whole number")]
    [InlineData("<Response><Redirect method=\"PUT\">/x</Redirect></Response>", "GET or POST")]
    [InlineData("<Response><Enqueue/></Response>", "is empty")]
    public void Rejects_what_Twilio_would_reject(string xml, string message)
    {
        var error = Assert.Throws<TwimlParseException>(() => TwimlParser.Parse(xml));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Keeps_unknown_verbs_to_report_them()
    {
        var verb = TwimlParser.Parse("<Response><Connect><Stream url=\"wss://x\"/></Connect></Response>").Verbs.Single();
        Assert.Equal(new UnsupportedVerb("Connect"), verb);
    }
}
