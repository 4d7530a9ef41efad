using Hotline.Telephony.Simulator.Calls;
using Hotline.Telephony.Simulator.Numbers;
using Hotline.Telephony.Simulator.Protocol;
using Twilio.Clients;
using Twilio.Exceptions;
using Twilio.Http;
using HttpMethod = Twilio.Http.HttpMethod;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Rest.Api.V2010.Account.Queue;

namespace Hotline.Tests.Simulator;

/// <summary>Queues, the hold loop, and the fake REST API driven through the real Twilio SDK.</summary>
public sealed class QueueAndRestApiTests
{
    private const string EnqueueTwiml = "<Say>Merci.</Say><Enqueue waitUrl=\"wait\" action=\"queue-result\">hotline</Enqueue><Say>après la file</Say>";

    [Fact]
    public async Task The_hold_loop_polls_the_wait_url_with_the_queue_standing_and_posts_hangup_when_the_caller_leaves()
    {
        // 20× rather than 100×: webhook latency counts in simulated time, and the cycles are counted here.
        await using var fixture = await SimulatorFixture.StartAsync(speed: 20);
        fixture.Server.Twiml("/telephony/twilio/voice", EnqueueTwiml);
        fixture.Server.Twiml("/telephony/twilio/wait", "<Say>Veuillez patienter.</Say><Pause length=\"5\"/>");
        fixture.Server.Twiml("/telephony/twilio/queue-result", "<Say>ignoré</Say>");

        await fixture.CallAsync(hangupAfter: TimeSpan.FromSeconds(40));

        var waits = fixture.Server.To("/telephony/twilio/wait");
        Assert.InRange(waits.Count, 3, 7);
        Assert.All(waits, w =>
        {
            Assert.Equal("1", w["QueuePosition"]);
            Assert.Equal("1", w["CurrentQueueSize"]);
            Assert.StartsWith("QU", w["QueueSid"], StringComparison.Ordinal);
            Assert.NotNull(w["AvgQueueTime"]);
        });
        Assert.True(int.Parse(waits[^1]["QueueTime"]!, System.Globalization.CultureInfo.InvariantCulture) > int.Parse(waits[0]["QueueTime"]!, System.Globalization.CultureInfo.InvariantCulture));
        var result = Assert.Single(fixture.Server.To("/telephony/twilio/queue-result"));
        Assert.Equal("hangup", result["QueueResult"]);
        Assert.Equal("completed", result["CallStatus"]);
        Assert.Equal(waits[0]["QueueSid"], result["QueueSid"]);
        Assert.DoesNotContain("« ignoré »", fixture.Observer.Lines(CallEventKind.ServerSays));
        var board = fixture.Host.Switchboard;
        Assert.Empty(board.Members(board.FindQueueByName("hotline")!));
    }

    [Fact]
    public async Task A_member_update_through_the_Twilio_SDK_dequeues_the_live_call_which_follows_the_new_url()
    {
        await using var fixture = await SimulatorFixture.StartAsync(restApi: true);
        fixture.Server.Twiml("/telephony/twilio/voice", EnqueueTwiml);
        fixture.Server.Twiml("/telephony/twilio/wait", "<Play>https://example.com/music.mp3</Play>");
        fixture.Server.Twiml("/telephony/twilio/connect", "<Say>Un écoutant vous répond.</Say><Hangup/>");
        var client = Client(fixture);

        var call = fixture.Place(hangupAfter: TimeSpan.FromSeconds(3000));
        var queueSid = (await fixture.Server.WaitForAsync(r => r.Path == "/telephony/twilio/wait"))["QueueSid"]!;

        var queues = await QueueResource.ReadAsync(client: client);
        var queue = Assert.Single(queues);
        Assert.Equal("hotline", queue.FriendlyName);
        Assert.Equal(queueSid, queue.Sid);
        Assert.Equal(1, queue.CurrentSize);
        var member = Assert.Single(await MemberResource.ReadAsync(queueSid, client: client));
        Assert.Equal(call.Sid, member.CallSid);
        Assert.Equal(1, member.Position);
        var fetched = await MemberResource.FetchAsync(queueSid, call.Sid, client: client);
        Assert.Equal(call.Sid, fetched.CallSid);

        var connectUrl = new Uri(fixture.Server.BaseUrl, "/telephony/twilio/connect?counsellor=7");
        var dequeued = await MemberResource.UpdateAsync(queueSid, call.Sid, connectUrl, client: client);
        Assert.Equal(call.Sid, dequeued.CallSid);
        await call.Completion.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);

