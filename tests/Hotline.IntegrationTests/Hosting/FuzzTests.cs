using System.Net;
using System.Text;
using Hotline.IntegrationTests.Telephony;
using Hotline.Testing;

namespace Hotline.IntegrationTests.Hosting;

/// <summary>Thousands of malformed requests, signed webhooks and signed-in API calls alike: never a 500, never an unhandled exception.</summary>
public sealed class FuzzTests(HotlineAppFactory app) : IClassFixture<HotlineAppFactory>
{
    private static readonly string[] Webhooks =
    [
        "/telephony/twilio/voice", "/telephony/twilio/menu?attempt=1", "/telephony/twilio/postal-code?attempt=2",
        "/telephony/twilio/wait", "/telephony/twilio/wait-choice", "/telephony/twilio/queue-result",
        "/telephony/twilio/message-choice?attempt=1", "/telephony/twilio/voicemail", "/telephony/twilio/recording",
        "/telephony/twilio/status", "/telephony/twilio/connect?counsellor=x", "/telephony/twilio/dial-result",
        "/telephony/twilio/callback-status?item=1&counsellor=2",
    ];

    private static readonly string[] Fields =
    [
        "CallSid", "From", "Digits", "SpeechResult", "CallStatus", "QueueResult", "QueueTime", "QueueSid", "RecordingSid",
        "RecordingUrl", "RecordingDuration", "RecordingStatus", "DialCallStatus", "Unexpected",
    ];

    private static readonly string[] Api =
    [
        "/api/auth/login", "/api/console/answering", "/api/calls/00000000-0000-0000-0000-000000000000/legal-hold",
        "/api/audit/?take=-5&from=yesterday", "/api/console/voice-token", "/api/auth/me",
        "/api/directory/services?kind=Nope&toComplete=maybe", "/api/directory/services/import?dryRun=true", "/api/directory/services/import",
        "/api/directory/routing", "/api/directory/services/00000000-0000-0000-0000-000000000000",
    ];

    private static string Garbage(Random random) => random.Next(10) switch
    {
        0 => "",
        1 => new string('9', random.Next(1, 20_000)),
        2 => "'; DROP TABLE calls; --",
        3 => "<script>alert(1)</script>",
        4 => "١٢٣٤٥ 𝟙𝟚𝟛 \u202e\u0000\uffff",
        5 => "CA" + Guid.NewGuid().ToString("N"),
        6 => "-1",
        7 => "NaN",
        8 => "{\"a\":" + new string('[', 200),
        _ => Convert.ToBase64String(Enumerable.Range(0, random.Next(1, 64)).Select(_ => (byte)random.Next(256)).ToArray()),
    };

    [Fact]
    public async Task Malformed_webhooks_and_api_requests_never_get_a_500()
    {
        var random = new Random(20261127); // fixed seed: a failure can be replayed
        using var admin = await app.SignInAsync("admin");
        using var counsellor = await app.SignInAsync("counsellor1");
        var failures = new List<string>();

        for (var i = 0; i < 1500; i++)
        {
            var path = Webhooks[random.Next(Webhooks.Length)];
            var fields = new Dictionary<string, string>();
            for (var f = random.Next(0, 6); f > 0; f--)
            {
                fields[Fields[random.Next(Fields.Length)]] = Garbage(random);
            }

            if (random.Next(3) > 0)
            {
                fields["CallSid"] = "CA" + Guid.NewGuid().ToString("N"); // most reach the flow, not just validation
            }

            using var response = await app.PostTwilioAsync(path, fields);
            if ((int)response.StatusCode >= 500)
            {
                failures.Add($"{path} {string.Join("&", fields.Select(p => p.Key + "=" + p.Value[..Math.Min(30, p.Value.Length)]))} → {(int)response.StatusCode}");
            }
        }

        for (var i = 0; i < 600; i++)
        {
            var client = random.Next(2) == 0 ? admin : counsellor;
            var path = Api[random.Next(Api.Length)];
            using var request = new HttpRequestMessage(random.Next(3) switch { 0 => HttpMethod.Get, 1 => HttpMethod.Post, _ => HttpMethod.Put }, path)
            {
                Content = new StringContent(Garbage(random), Encoding.UTF8, random.Next(2) == 0 ? "application/json" : "text/plain"),
            };
            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            if ((int)response.StatusCode >= 500)
            {
                failures.Add($"{request.Method} {path} → {(int)response.StatusCode}");
            }
        }

        Assert.Empty(failures);
        Assert.DoesNotContain(app.Logs, line => line.Contains("unhandled exception", StringComparison.OrdinalIgnoreCase));
    }
}
