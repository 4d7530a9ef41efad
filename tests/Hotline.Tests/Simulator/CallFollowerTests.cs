using Hotline.Telephony.Simulator.Calls;

namespace Hotline.Tests.Simulator;

/// <summary>The simulated call follows TwiML the way Twilio does, against a fake server.</summary>
public sealed class CallFollowerTests
{
    [Fact]
    public async Task Resolves_relative_action_urls_against_the_current_document_url()
    {
        await using var fixture = await SimulatorFixture.StartAsync();
        fixture.Server.Twiml("/telephony/twilio/voice", "<Redirect>ivr/menu?lang=fr</Redirect>");
        fixture.Server.Twiml("/telephony/twilio/ivr/menu", "<Gather numDigits=\"1\" action=\"choice\"/>");
        fixture.Server.Twiml("/telephony/twilio/ivr/choice", "<Gather action=\"../postal-code?attempt=1\"/>");
        fixture.Server.Twiml("/telephony/twilio/postal-code", "<Gather action=\"/root-action\"/>");
        fixture.Server.Twiml("/root-action", "<Hangup/>");

        await fixture.CallAsync(new CallScript([new DtmfInput("2"), new DtmfInput("13150#"), new DtmfInput("1#")]));

        Assert.Equal(
            [
                "/telephony/twilio/voice",
                "/telephony/twilio/ivr/menu?lang=fr",
                "/telephony/twilio/ivr/choice",
                "/telephony/twilio/postal-code?attempt=1",
                "/root-action",
                "/telephony/twilio/status",
            ],
            fixture.Server.Received.Select(r => r.PathAndQuery));
        Assert.All(fixture.Server.Received, r => Assert.True(r.SignatureValid));
    }

    [Fact]
    public async Task Sends_digits_as_typed_without_the_finish_key_and_stops_at_numDigits()
    {
        await using var fixture = await SimulatorFixture.StartAsync();
        fixture.Server.Twiml("/telephony/twilio/voice", "<Gather numDigits=\"1\" action=\"menu\"><Say>Tapez 2.</Say></Gather>");
        fixture.Server.Twiml("/telephony/twilio/menu", "<Gather action=\"postal\" timeout=\"5\"><Say>Code postal puis dièse.</Say></Gather>");
        fixture.Server.Twiml("/telephony/twilio/postal", "<Say>Merci.</Say>");

        var call = await fixture.CallAsync(CallScript.From(["2"], "13150", null));

        var menu = Assert.Single(fixture.Server.To("/telephony/twilio/menu"));
        Assert.Equal("2", menu["Digits"]);
        Assert.Equal(string.Empty, menu["FinishedOnKey"]);
        Assert.Equal("in-progress", menu["CallStatus"]);
        var postal = Assert.Single(fixture.Server.To("/telephony/twilio/postal"));
        Assert.Equal("13150", postal["Digits"]);
        Assert.Equal("#", postal["FinishedOnKey"]);
        Assert.Equal(["2", "13150#"], fixture.Observer.Lines(CallEventKind.CallerTypes));
        Assert.Equal(["« Tapez 2. »", "« Code postal puis dièse. »", "« Merci. »"], fixture.Observer.Lines(CallEventKind.ServerSays));
        Assert.Equal("fin du TwiML", call.EndReason);
    }

    [Fact]
    public async Task A_gather_without_input_times_out_and_Twilio_goes_on_with_the_next_verb()
    {
        await using var fixture = await SimulatorFixture.StartAsync();
        fixture.Server.Twiml("/telephony/twilio/voice", """
            <Gather action="menu" timeout="3"><Say>Tapez 1.</Say></Gather>
            <Say>Nous n'avons pas reçu votre choix.</Say>
            <Redirect>voice-again</Redirect>
            """);
        fixture.Server.Twiml("/telephony/twilio/voice-again", "<Hangup/>");

        await fixture.CallAsync();

        Assert.Empty(fixture.Server.To("/telephony/twilio/menu"));
        Assert.Single(fixture.Server.To("/telephony/twilio/voice-again"));
        Assert.Contains("« Nous n'avons pas reçu votre choix. »", fixture.Observer.Lines(CallEventKind.ServerSays));
    }