        var result = Assert.Single(fixture.Server.To("/telephony/twilio/queue-result"));
        Assert.Equal("redirected", result["QueueResult"]);
        Assert.Single(fixture.Server.To("/telephony/twilio/connect"));
        Assert.Contains("« Un écoutant vous répond. »", fixture.Observer.Lines(CallEventKind.ServerSays));
        Assert.Equal("<Hangup> du serveur", call.EndReason);
        Assert.All(fixture.Server.Received, r => Assert.True(r.SignatureValid));
        var done = await CallResource.FetchAsync(call.Sid, client: client);
        Assert.Equal(CallResource.StatusEnum.Completed, done.Status);
        Assert.Equal("inbound", done.Direction);

        var missing = await Assert.ThrowsAsync<ApiException>(() => MemberResource.UpdateAsync(queueSid, call.Sid, connectUrl, client: client));
        Assert.Equal(20404, missing.Code);
    }

    [Fact]
    public async Task A_dial_queue_from_another_call_bridges_the_first_caller()
    {
        await using var fixture = await SimulatorFixture.StartAsync(restApi: true);
        fixture.Server.Twiml("/telephony/twilio/voice", EnqueueTwiml);
        fixture.Server.Twiml("/telephony/twilio/wait", "<Pause length=\"10\"/>");
        fixture.Server.Twiml("/telephony/twilio/queue-result", "<Say>Merci, au revoir.</Say>");
        fixture.Server.Twiml("/telephony/twilio/counsellor", "<Dial><Queue url=\"about-to-connect\">hotline</Queue></Dial>");
        fixture.Server.Twiml("/telephony/twilio/about-to-connect", "<Say>Vous êtes mis en relation.</Say>");
        var client = Client(fixture);

        var caller = fixture.Place(hangupAfter: TimeSpan.FromSeconds(3000));
        await fixture.Server.WaitForAsync(r => r.Path == "/telephony/twilio/wait");

        var outbound = await CallResource.CreateAsync(
            to: new Twilio.Types.Client("counsellor1"),
            from: new Twilio.Types.PhoneNumber("+33800005696"),
            url: new Uri(fixture.Server.BaseUrl, "/telephony/twilio/counsellor"),
            client: client);
        Assert.Equal(CallResource.StatusEnum.Queued, outbound.Status);
        Assert.Equal("outbound-api", outbound.Direction);
        await fixture.Server.WaitForAsync(r => r.Path == "/telephony/twilio/about-to-connect");

        // The counsellor hangs up: the caller hears the Enqueue action's TwiML, then the TwiML ends.
        await CallResource.UpdateAsync(outbound.Sid, status: CallResource.UpdateStatusEnum.Completed, client: client);
        await caller.Completion.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);

        var result = Assert.Single(fixture.Server.To("/telephony/twilio/queue-result"));
        Assert.Equal("bridged", result["QueueResult"]);
        Assert.Equal(outbound.Sid, fixture.Server.To("/telephony/twilio/about-to-connect").Single()["DequeingCallSid"]);
        Assert.Contains("« Merci, au revoir. »", fixture.Observer.Lines(CallEventKind.ServerSays));
        Assert.Equal("fin du TwiML", caller.EndReason);
    }

    [Fact]
    public async Task A_call_update_with_a_url_redirects_and_with_status_completed_ends_the_call()
    {
        await using var fixture = await SimulatorFixture.StartAsync(restApi: true);
        fixture.Server.Twiml("/telephony/twilio/voice", "<Say>Bonjour.</Say><Pause length=\"600\"/>");
        fixture.Server.Twiml("/telephony/twilio/moved", "<Pause length=\"600\"/>");
        var client = Client(fixture);

        var call = fixture.Place(hangupAfter: TimeSpan.FromSeconds(3000));
        await fixture.Server.WaitForAsync(r => r.Path == "/telephony/twilio/voice");
        await Task.Delay(50, TestContext.Current.CancellationToken);
        await CallResource.UpdateAsync(call.Sid, url: new Uri(fixture.Server.BaseUrl, "/telephony/twilio/moved"), method: HttpMethod.Post, client: client);
        await fixture.Server.WaitForAsync(r => r.Path == "/telephony/twilio/moved");
        var ended = await CallResource.UpdateAsync(call.Sid, status: CallResource.UpdateStatusEnum.Completed, client: client);
        await call.Completion.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);

        Assert.Equal(call.Sid, ended.Sid);
        Assert.Equal("terminé par l'API REST", call.EndReason);
        var status = Assert.Single(fixture.Server.To("/telephony/twilio/status"));
        Assert.Equal("completed", status["CallStatus"]);
    }

    [Fact]
    public async Task Recordings_can_be_deleted_and_wrong_credentials_are_refused_like_Twilio()
    {
        await using var fixture = await SimulatorFixture.StartAsync(restApi: true);
        fixture.Server.Twiml("/telephony/twilio/voice", "<Record action=\"voicemail\"/>");
        fixture.Server.Twiml("/telephony/twilio/voicemail", "<Hangup/>");
        await fixture.CallAsync();
        var recordingSid = fixture.Server.To("/telephony/twilio/voicemail").Single()["RecordingSid"]!;

        Assert.True(await RecordingResource.DeleteAsync(recordingSid, client: Client(fixture)));
        Assert.Null(fixture.Host.Switchboard.FindRecording(recordingSid));
        var again = await Assert.ThrowsAsync<ApiException>(() => RecordingResource.DeleteAsync(recordingSid, client: Client(fixture)));
        Assert.Equal(20404, again.Code);

        var refused = await Assert.ThrowsAsync<ApiException>(() => QueueResource.ReadAsync(client: Client(fixture, authToken: "not-the-token-0000000000000000")));
        Assert.Equal(20003, refused.Code);
        Assert.Equal(401, refused.Status);
    }

    [Fact]
    public async Task Configure_number_sets_the_voice_fallback_and_status_urls_through_the_sdk()
    {
        await using var fixture = await SimulatorFixture.StartAsync(restApi: true);
        var numberSid = Sids.New(Sids.PhoneNumberPrefix);
        var settings = new NumberSettings(
            SimulatorFixture.AccountSid,
            FakeTwimlServer.AuthToken,
            numberSid,
            new Uri("https://hotline.example.fr"),
            new Uri("https://static.example.fr/hotline/fallback.xml"),
            "GET");

        var number = await NumberConfigurator.ApplyAsync(settings, fixture.Host.RestBaseUrl, CancellationToken.None);

        Assert.Equal(numberSid, number.Sid);
        Assert.Equal(new Uri("https://hotline.example.fr/telephony/twilio/voice"), number.VoiceUrl);
        Assert.Equal(HttpMethod.Post, number.VoiceMethod);
        Assert.Equal(new Uri("https://static.example.fr/hotline/fallback.xml"), number.VoiceFallbackUrl);
        Assert.Equal(HttpMethod.Get, number.VoiceFallbackMethod);
        Assert.Equal(new Uri("https://hotline.example.fr/telephony/twilio/status"), number.StatusCallback);
        Assert.Equal(HttpMethod.Post, number.StatusCallbackMethod);
    }

    private static TwilioRestClient Client(SimulatorFixture fixture, string authToken = FakeTwimlServer.AuthToken) =>
        new(SimulatorFixture.AccountSid, authToken,
            httpClient: new SystemNetHttpClient(new System.Net.Http.HttpClient(new ApiBaseRewriteHandler(fixture.Host.RestBaseUrl!))));
}
