using System.Net;
using Hotline.Telephony.Simulator.Calls;
using Hotline.Telephony.Simulator.Exchange;
using Hotline.Telephony.Simulator.Rest;
using Microsoft.AspNetCore.Builder;

namespace Hotline.Telephony.Simulator;

public sealed record SimulatorOptions
{
    public required string AccountSid { get; init; }

    public required string AuthToken { get; init; }

    public required HotlineEndpoint Endpoint { get; init; }

    public double Speed { get; init; } = 1;

    /// <summary>How long a call created with POST /Calls.json lasts before its callee hangs up.</summary>
    public TimeSpan OutboundHangupAfter { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Concurrent connections to the Hotline server (bounded for load tests).</summary>
    public int MaxConnections { get; init; } = 64;
}

/// <summary>
/// The simulated Twilio in one process: the calls (following TwiML by webhooks), the switchboard they share,
/// and optionally the REST API on loopback, so a dequeue ordered by the server reaches the live call.
/// </summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _shutdown = new();
    private WebApplication? _rest;

    public SimulatorHost(SimulatorOptions options, ICallObserver observer)
    {
        Options = options;
        Observer = observer;
        Clock = new SimulationClock(options.Speed);
        Switchboard = new Switchboard(options.AccountSid, Clock);
        _http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            MaxConnectionsPerServer = options.MaxConnections,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            AutomaticDecompression = DecompressionMethods.All,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        Web = new WebhookClient(_http, options.Endpoint, options.AuthToken);
    }

    public SimulatorOptions Options { get; }

    public ICallObserver Observer { get; }

    public SimulationClock Clock { get; }

    public Switchboard Switchboard { get; }

    public WebhookClient Web { get; }

    /// <summary>The REST API's address once started.</summary>
    public Uri? RestBaseUrl { get; private set; }

    /// <summary>Starts the fake Twilio REST API on 127.0.0.1 (port 0 picks a free one).</summary>
    public async Task StartRestApiAsync(int port, CancellationToken cancellationToken = default)
    {
        if (_rest is not null)
        {
            throw new InvalidOperationException("The REST API is already running.");
        }

        _rest = TwilioRestApi.Build(this, port);
        await _rest.StartAsync(cancellationToken);
        var address = _rest.Urls.First();
        RestBaseUrl = new Uri(address.EndsWith('/') ? address : address + "/");
    }

    /// <summary>Starts a call; it runs in the background until <see cref="SimulatedCall.Completion"/>.</summary>
    public SimulatedCall PlaceCall(CallSpec spec, ICallObserver? observer = null, CancellationToken abort = default)
    {
        var call = new SimulatedCall(spec, Web, Switchboard, observer ?? Observer, abort, _shutdown.Token);
        call.Start();
        return call;
    }

    /// <summary>Every live caller hangs up (their status callbacks are still sent).</summary>
    public void HangUpAll() => _shutdown.Cancel();

    public async ValueTask DisposeAsync()
    {
        HangUpAll();
        var live = Switchboard.Calls().Where(c => !c.Completion.IsCompleted).Select(c => c.Completion).ToList();
        await Task.WhenAny(Task.WhenAll(live), Task.Delay(TimeSpan.FromSeconds(20)));
        if (_rest is not null)
        {
            await _rest.StopAsync();
            await _rest.DisposeAsync();
        }

        _http.Dispose();
        _shutdown.Dispose();
    }
}
