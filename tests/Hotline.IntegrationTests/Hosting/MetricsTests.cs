using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Hotline.IntegrationTests.LiveConsole;
using Hotline.IntegrationTests.Telephony;
using Hotline.Server.Hosting.Telemetry;
using Hotline.Server.LiveConsole;
using Hotline.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Hotline.IntegrationTests.Hosting;

/// <summary>
/// Meters share their name across the hosts of this test process (OpenTelemetry listens by meter name): these tests
/// run alone, so the scrape holds this host's measurements only and the figures can be exact.
/// </summary>
[CollectionDefinition(nameof(MetricsCollection), DisableParallelization = true)]
public sealed class MetricsCollection;

/// <summary>Twilio played by WireMock, a clock the test moves, and database gauges refreshed when the test says.</summary>
public sealed class MetricsApp : TwilioConsoleApp
{
    public MetricsApp() => Time = Clock;

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2027, 3, 30, 8, 0, 0, TimeSpan.Zero));

    /// <summary>GET on the management listener (a real socket, as Prometheus scrapes it).</summary>
    public async Task<HttpResponseMessage> ManagementGetAsync(string path)
    {
        var address = Assert.Single(Services.GetRequiredService<ManagementEndpoint>().Addresses);
        using var client = new HttpClient { BaseAddress = new Uri(address) };
        return await client.GetAsync(path, TestContext.Current.CancellationToken);
    }

    public async Task<Scrape> ScrapeAsync()
    {
        await Services.GetRequiredService<DatabaseGaugeRefresher>().RefreshAsync(TestContext.Current.CancellationToken);
        using var response = await ManagementGetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new Scrape(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}

/// <summary>A Prometheus text exposition, read series by series.</summary>
public sealed partial class Scrape(string text)
{
    public string Text { get; } = text;

    /// <summary>The value of a series: its name and the labels given (others, e.g. otel_scope_name, ignored); null when absent.</summary>
    public double? Value(string name, params (string Label, string Value)[] labels)
    {
        foreach (var (series, seriesLabels, value) in Series())
        {
            if (series == name && labels.All(l => seriesLabels.TryGetValue(l.Label, out var v) && v == l.Value))
            {
                return value;
            }
        }

        return null;
    }

    public IEnumerable<(string Name, Dictionary<string, string> Labels, double Value)> Series()
    {
        foreach (var line in Text.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            var match = SeriesLine().Match(line);
            Assert.True(match.Success, $"not a series line: {line}");
            var labels = LabelPair().Matches(match.Groups["labels"].Value)
                .ToDictionary(m => m.Groups["key"].Value, m => m.Groups["value"].Value);
            var raw = match.Groups["value"].Value;
            var value = raw switch { "+Inf" => double.PositiveInfinity, "-Inf" => double.NegativeInfinity, "NaN" => double.NaN, _ => double.Parse(raw, CultureInfo.InvariantCulture) };
            yield return (match.Groups["name"].Value, labels, value);
        }
    }

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)( \d+)?$""")]
    private static partial Regex SeriesLine();

    [GeneratedRegex("""(?<key>[a-zA-Z_][a-zA-Z0-9_]*)="(?<value>(\\.|[^"\\])*)"?""")]
    private static partial Regex LabelPair();
}

[Collection(nameof(MetricsCollection))]
public sealed class MetricsTests(MetricsApp app) : IClassFixture<MetricsApp>
{
    private const string Scope = "otel_scope_name";

    [Fact]
    public async Task A_simulated_call_shows_in_the_scrape_with_its_figures_and_no_personal_data()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var counsellor = await ConsoleClient.ConnectAsync(app, "counsellor1");
        await counsellor.WaitForAsync<ConsoleSnapshot>("Snapshot");

        // Call A: offered and declined, offered again and missed (expired), offered a third time and answered.
        var a = Twiml.NewCallSid();
        await app.CallIntoQueueAsync(a, "2", "13150", from: "+33612345678");
        var callA = (await app.FindCallAsync(a))!.Id;
        var first = await counsellor.WaitForAsync<OfferCard>("OfferReceived", o => o.Call.CallId == callA);
        Assert.Equal(1, (await app.ScrapeAsync()).Value("hotline_calls_waiting", ("status", "offered")));
        Assert.True(await counsellor.DeclineAsync(first.OfferId));
        app.Clock.Advance(TimeSpan.FromSeconds(11));
        await app.Service<QueueDispatcher>().RunOnceAsync(ct);
        var second = await counsellor.WaitForAsync<OfferCard>("OfferReceived", o => o.OfferId != first.OfferId);
        app.Clock.Advance(TimeSpan.FromSeconds(21));
        await app.Service<QueueDispatcher>().RunOnceAsync(ct);
        await counsellor.WaitForAsync<object>("OfferWithdrawn");
        app.Clock.Advance(TimeSpan.FromSeconds(11));
        await app.Service<QueueDispatcher>().RunOnceAsync(ct);
        var third = await counsellor.WaitForAsync<OfferCard>("OfferReceived", o => o.OfferId != first.OfferId && o.OfferId != second.OfferId);
        Assert.True((await counsellor.AcceptAsync(third.OfferId)).Accepted);