    [Fact]
    public async Task A_gather_with_actionOnEmptyResult_posts_empty_digits_on_timeout()
    {
        await using var fixture = await SimulatorFixture.StartAsync();
        fixture.Server.Twiml("/telephony/twilio/voice", "<Gather action=\"menu\" actionOnEmptyResult=\"true\"/><Say>jamais dit</Say>");
        fixture.Server.Twiml("/telephony/twilio/menu", "<Hangup/>");

        await fixture.CallAsync();

        var menu = Assert.Single(fixture.Server.To("/telephony/twilio/menu"));
        Assert.Equal(string.Empty, menu["Digits"]);
        Assert.DoesNotContain("« jamais dit »", fixture.Observer.Lines(CallEventKind.ServerSays));
    }

    [Fact]
    public async Task A_gather_without_action_posts_to_the_current_document_url()
    {
        await using var fixture = await SimulatorFixture.StartAsync();
        fixture.Server.Respond("/telephony/twilio/voice", r => r["Digits"] is null
            ? (200, "<Response><Gather numDigits=\"1\"/></Response>")
            : (200, "<Response><Hangup/></Response>"));

        await fixture.CallAsync(new CallScript([new DtmfInput("3")]));

        var voice = fixture.Server.To("/telephony/twilio/voice");
        Assert.Equal(2, voice.Count);
        Assert.Equal("ringing", voice[0]["CallStatus"]);
        Assert.Equal("3", voice[1]["Digits"]);
    }

    [Fact]
    public async Task Speech_goes_to_a_gather_that_accepts_it_and_waits_for_one_that_does()
    {
        await using var fixture = await SimulatorFixture.StartAsync();
        fixture.Server.Twiml("/telephony/twilio/voice", "<Gather action=\"dtmf-only\" timeout=\"1\"/><Gather input=\"speech\" action=\"speech\" language=\"fr-FR\"/>");
        fixture.Server.Twiml("/telephony/twilio/speech", "<Hangup/>");

        await fixture.CallAsync(new CallScript([new SpeechInput("mon fils a changé")]));

        Assert.Empty(fixture.Server.To("/telephony/twilio/dtmf-only"));
        var speech = Assert.Single(fixture.Server.To("/telephony/twilio/speech"));
        Assert.Equal("mon fils a changé", speech["SpeechResult"]);
        Assert.Equal("fr-FR", speech["Language"]);
    }

    [Fact]
    public async Task The_status_callback_reports_completion_with_duration_and_an_idempotency_token()
    {
        await using var fixture = await SimulatorFixture.StartAsync(speed: 20);
        fixture.Server.Twiml("/telephony/twilio/voice", "<Say>Bonjour.</Say><Pause length=\"60\"/>");

        var call = await fixture.CallAsync(hangupAfter: TimeSpan.FromSeconds(30), adjust: spec => spec with { RepeatStatusCallback = true });

        var status = fixture.Server.To("/telephony/twilio/status");
        Assert.Equal(2, status.Count);
        Assert.All(status, s =>
        {
            Assert.Equal("completed", s["CallStatus"]);
            Assert.Equal(call.Sid, s["CallSid"]);
            Assert.Equal("inbound", s["Direction"]);
            Assert.Equal(SimulatorFixture.AccountSid, s["AccountSid"]);
            Assert.Equal("2010-04-01", s["ApiVersion"]);
            // Answered when the first verb runs, after the voice webhook's (real, scaled, so variable) latency; counted
            // to the hang-up due at 30 s, however late a busy machine runs the hang-up (it went to 32 s before).
            Assert.Equal(Hotline.Telephony.Simulator.Protocol.TwilioFormats.Seconds(call.Duration), s["CallDuration"]);
            Assert.InRange(int.Parse(s["CallDuration"]!, System.Globalization.CultureInfo.InvariantCulture), 1, 30);
            Assert.True(s.SignatureValid);
        });
        Assert.Equal(status[0].IdempotencyToken, status[1].IdempotencyToken);
        Assert.Equal("completed", call.Status);
        Assert.Equal("l'appelant raccroche", call.EndReason);
    }

    [Fact]
    public async Task A_withheld_number_is_sent_as_Twilio_sends_it()
    {
        await using var fixture = await SimulatorFixture.StartAsync();
        fixture.Server.Twiml("/telephony/twilio/voice", "<Hangup/>");

        await fixture.CallAsync(adjust: spec => spec with { From = Hotline.Telephony.Simulator.Protocol.TwilioFormats.AnonymousCaller });

        var voice = Assert.Single(fixture.Server.To("/telephony/twilio/voice"));
        Assert.Equal("+266696687", voice["From"]);
        Assert.Equal(string.Empty, voice["FromCountry"]);
    }

