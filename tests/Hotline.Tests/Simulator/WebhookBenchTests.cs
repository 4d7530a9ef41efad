using Hotline.Telephony.Simulator;
using Hotline.Telephony.Simulator.Bench;
using Hotline.Telephony.Simulator.Calls;

namespace Hotline.Tests.Simulator;

/// <summary>bench-webhooks: distinct signed calls carried through the steps, failures counted, pgbench read right.</summary>
public sealed class WebhookBenchTests
{
    private const int Warmup = 5;

    /// <param name="withWrk">
    /// The measured phases sent by wrk (the default of the command when wrk is installed; ./test.sh installs it) or by
    /// the .NET loop: either way each call goes once through each step, signed, and is hung up.
    /// </param>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Each_step_sends_distinct_signed_calls_taken_from_the_previous_step_and_every_call_is_hung_up(bool withWrk)
    {
        await using var server = await FakeTwimlServer.StartAsync();
        Route(server);

        var report = await Runner(server, withWrk).RunAsync(TestContext.Current.CancellationToken);

        Assert.All(server.Received.Where(r => r.Path.StartsWith("/telephony/", StringComparison.Ordinal)), r => Assert.True(r.SignatureValid, r.PathAndQuery));
        var voice = server.To("/telephony/twilio/voice");
        var menu = server.To("/telephony/twilio/menu");
        var postal = server.To("/telephony/twilio/postal-code");
        var status = server.To("/telephony/twilio/status");
        Assert.NotEmpty(postal);
        Assert.Equal(voice.Count, voice.Select(r => r["CallSid"]).Distinct().Count());
        Assert.Equal(voice.Count, voice.Select(r => r.IdempotencyToken).Distinct().Count());
        var voiced = voice.Select(r => r["CallSid"]).ToHashSet();
        Assert.Equal(menu.Count, menu.Select(r => r["CallSid"]).Distinct().Count());
        Assert.All(menu, r => Assert.Contains(r["CallSid"], voiced));
        Assert.All(menu, r => Assert.Equal("2", r["Digits"]));
        var menued = menu.Select(r => r["CallSid"]).ToHashSet();
        Assert.All(postal, r => Assert.Contains(r["CallSid"], menued));
        Assert.All(postal, r => Assert.Equal("13150", r["Digits"]));
        // Every caller of the run hangs up: the server's queue is left as it was.
        Assert.Equal(voiced.Order(), status.Select(r => r["CallSid"]).Order());
        Assert.All(status, r => Assert.Equal("completed", r["CallStatus"]));
        Assert.Equal(0, report.CallsLeftOpen);
        Assert.Equal(["/health/live", "voice", "menu (2)", "postal-code (<Enqueue>)", "status (completed)"], report.Phases.Select(p => p.Loop.Name));
        Assert.All(report.Phases, p => Assert.Equal(0, p.Loop.Errors));
        // The warm-up's calls go the same way first, and are not counted.
        Assert.Equal(voice.Count - Warmup, report.Phases[1].Loop.Requests);
        Assert.Equal(postal.Count - Warmup, report.Phases[3].Loop.Requests);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_step_answering_something_else_than_its_next_step_counts_as_an_error(bool withWrk)
    {
        await using var server = await FakeTwimlServer.StartAsync();
        Route(server);
        // The safety net: the caller is enqueued at once instead of hearing the menu.
        server.Twiml("/telephony/twilio/voice", "<Enqueue>hotline</Enqueue>");

        var report = await Runner(server, withWrk).RunAsync(TestContext.Current.CancellationToken);

        var voice = report.Phases.Single(p => p.Loop.Name == "voice").Loop;
        Assert.True(voice.Requests > 0);
        Assert.Equal(voice.Requests, voice.Errors);
        Assert.Equal(voice.Requests, voice.ErrorsByKind["réponse inattendue"]);
        // No call got past the voice step, so the menu had none to carry on.
        Assert.Equal(0, report.Phases.Single(p => p.Loop.Name == "menu (2)").Loop.Requests);
    }

    [Fact]
    public void Pgbench_output_and_transaction_log_are_read()
    {
        const string output = """
            pgbench (15.10 (Debian 15.10-0+deb12u1))
            transaction type: /tmp/x/insert.sql
            number of clients: 8
            latency average = 1.034 ms
            initial connection time = 12.345 ms
            tps = 7712.345678 (without initial connection time)
            """;
        Assert.Equal(7712.345678, InsertFloor.ParseTps(output));
        Assert.Null(InsertFloor.ParseTps("pgbench: error: connection refused"));
        // client transaction latency_µs script epoch_s epoch_µs
        Assert.Equal([1.25, 0.5], InsertFloor.ParseLog(["0 0 1250 0 1764000000 123456", "1 0 500 0 1764000000 123999", "garbage"]));
    }

    [Fact]
    public async Task Wrk_output_is_read_and_a_request_goes_on_the_wire_as_built()
    {
        // wrk-replay.lua: request number, expected (1/0), status, sent µs, answered µs; done(): per-thread counts, socket errors.
        var answers = WrkLoop.ParseAnswers(3, ["1 1 200 1000 1250", "2 0 503 2000 2100", "garbage", "3 1 200"]).ToList();
        Assert.Equal(
            [new WrkLoop.WrkAnswer(3, 1, true, System.Net.HttpStatusCode.OK, 1000, 1250), new WrkLoop.WrkAnswer(3, 2, false, System.Net.HttpStatusCode.ServiceUnavailable, 2000, 2100)],
            answers);
        const string output = """
            Running 10s test @ http://127.0.0.1:5080/
              2 threads and 2 connections
            sent 0 120
            sent 1 118
            errors connect=0 read=2 write=0 timeout=1
            """;
        Assert.Equal(new Dictionary<int, int> { [0] = 120, [1] = 118 }, WrkLoop.ParseSent(output));
        Assert.Equal(new Dictionary<string, int> { ["wrk read"] = 2, ["wrk timeout"] = 1 }, WrkLoop.ParseSocketErrors(output));

        using var message = new HttpRequestMessage(HttpMethod.Post, "http://127.0.0.1:5080/telephony/twilio/menu?attempt=1")
        {
            Content = new FormUrlEncodedContent([new("CallSid", "CA1"), new("Digits", "2")]),
        };
        message.Headers.Add("X-Twilio-Signature", "c2lnbmVk");
        var raw = System.Text.Encoding.ASCII.GetString(await WrkLoop.RawAsync(message, TestContext.Current.CancellationToken));
        Assert.StartsWith("POST /telephony/twilio/menu?attempt=1 HTTP/1.1\r\nHost: 127.0.0.1:5080\r\n", raw, StringComparison.Ordinal);
        Assert.Contains("X-Twilio-Signature: c2lnbmVk\r\n", raw, StringComparison.Ordinal);
        Assert.EndsWith("Content-Length: 20\r\n\r\nCallSid=CA1&Digits=2", raw, StringComparison.Ordinal);
    }

    [Fact]
    public void The_servers_cluster_is_found_from_a_connection_string_or_from_run_sh()
    {
        var fromString = PostgresTarget.FromConnectionString("Host=127.0.0.1;Port=55433;Database=hotline;Username=postgres;Password=s3cret", "test")!;
        Assert.Equal(new PostgresTarget("127.0.0.1", 55433, "postgres", "s3cret", "hotline", "test"), fromString);
        Assert.True(fromString.IsLoopback);
        Assert.DoesNotContain("s3cret", fromString.ToString(), StringComparison.Ordinal);

        var root = System.IO.Directory.CreateTempSubdirectory("bench-target-");
        try
        {
            var data = System.IO.Directory.CreateDirectory(Path.Combine(root.FullName, ".data", "postgres", "data"));
            File.WriteAllText(Path.Combine(root.FullName, ".data", "postgres", "password"), "pw\n");
            File.WriteAllLines(Path.Combine(data.FullName, "postmaster.pid"), ["4242", data.FullName, "1764000000", "55434", "", "127.0.0.1"]);
            var nested = System.IO.Directory.CreateDirectory(Path.Combine(root.FullName, "telephony", "sim"));

            var fromRunScript = PostgresTarget.FromRunScriptCluster(nested.FullName)!;

            Assert.Equal(("127.0.0.1", 55434, "postgres", "pw", "hotline"),
                (fromRunScript.Host, fromRunScript.Port, fromRunScript.User, fromRunScript.Password, fromRunScript.Database));
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    private static void Route(FakeTwimlServer server)
    {
        var b = server.BaseUrl.AbsoluteUri.TrimEnd('/');
        server.Twiml("/telephony/twilio/voice", $"<Gather action=\"{b}/telephony/twilio/menu?attempt=1\"><Say>Menu</Say></Gather>");
        server.Twiml("/telephony/twilio/menu", $"<Gather action=\"{b}/telephony/twilio/postal-code?attempt=1\"><Say>Code</Say></Gather>");
        server.Twiml("/telephony/twilio/postal-code", "<Say>Patientez</Say><Enqueue>hotline</Enqueue>");
        server.Respond("/health/live", _ => (200, "{\"status\":\"Healthy\",\"checks\":{}}"));
    }

    private static WebhookBenchRunner Runner(FakeTwimlServer server, bool withWrk = false) => new(
        new SimulatorOptions
        {
            AccountSid = "AC00000000000000000000000000000000",
            AuthToken = FakeTwimlServer.AuthToken,
            Endpoint = new HotlineEndpoint(server.BaseUrl, server.PublicBaseUrl),
        },
        new WebhookBenchPlan(Connections: 4, Duration: TimeSpan.FromMilliseconds(300), InsertClients: 1, WarmupCalls: Warmup, MeasureFloor: false)
        {
            Wrk = withWrk ? WrkLoop.Find() ?? throw new InvalidOperationException("wrk is not installed (apt-get install wrk; ./test.sh installs it)") : null,
        },
        floor: null,
        serverPid: null,
        databasePid: null,
        log: _ => { });
}