        // Call B: waits while the only counsellor is on call A, then hangs up after 95 s in Twilio's queue.
        var b = Twiml.NewCallSid();
        await app.CallIntoQueueAsync(b, "1", "84000", from: "+33698765432");
        Assert.Equal(1, (await app.ScrapeAsync()).Value("hotline_calls_waiting", ("status", "queued")));
        await app.PostAsync("/telephony/twilio/queue-result", Twiml.Fields(b, ("QueueResult", "hangup"), ("QueueTime", "95")));
        // Under a heavy load the webhook's database budget can run out: the hang-up is then journaled, and replayed here
        // (the reconciler's timer runs on the test's clock).
        await app.Service<Hotline.Server.Telephony.OutageJournalReconciler>().ReconcileAsync(ct);
        Assert.Equal(Hotline.Server.Calls.CallStatus.Abandoned, (await app.FindCallAsync(b))!.Status);

        var scrape = await app.ScrapeAsync();
        Assert.Equal(3, scrape.Value("hotline_offers_made_total", ("by", "dispatcher")));
        Assert.Equal(1, scrape.Value("hotline_offers_declined_total"));
        Assert.Equal(1, scrape.Value("hotline_offers_expired_total"));
        // Answered 11 + 21 + 11 s after joining the queue (the test's clock); abandoned after Twilio's 95 s.
        Assert.Equal(1, scrape.Value("hotline_call_wait_duration_seconds_count", ("outcome", "answered")));
        Assert.Equal(43, scrape.Value("hotline_call_wait_duration_seconds_sum", ("outcome", "answered")));
        Assert.Equal(1, scrape.Value("hotline_call_wait_duration_seconds_bucket", ("outcome", "answered"), ("le", "45")));
        Assert.Equal(0, scrape.Value("hotline_call_wait_duration_seconds_bucket", ("outcome", "answered"), ("le", "30")));
        Assert.Equal(1, scrape.Value("hotline_call_wait_duration_seconds_count", ("outcome", "abandoned")));
        Assert.Equal(95, scrape.Value("hotline_call_wait_duration_seconds_sum", ("outcome", "abandoned")));
        // Each webhook timed under its step: two callers went through the greeting, the menu and the postal code.
        Assert.Equal(2, scrape.Value("hotline_webhook_duration_seconds_count", ("step", "voice")));
        Assert.Equal(2, scrape.Value("hotline_webhook_duration_seconds_count", ("step", "menu")));
        Assert.Equal(2, scrape.Value("hotline_webhook_duration_seconds_count", ("step", "postal-code")));
        Assert.Equal(1, scrape.Value("hotline_webhook_duration_seconds_count", ("step", "queue-result")));
        Assert.Equal(0, scrape.Value("hotline_calls_waiting", ("status", "queued")));
        Assert.Equal(0, scrape.Value("hotline_calls_waiting", ("status", "offered")));
        Assert.Equal(1, scrape.Value("hotline_hub_connections"));
        Assert.Equal(0, scrape.Value("hotline_referrals_overdue", ("deadline", "acknowledgement")));
        Assert.Equal(0, scrape.Value("hotline_outage_journal_backlog", ("state", "pending")));
        Assert.NotNull(scrape.Value("http_server_request_duration_seconds_count"));
        Assert.Equal("Hotline", scrape.Series().First(s => s.Name == "hotline_offers_made_total").Labels[Scope]);

        // No label carries a CallSid, a phone number, a postal code, a name or an id.
        // target_info describes the process (service name, version, a random instance id), not a call; a server_port
        // (HttpClient's, here the fake Twilio's) is a TCP port, not a postal code; Npgsql's pool name is the connection
        // string without its password (server, database, role: no person).
        string[] notAboutPeople = ["_port", "_pool_name"];
        var values = scrape.Series().Where(s => s.Name != "target_info")
            .SelectMany(s => s.Labels.Where(l => l.Key != Scope && !notAboutPeople.Any(suffix => l.Key.EndsWith(suffix, StringComparison.Ordinal))).Select(l => $"{s.Name} {l.Key}={l.Value}"))
            .Distinct().ToList();
        Assert.NotEmpty(values);
        foreach (var value in values)
        {
            Assert.DoesNotMatch(@"CA[0-9a-f]{32}", value);
            Assert.DoesNotMatch(@"\+?\d{9,}", value);
            Assert.DoesNotMatch(@"=\d{5}$", value);
            Assert.DoesNotMatch(@"[0-9a-f]{8}-[0-9a-f]{4}-", value);
            Assert.DoesNotContain("counsellor1", value, StringComparison.Ordinal);
        }

        foreach (var secret in new[] { a, b, "+33612345678", "0612345678", "+33698765432", "13150", "84000", callA.ToString(), "counsellor1" })
        {
            // As a token of its own: "84000" inside a sample value such as 0.005984000000000001 is a float, not Avignon.
            Assert.DoesNotMatch($@"(?<![0-9A-Za-z.]){System.Text.RegularExpressions.Regex.Escape(secret)}(?![0-9A-Za-z])", scrape.Text);
        }
    }

    [Fact]
    public async Task Metrics_are_served_on_the_management_port_only()
    {
        using var publicClient = app.CreateApiClient();
        using (var onPublic = await publicClient.GetAsync("/metrics", TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.NotFound, onPublic.StatusCode);
            Assert.DoesNotContain("# TYPE", await onPublic.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }

        // The management port serves /metrics and nothing of the application.
        using (var scrape = await app.ManagementGetAsync("/metrics"))
        {
            Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
            Assert.Contains("# TYPE hotline_hub_connections gauge", await scrape.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }

        foreach (var path in new[] { "/health/ready", "/api/auth/me", "/", "/hubs/console/negotiate" })
        {
            using var other = await app.ManagementGetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        }
    }
}
