using System.Net;
using System.Text.Json;
using Hotline.IntegrationTests.Telephony;
using Hotline.Server.LiveConsole;
using Hotline.Testing;

namespace Hotline.IntegrationTests.LiveConsole;

/// <summary>
/// Two server instances (in-process hosts) on one PostgreSQL database and a real Redis as the SignalR backplane: pushes
/// reach consoles whatever instance they are connected to, and calls keep flowing while Redis is away.
/// </summary>
public sealed class MultiInstanceTests : IAsyncLifetime
{
    private RedisServer _redis = null!;
    private readonly TwilioConsoleApp _a = new();
    private readonly TwilioConsoleApp _b = new();
    private readonly List<ConsoleClient> _consoles = [];

    public async ValueTask InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        await _a.InitializeAsync();
        _b.UseDatabase(_a.ConnectionString);
        foreach (var app in (TwilioConsoleApp[])[_a, _b])
        {
            app.Settings["Redis:ConnectionString"] = _redis.ConnectionString;
        }

        // B's dispatcher looks at the queue only when something on B wakes it (or every 10 s): a call queued through A is
        // offered by A, so the offer has to cross instances to reach a console on B.
        _b.Settings["Console:DispatchInterval"] = "00:00:10";
        // One after the other: the first start seeds the demo accounts.
        _ = _a.Server;
        _ = _b.Server;
        await WaitForBackplaneAsync("Healthy");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var console in _consoles)
        {
            await console.DisposeAsync();
        }

        await _b.DisposeAsync();
        await _a.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task A_call_queued_on_A_reaches_a_console_on_B_and_is_accepted_there()
    {
        var counsellor = await ConnectAsync(_b, "counsellor1");
        await counsellor.WaitForAsync<ConsoleSnapshot>("Snapshot");
        var supervisor = await ConnectAsync(_b, "supervisor1");
        await supervisor.WaitForAsync<ConsoleSnapshot>("Snapshot");

        var callSid = Twiml.NewCallSid();
        await _a.CallIntoQueueAsync(callSid, "2", "13150");
        var call = await _a.FindCallAsync(callSid);

        // The card and the offer were pushed by A, through Redis.
        await supervisor.WaitForCardAsync(call!.Id, TimeSpan.FromSeconds(8));
        var offer = await counsellor.WaitForAsync<OfferCard>("OfferReceived", o => o.Call.CallId == call.Id, TimeSpan.FromSeconds(8));
        var accepted = await counsellor.AcceptAsync(offer.OfferId);

        Assert.True(accepted.Accepted, accepted.Reason);
        Assert.Equal(1, _b.DequeuesOf(callSid));
        Assert.Equal(0, _a.DequeuesOf(callSid));
    }

    [Fact]
    public async Task Without_Redis_calls_are_still_offered_to_a_reachable_console_and_consoles_resync_when_it_returns()
    {
        var counsellor = await ConnectAsync(_b, "counsellor1");
        await counsellor.WaitForAsync<ConsoleSnapshot>("Snapshot");
        var supervisor = await ConnectAsync(_a, "supervisor1");
        await supervisor.WaitForAsync<ConsoleSnapshot>("Snapshot");

        await _redis.StopServerAsync();
        await WaitForBackplaneAsync("Degraded");

        // Queued through A, whose dispatcher must not offer it to a console it cannot reach (on B): B offers it, at
        // its next pass, to its own console. An offer from A would never arrive and expire (20 s) unseen.
        var callSid = Twiml.NewCallSid();
        await _a.CallIntoQueueAsync(callSid, "2", "13150");
        var call = await _a.FindCallAsync(callSid);
        Assert.NotNull(call);
        var offer = await counsellor.WaitForAsync<OfferCard>("OfferReceived", o => o.Call.CallId == call.Id, TimeSpan.FromSeconds(18));
        var accepted = await counsellor.AcceptAsync(offer.OfferId);
        Assert.True(accepted.Accepted, accepted.Reason);

        // The supervisor on A heard nothing of B's counsellor meanwhile; when Redis returns, A sends a fresh snapshot.
        var snapshotsBefore = supervisor.Events.Count(e => e.Name == "Snapshot");
        await _redis.StartServerAsync();
        await WaitForBackplaneAsync("Healthy");
        var resync = await supervisor.WaitForAsync<ConsoleSnapshot>(
            "Snapshot", s => s.Counsellors!.Any(c => c.UserName == "counsellor1" && c.Presence == Presence.OnCall), TimeSpan.FromSeconds(15));
        Assert.True(supervisor.Events.Count(e => e.Name == "Snapshot") > snapshotsBefore);
        Assert.Equal(call.Id, resync.Counsellors!.Single(c => c.UserName == "counsellor1").CurrentCallId);

        // And pushes cross instances again.
        var next = Twiml.NewCallSid();
        await _b.CallIntoQueueAsync(next, "2", "13150");
        var nextCall = await _b.FindCallAsync(next);
        await supervisor.WaitForCardAsync(nextCall!.Id, TimeSpan.FromSeconds(8));
    }

    private async Task<ConsoleClient> ConnectAsync(TwilioConsoleApp app, string userName)
    {
        var console = await ConsoleClient.ConnectAsync(app, userName);
        _consoles.Add(console);
        return console;
    }

    /// <summary>Both instances' readiness: 200 either way, the backplane check Healthy or Degraded.</summary>
    private async Task WaitForBackplaneAsync(string status)
    {
        foreach (var app in (TwilioConsoleApp[])[_a, _b])
        {
            using var client = app.CreateApiClient();
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (true)
            {
                using var response = await client.GetAsync("/health/ready", TestContext.Current.CancellationToken);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                using var report = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
                var backplane = report.RootElement.GetProperty("checks").GetProperty("backplane").GetProperty("status").GetString();
                if (backplane == status)
                {
                    Assert.Equal(status, report.RootElement.GetProperty("status").GetString());
                    break;
                }

                Assert.True(DateTime.UtcNow < deadline, $"The backplane stayed {backplane}, not {status}");
                await Task.Delay(200, TestContext.Current.CancellationToken);
            }
        }
    }
}