    [Fact]
    public async Task Record_posts_the_recording_to_the_action_and_the_recording_status_callback()
    {
        await using var fixture = await SimulatorFixture.StartAsync();
        fixture.Server.Twiml("/telephony/twilio/voice", "<Record action=\"voicemail\" maxLength=\"120\" recordingStatusCallback=\"recording\"/>");
        fixture.Server.Twiml("/telephony/twilio/voicemail", "<Say>Message enregistré.</Say><Hangup/>");

        await fixture.CallAsync(adjust: spec => spec with { RecordDuration = TimeSpan.FromSeconds(12) });

        var action = Assert.Single(fixture.Server.To("/telephony/twilio/voicemail"));
        Assert.StartsWith("RE", action["RecordingSid"], StringComparison.Ordinal);
        Assert.Equal("12", action["RecordingDuration"]);
        Assert.Equal($"https://api.twilio.com/2010-04-01/Accounts/{SimulatorFixture.AccountSid}/Recordings/{action["RecordingSid"]}", action["RecordingUrl"]);
        var callback = Assert.Single(fixture.Server.To("/telephony/twilio/recording"));
        Assert.Equal(action["RecordingSid"], callback["RecordingSid"]);
        Assert.Equal("completed", callback["RecordingStatus"]);
        Assert.NotNull(fixture.Host.Switchboard.FindRecording(action["RecordingSid"]!));
    }

    [Fact]
    public async Task A_failing_webhook_turns_to_the_static_fallback_twiml()
    {
        await using var fixture = await SimulatorFixture.StartAsync();
        fixture.Server.Respond("/telephony/twilio/voice", _ => (500, "boom"));
        var fallback = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "telephony", "fallback.xml"), TestContext.Current.CancellationToken);

        var call = await fixture.CallAsync(hangupAfter: TimeSpan.FromSeconds(60), adjust: spec => spec with { FallbackTwiml = fallback });

        Assert.Contains(fixture.Observer.Lines(CallEventKind.ServerSays), line => line.Contains("composez le 17 ou le 112", StringComparison.Ordinal));
        Assert.Contains(fixture.Observer.Lines(CallEventKind.Queue), line => line.Contains("« hotline »", StringComparison.Ordinal));
        Assert.Contains(fixture.Observer.Webhooks, w => w.Error == "HTTP 500");
        Assert.Equal("completed", call.Status);
    }

    [Fact]
    public async Task Without_a_fallback_a_failing_webhook_ends_the_call_with_Twilio_apology()
    {
        await using var fixture = await SimulatorFixture.StartAsync();
        fixture.Server.Respond("/telephony/twilio/voice", _ => (200, "this is not TwiML"));

        var call = await fixture.CallAsync();

        Assert.Equal("erreur d'application", call.EndReason);
        Assert.Contains(fixture.Observer.Lines(CallEventKind.Error), line => line.Contains("12100", StringComparison.Ordinal));
        Assert.Single(fixture.Server.To("/telephony/twilio/status"));
    }

    [Fact]
    public async Task Never_requests_a_url_outside_the_server_and_loopback()
    {
        await using var fixture = await SimulatorFixture.StartAsync();
        fixture.Server.Twiml("/telephony/twilio/voice", "<Redirect>https://example.com/twiml</Redirect>");

        var call = await fixture.CallAsync();

        Assert.Contains(fixture.Observer.Webhooks, w => w.Url.Host == "example.com" && w.Error == "not requested");
        Assert.Equal("erreur d'application", call.EndReason);
    }

    [Fact]
    public async Task A_redirect_loop_is_cut_instead_of_hammering_the_server()
    {
        await using var fixture = await SimulatorFixture.StartAsync();
        fixture.Server.Twiml("/telephony/twilio/voice", "<Redirect>voice</Redirect>");

        var call = await fixture.CallAsync();

        Assert.Equal("boucle de redirections", call.EndReason);
        Assert.Equal("failed", call.Status);
        Assert.InRange(fixture.Server.To("/telephony/twilio/voice").Count, 20, 21);
    }

    internal static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Hotline.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException("Hotline.sln not found above " + AppContext.BaseDirectory);
    }
}
