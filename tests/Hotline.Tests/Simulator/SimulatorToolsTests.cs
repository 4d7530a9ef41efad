using Hotline.Telephony.Simulator.Calls;
using Hotline.Telephony.Simulator.Cli;
using Hotline.Telephony.Simulator.Load;
using Hotline.Telephony.Simulator.Twiml;

namespace Hotline.Tests.Simulator;

public sealed class SimulatorToolsTests
{
    [Theory]
    [InlineData("30s", 30)]
    [InlineData("2m", 120)]
    [InlineData("1m30s", 90)]
    [InlineData("1h", 3600)]
    [InlineData("45", 45)]
    [InlineData("1.5s", 1.5)]
    [InlineData("500ms", 0.5)]
    public void Durations_read_the_usual_forms(string text, double seconds)
    {
        Assert.True(Durations.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("30 s")]
    [InlineData("-5s")]
    public void Durations_refuse_anything_else(string text) => Assert.False(Durations.TryParse(text, out _));

    [Fact]
    public void The_call_script_gives_menu_digits_then_the_postal_code_with_a_hash_then_speech()
    {
        var script = CallScript.From(["2", "1"], "13150", "bonjour");

        Assert.Null(script.TryTake(GatherInput.Speech));
        Assert.Equal(new DtmfInput("2"), script.TryTake(GatherInput.Dtmf));
        Assert.Equal(new DtmfInput("1"), script.TryTake(GatherInput.Dtmf | GatherInput.Speech));
        Assert.Equal(new DtmfInput("13150#"), script.TryTake(GatherInput.Dtmf));
        Assert.Null(script.TryTake(GatherInput.Dtmf));
        Assert.Equal(new SpeechInput("bonjour"), script.TryTake(GatherInput.Speech));
        Assert.Equal(0, script.Remaining);
    }

    [Fact]
    public void Percentiles_use_the_nearest_rank()
    {
        var summary = LoadStatistics.Summarize(Enumerable.Range(1, 100).Select(i => (double)i));

        Assert.Equal(new LatencySummary(100, 50, 95, 99, 100), summary);
        Assert.Equal(new LatencySummary(0, 0, 0, 0, 0), LoadStatistics.Summarize([]));
    }

    [Theory]
    [InlineData("http://localhost:5080", true)]
    [InlineData("http://127.0.0.1:5080", true)]
    [InlineData("http://127.8.0.2:5080", true)]
    [InlineData("http://[::1]:5080", true)]
    [InlineData("http://10.0.0.5:5080", false)]
    [InlineData("https://hotline.example.fr", false)]
    public void Load_tests_only_target_this_machine(string server, bool allowed) =>
        Assert.Equal(allowed, LoadCommand.IsLoopback(new Uri(server)));

    [Fact]
    public async Task A_small_load_run_completes_every_call_and_measures_latency()
    {
        await using var fixture = await SimulatorFixture.StartAsync(speed: 50);
        fixture.Server.Twiml("/telephony/twilio/voice", "<Gather numDigits=\"1\" action=\"menu\"/>");
        fixture.Server.Twiml("/telephony/twilio/menu", "<Gather action=\"postal\"/>");
        fixture.Server.Twiml("/telephony/twilio/postal", "<Enqueue waitUrl=\"wait\">hotline</Enqueue>");
        fixture.Server.Twiml("/telephony/twilio/wait", "<Pause length=\"5\"/>");
        var statistics = new LoadStatistics();

        // Each caller stays 100 simulated seconds (2 s here): long enough to reach the queue on a loaded CI
        // machine (20 s, 0.4 s real, once hung up one caller before the postal code).
        await new LoadRunner(fixture.Host, statistics).RunAsync(
            new LoadPlan(Calls: 12, CallsPerSecond: 40, MaxConcurrent: 5, HangupAfter: TimeSpan.FromSeconds(100), Digits: ["2"], PostalCode: "13150", AnonymousShare: 0.5),
            TestContext.Current.CancellationToken);

        var snapshot = statistics.Snapshot();
        Assert.Equal(12, snapshot.CallsStarted);
        Assert.Equal(12, snapshot.CallsCompleted);
        Assert.Equal(0, snapshot.WebhookErrors);
        Assert.Equal(12, snapshot.LatencyByPurpose["voice"].Count);
        Assert.Equal(12, snapshot.LatencyByPurpose["status"].Count);
        Assert.True(snapshot.Latency.P99 >= snapshot.Latency.P50);
        Assert.Equal(12, fixture.Server.To("/telephony/twilio/postal").Count(r => r["Digits"] == "13150"));
    }
}
