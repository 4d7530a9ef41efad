using System.Diagnostics;
using System.Globalization;
using System.Text;
using Hotline.Server.Telephony.TwilioRest;
using Hotline.Testing;
using Microsoft.Extensions.DependencyInjection;
using WireMock;
using WireMock.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace Hotline.IntegrationTests.Telephony;

/// <summary>The app, with its Twilio REST API pointed at a WireMock server of its own.</summary>
internal sealed class TwilioRestHarness : IAsyncDisposable
{
    /// <summary>For tests of the attempt timeout: short attempts, and answers that arrive well after.</summary>
    public static readonly (string, string)[] ShortAttempts = [("Twilio:Rest:AttemptTimeout", "00:00:00.500")];

    public static readonly TimeSpan PastTheAttemptTimeout = TimeSpan.FromMilliseconds(1500);

    private readonly FakeTwilio _twilio;
    private readonly LoggedApp _app;

    private TwilioRestHarness(FakeTwilio twilio, LoggedApp app)
    {
        _twilio = twilio;
        _app = app;
    }

    public TwilioApi Api => _app.Services.GetRequiredService<TwilioApi>();

    public static Task<TwilioRestHarness> StartAsync(params (string Key, string Value)[] settings) => StartAsync("", settings);

    public static async Task<TwilioRestHarness> StartAsync(string prefix, params (string Key, string Value)[] settings)
    {
        var twilio = new FakeTwilio();
        await twilio.WarmUpAsync();
        var app = new LoggedApp();
        await app.InitializeAsync();
        app.Settings["Twilio:ApiBaseUrl"] = twilio.Url + prefix;
        // Fast and deterministic by default: generous attempts (a cold first request must not time
        // out: 2 s once did in CI, on two cores shared with the browser tests), tiny back-off, no wait
        // before listing calls, and a breaker that stays out of the way.
        app.Settings["Twilio:Rest:AttemptTimeout"] = "00:00:08";
        app.Settings["Twilio:Rest:TotalTimeout"] = "00:00:20";
        app.Settings["Twilio:Rest:RetryDelay"] = "00:00:00.010";
        app.Settings["Twilio:Rest:MaxRetryAfter"] = "00:00:02";
        app.Settings["Twilio:Rest:ReconcileDelay"] = "00:00:00.050";
        app.Settings["Twilio:Rest:BreakerMinimumThroughput"] = "1000";
        foreach (var (key, value) in settings)
        {
            app.Settings[key] = value;
        }

        _ = app.Services;
        return new TwilioRestHarness(twilio, app);
    }

    public void On(string method, string path, params Reply[] script) => _twilio.On(method, path, script);

    /// <summary>Requests that reached WireMock's answer, counted as they arrive (before any delay of the reply).</summary>
    public int Arrived => _twilio.Arrived;

    /// <summary>Waits until <paramref name="expected"/> requests have arrived (10 s at most).</summary>
    public async Task ArrivedAsync(int expected)
    {
        var until = Stopwatch.StartNew();
        while (_twilio.Arrived < expected && until.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(10);
        }

        Assert.True(_twilio.Arrived >= expected, $"{_twilio.Arrived} request(s) arrived, {expected} expected");
    }

    /// <summary>
    /// The requests that reached WireMock, in arrival order, once <paramref name="expected"/> are logged
    /// and no more arrive. A request the client gave up on is logged when WireMock finishes answering it.
    /// </summary>
    public async Task<IReadOnlyList<IRequestMessage>> RequestsAsync(int expected)
    {
        var until = Stopwatch.StartNew();
        while (_twilio.Server.LogEntries.Count < expected && until.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(20);
        }

        await Task.Delay(150);
        return [.. _twilio.Server.LogEntries.Select(e => e.RequestMessage).OrderBy(r => r.DateTime)];
    }

    public void AssertNoNumberLogged(string number)
    {
        var digits = number[^9..];
        Assert.NotEmpty(_app.Logs);
        Assert.DoesNotContain(_app.Logs, line => line.Contains(digits, StringComparison.Ordinal));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _twilio.Dispose();
    }

    /// <summary>The app; <see cref="HotlineAppFactory.Logs"/> keeps every log event as text.</summary>
    private sealed class LoggedApp : HotlineAppFactory;
}

/// <summary>One scripted answer: the n-th request gets the n-th reply, the last one repeats.</summary>
internal sealed record Reply(int Status, string Body, string ContentType)
{
    public TimeSpan Delay { get; init; }

    public Dictionary<string, string> Headers { get; init; } = [];

