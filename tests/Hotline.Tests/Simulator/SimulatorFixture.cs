using System.Collections.Concurrent;
using Hotline.Telephony.Simulator;
using Hotline.Telephony.Simulator.Calls;

namespace Hotline.Tests.Simulator;

/// <summary>Collects what calls report, for assertions on the transcript.</summary>
public sealed class RecordingObserver : ICallObserver
{
    private readonly ConcurrentQueue<CallEvent> _events = new();
    private readonly ConcurrentQueue<WebhookRecord> _webhooks = new();

    public IReadOnlyList<CallEvent> Events => _events.ToArray();

    public IReadOnlyList<WebhookRecord> Webhooks => _webhooks.ToArray();

    public IEnumerable<string> Lines(CallEventKind kind) => Events.Where(e => e.Kind == kind).Select(e => e.Text);

    public void OnEvent(SimulatedCall call, CallEvent callEvent) => _events.Enqueue(callEvent);

    public void OnWebhook(SimulatedCall call, WebhookRecord record) => _webhooks.Enqueue(record);

    public void OnCompleted(SimulatedCall call)
    {
    }
}

/// <summary>A fake Hotline server and a simulator pointed at it, at 100× speed.</summary>
public sealed class SimulatorFixture : IAsyncDisposable
{
    public const string AccountSid = "AC0123456789abcdef0123456789abcdef";

    private SimulatorFixture(FakeTwimlServer server, SimulatorHost host, RecordingObserver observer)
    {
        Server = server;
        Host = host;
        Observer = observer;
    }

    public FakeTwimlServer Server { get; }

    public SimulatorHost Host { get; }

    public RecordingObserver Observer { get; }

    public static async Task<SimulatorFixture> StartAsync(double speed = 100, Uri? publicBaseUrl = null, bool restApi = false)
    {
        var server = await FakeTwimlServer.StartAsync(publicBaseUrl);
        var observer = new RecordingObserver();
        var host = new SimulatorHost(
            new SimulatorOptions
            {
                AccountSid = AccountSid,
                AuthToken = FakeTwimlServer.AuthToken,
                Endpoint = new HotlineEndpoint(server.BaseUrl, publicBaseUrl),
                Speed = speed,
                OutboundHangupAfter = TimeSpan.FromSeconds(30),
            },
            observer);
        if (restApi)
        {
            await host.StartRestApiAsync(0);
        }

        return new SimulatorFixture(server, host, observer);
    }

    /// <summary>Places an inbound call to /telephony/twilio/voice and waits until it is over.</summary>
    public async Task<SimulatedCall> CallAsync(CallScript? script = null, TimeSpan? hangupAfter = null, Func<CallSpec, CallSpec>? adjust = null)
    {
        var call = Place(script, hangupAfter, adjust);
        await call.Completion.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        return call;
    }

    public SimulatedCall Place(CallScript? script = null, TimeSpan? hangupAfter = null, Func<CallSpec, CallSpec>? adjust = null)
    {
        var endpoint = Host.Options.Endpoint;
        var spec = new CallSpec
        {
            From = "+33600000001",
            To = "+33800005696",
            Url = endpoint.VoiceUrl,
            StatusCallback = endpoint.StatusCallbackUrl,
            // Patience in simulated time: at 100x, 2 minutes were 1.2 s, and on a loaded CI machine a caller hung up
            // before following a redirect (TwilioSignatureTests). Tests of hanging up give their own.
            HangupAfter = hangupAfter ?? TimeSpan.FromMinutes(40),
            Script = script ?? CallScript.Empty,
        };
        return Host.PlaceCall(adjust is null ? spec : adjust(spec));
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Server.DisposeAsync();
    }
}
