using Hotline.Testing;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Hotline.BrowserTests;

/// <summary>The server on a real socket, with WireMock.Net playing the Twilio REST API, and a way to place calls.</summary>
public sealed class ConsoleServer : IAsyncDisposable
{
    private const string QueueSid = "QU0123456789abcdef0123456789abcdef";

    public WireMockServer Twilio { get; } = WireMockServer.Start();

    public string BaseUrl => App.BaseUrl;

    /// <summary>The server itself: HTTP clients signed in as demo accounts, its database.</summary>
    public KestrelApp App { get; } = new();

    /// <param name="settings">Configuration over the test defaults (e.g. a shorter wrap-up).</param>
    public static async Task<ConsoleServer> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var server = new ConsoleServer();
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            server.App.Settings[key] = value;
        }

        server.App.Settings["Twilio:ApiBaseUrl"] = server.Twilio.Url;
        server.Twilio.Given(Request.Create().WithPath(new WildcardMatcher("/2010-04-01/Accounts/*/Queues/*/Members/*.json")).UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody($$"""{"call_sid":"CA00000000000000000000000000000000","queue_sid":"{{QueueSid}}","position":1,"wait_time":5}"""));
        await server.App.InitializeAsync();
        return server;
    }

    /// <summary>A caller goes through the voice menu to the queue, signed like Twilio: voice, menu, postal code (never asked after key 3), first wait.</summary>
    public async Task<string> PlaceCallAsync(string key, string postalCode)
    {
        var callSid = "CA" + Guid.NewGuid().ToString("N");
        Dictionary<string, string> Fields(params (string Key, string Value)[] extra)
        {
            var fields = new Dictionary<string, string> { ["CallSid"] = callSid, ["From"] = "+33612345678", ["To"] = "+33800005696" };
            foreach (var (k, v) in extra)
            {
                fields[k] = v;
            }

            return fields;
        }

        foreach (var (path, fields) in new[]
        {
            ("/telephony/twilio/voice", Fields()),
            ("/telephony/twilio/menu?attempt=1", Fields(("Digits", key))),
            ("/telephony/twilio/postal-code?attempt=1", Fields(("Digits", postalCode))),
            ("/telephony/twilio/wait", Fields(("QueueSid", QueueSid), ("QueuePosition", "1"), ("QueueTime", "0"))),
        }.Where(step => key != "3" || !step.Item1.Contains("postal-code", StringComparison.Ordinal)))
        {
            using var response = await App.PostTwilioAsync(path, fields);
            response.EnsureSuccessStatusCode();
        }

        return callSid;
    }

    /// <summary>The caller hangs up: Twilio's status callback says the call completed.</summary>
    public async Task EndCallAsync(string callSid)
    {
        using var response = await App.PostTwilioAsync("/telephony/twilio/status", new Dictionary<string, string>
        {
            ["CallSid"] = callSid, ["From"] = "+33612345678", ["To"] = "+33800005696", ["CallStatus"] = "completed",
        });
        response.EnsureSuccessStatusCode();
    }

    public int DequeuesOf(string callSid) =>
        Twilio.LogEntries.Count(e => e.RequestMessage.Method == "POST" && e.RequestMessage.Path.EndsWith($"/Members/{callSid}.json", StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        Twilio.Stop();
        Twilio.Dispose();
    }
}