    public static Reply Json(int status, string body) => new(status, body, "application/json");

    public static Reply Text(int status, string body) => new(status, body, "text/plain");

    public static Reply Error(int status, int code, string message) => Json(status,
        $$"""{"code": {{code}}, "message": "{{message}}", "more_info": "https://www.twilio.com/docs/errors/{{code}}", "status": {{status}}}""");

    public ResponseMessage ToMessage()
    {
        var message = new ResponseMessage
        {
            StatusCode = Status,
            BodyData = Body.Length == 0
                ? null
                : new BodyData { BodyAsString = Body, DetectedBodyType = BodyType.String, Encoding = Encoding.UTF8 },
        };
        message.AddHeader("Content-Type", ContentType);
        foreach (var (name, value) in Headers)
        {
            message.AddHeader(name, value);
        }

        return message;
    }
}

/// <summary>The Twilio REST API as WireMock plays it, with the shapes of Twilio's JSON.</summary>
internal sealed class FakeTwilio : IDisposable
{
    public const string QueueSid = "QU0123456789abcdef0123456789abcdef";
    private const string Account = HotlineAppFactory.TwilioAccountSid;

    public WireMockServer Server { get; } = WireMockServer.Start();

    public string Url => Server.Url!;

    public static string CallsPath => $"/2010-04-01/Accounts/{Account}/Calls.json";

    public static string QueuesPath => $"/2010-04-01/Accounts/{Account}/Queues.json";

    public static string MemberPath(string callSid) => $"/2010-04-01/Accounts/{Account}/Queues/{QueueSid}/Members/{callSid}.json";

    public static string RecordingPath(string recordingSid) => $"/2010-04-01/Accounts/{Account}/Recordings/{recordingSid}.json";

    public static string MemberJson(string callSid) =>
        $$"""{"call_sid": "{{callSid}}", "queue_sid": "{{QueueSid}}", "date_enqueued": "Tue, 30 Mar 2027 08:00:00 +0000", "position": 1, "wait_time": 143, "uri": "{{MemberPath(callSid)}}"}""";

    public static string CallJson(string callSid, string to, string from, DateTimeOffset created) =>
        $$"""{"sid": "{{callSid}}", "account_sid": "{{Account}}", "to": "{{to}}", "from": "{{from}}", "status": "queued", "direction": "outbound-api", "date_created": "{{Rfc2822(created)}}", "start_time": null, "uri": "/2010-04-01/Accounts/{{Account}}/Calls/{{callSid}}.json"}""";

    public static string CallListJson(params string[] calls) => ListJson("calls", CallsPath, calls);

    public static string QueueListJson(params (string Sid, string Name)[] queues) => ListJson("queues", QueuesPath,
        [.. queues.Select(q => $$"""{"sid": "{{q.Sid}}", "friendly_name": "{{q.Name}}", "current_size": 0, "max_size": 100, "average_wait_time": 0, "account_sid": "{{Account}}"}""")]);

    /// <summary>Each (method, path) answers with its script; requests nothing matches get WireMock's 404.</summary>
    private int _arrived;

    /// <summary>Requests answered by a script of <see cref="On"/>, counted on arrival.</summary>
    public int Arrived => Volatile.Read(ref _arrived);

    public void On(string method, string path, Reply[] script)
    {
        var count = 0;
        Server.Given(Request.Create().WithPath(path).UsingMethod(method))
            .RespondWith(Response.Create().WithCallback(async _ =>
            {
                Interlocked.Increment(ref _arrived);
                var reply = script[Math.Min(Interlocked.Increment(ref count), script.Length) - 1];
                if (reply.Delay > TimeSpan.Zero)
                {
                    await Task.Delay(reply.Delay);
                }

                return (IResponseMessage)reply.ToMessage();
            }));
    }

    /// <summary>Answers one request first, so the first timed request does not pay WireMock's start-up.</summary>
    public async Task WarmUpAsync()
    {
        using var client = new HttpClient();
        using var response = await client.GetAsync(new Uri(Url + "/warm-up"));
        Server.ResetLogEntries();
    }

    public void Dispose() => Server.Stop();

    private static string ListJson(string key, string path, string[] items) =>
        $$"""{"{{key}}": [{{string.Join(", ", items)}}], "first_page_uri": "{{path}}?PageSize=50&Page=0", "next_page_uri": null, "previous_page_uri": null, "page": 0, "page_size": 50, "start": 0, "end": {{items.Length - 1}}, "uri": "{{path}}?PageSize=50&Page=0"}""";

    private static string Rfc2822(DateTimeOffset time) =>
        time.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);
}
