using System.Net;
using Hotline.Server.Telephony;
using Hotline.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.IntegrationTests.Telephony;

public sealed class TightWebhookLimitsApp : HotlineAppFactory
{
    public TightWebhookLimitsApp()
    {
        Settings["RateLimits:WebhooksPerSecond"] = "3";
        Settings["RateLimits:InvalidWebhooksPerMinutePerAddress"] = "5";
    }
}

/// <summary>Requests that are not Twilio's cannot use up Twilio's rate limit, nor fill the log.</summary>
public sealed class WebhookAdmissionTests(TightWebhookLimitsApp app) : IClassFixture<TightWebhookLimitsApp>
{
    [Fact]
    public async Task A_flood_of_unsigned_requests_gets_403_then_429_while_twilios_signed_webhooks_go_through_and_the_log_gets_one_line()
    {
        var ct = TestContext.Current.CancellationToken;
        using (app.CreateApiClient())
        {
            // Starts the server before the flood's concurrent first requests.
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var floodStatuses = new System.Collections.Concurrent.ConcurrentBag<HttpStatusCode>();
        var flood = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var response = await app.PostTwilioAsync("/telephony/twilio/voice", Twiml.Fields(Twiml.NewCallSid()), signature: "forged");
                floodStatuses.Add(response.StatusCode);
            }
        }, CancellationToken.None)).ToList();

        await Task.Delay(300, ct);
        var signed = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await app.PostTwilioAsync("/telephony/twilio/voice", Twiml.Fields(Twiml.NewCallSid()));
            signed.Add(response.StatusCode);
            await Task.Delay(400, ct);
        }

        await stop.CancelAsync();
        await Task.WhenAll(flood);

        Assert.All(signed, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(5, floodStatuses.Count(s => s == HttpStatusCode.Forbidden));
        Assert.All(floodStatuses, s => Assert.True(s is HttpStatusCode.Forbidden or HttpStatusCode.TooManyRequests, s.ToString()));
        Assert.DoesNotContain(app.Logs, line => line.Contains("telephony webhook", StringComparison.Ordinal));

        // What the minute's report says: one line for the whole flood, none when nothing was refused since.
        var lines = new List<string>();
        var report = new RefusedWebhookLog(app.Services.GetRequiredService<WebhookAdmission>(), TimeProvider.System, new ListLogger(lines));
        report.Flush();
        report.Flush();
        var reportLine = Assert.Single(lines);
        Assert.StartsWith($"Refused {floodStatuses.Count} telephony webhook request(s)", reportLine, StringComparison.Ordinal);
        Assert.Contains($"({floodStatuses.Count(status => status == HttpStatusCode.TooManyRequests)} of them answered 429", reportLine, StringComparison.Ordinal);
    }
}

internal sealed class ListLogger(List<string> lines) : Microsoft.Extensions.Logging.ILogger<RefusedWebhookLog>
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

    public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        lines.Add(formatter(state, exception));
}
