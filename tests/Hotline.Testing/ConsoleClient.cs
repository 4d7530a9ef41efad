using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Hotline.Server.LiveConsole;
using Hotline.Server.Calls;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Hotline.Server.Triage;

namespace Hotline.Testing;

/// <summary>A console connected to the hub as a real user would be (cookie, WebSocket), recording every event.</summary>
public sealed class ConsoleClient : IAsyncDisposable
{
    private readonly ConcurrentQueue<ConsoleEvent> _events = new();
    private readonly SemaphoreSlim _arrived = new(0);

    private ConsoleClient(HubConnection connection) => Connection = connection;

    public HubConnection Connection { get; }

    public IReadOnlyCollection<ConsoleEvent> Events => _events;

    public sealed record ConsoleEvent(string Name, long? Sequence, object? Payload);

    /// <summary>A TriageChanged message: ids and revision only.</summary>
    public sealed record TriageChange(Guid CallId, int Revision);

    public static async Task<ConsoleClient> ConnectAsync(HotlineAppFactory app, string userName, HttpTransportType transport = HttpTransportType.WebSockets) =>
        await ConnectWithCookieAsync(app, await app.SignInCookieAsync(userName), transport);

    /// <summary>Connects with a session cookie ("name=value; …") obtained elsewhere.</summary>
    public static async Task<ConsoleClient> ConnectWithCookieAsync(HotlineAppFactory app, string cookie, HttpTransportType transport = HttpTransportType.WebSockets)
    {
        var server = app.Server;
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, "/hubs/console"), options =>
            {
                options.Transports = transport;
                options.HttpMessageHandlerFactory = _ => server.CreateHandler();
                options.Headers["Cookie"] = cookie;
                options.WebSocketFactory = async (context, cancellationToken) =>
                {
                    var client = server.CreateWebSocketClient();
                    client.ConfigureRequest = request => request.Headers.Cookie = cookie;
                    return await client.ConnectAsync(context.Uri, cancellationToken);
                };
            })
            .AddJsonProtocol(options => options.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
            .Build();
        var console = new ConsoleClient(connection);
        console.Listen<ConsoleSnapshot>("Snapshot");
        console.Listen<CallCard>("CallQueued");
        console.Listen<CallCard>("CallUpdated");
        console.Listen<Guid>("CallRemoved");
        console.Listen<CounsellorState>("PresenceChanged");
        console.Listen<OfferCard>("OfferReceived");
        connection.On<long, Guid, string>("OfferWithdrawn", (sequence, offerId, reason) => console.Record("OfferWithdrawn", sequence, (offerId, reason)));
        console.Listen<CurrentCall>("CallConnected");
        console.Listen<Guid>("CallFinished");
        connection.On<ConsoleNotice>("Notice", notice => console.Record("Notice", null, notice));
        connection.On<SupervisorAlert>("SupervisorAlert", alert => console.Record("SupervisorAlert", null, alert));
        connection.On<DangerAlertView>("DangerAlertRaised", alert => console.Record("DangerAlertRaised", null, alert));
        connection.On<DangerAlertTakenInCharge>("DangerAlertTakenInCharge", taken => console.Record("DangerAlertTakenInCharge", null, taken));
        connection.On<WaitAlert>("WaitAlert", alert => console.Record("WaitAlert", null, alert));
        connection.On<Hotline.Server.Referrals.ReferralCard>("ReferralCreated", card => console.Record("ReferralCreated", null, card));
        connection.On<Hotline.Server.Referrals.ReferralCard>("ReferralChanged", card => console.Record("ReferralChanged", null, card));
        connection.On<Hotline.Server.Statistics.LiveStatistics>("StatisticsChanged", statistics => console.Record("StatisticsChanged", null, statistics));
        connection.On<Guid, int>("TriageChanged", (callId, revision) => console.Record("TriageChanged", null, new TriageChange(callId, revision)));
        connection.Closed += exception =>
        {
            console.Record("Closed", null, exception?.Message);
            return Task.CompletedTask;
        };
        await connection.StartAsync();
        return console;
    }

    /// <summary>Waits for the first recorded event (past or future) that matches; fails after the timeout.</summary>
    public Task<T> WaitForAsync<T>(string name, Func<T, bool>? match = null, TimeSpan? timeout = null) =>
        WaitForAnyAsync([name], match, timeout);

    /// <summary>The first event with one of these names (and a matching payload), waiting for it if needed.</summary>
    public async Task<T> WaitForAnyAsync<T>(IReadOnlyCollection<string> names, Func<T, bool>? match = null, TimeSpan? timeout = null)
    {
        var name = string.Join(" or ", names);
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var found = _events.FirstOrDefault(e => names.Contains(e.Name) && e.Payload is T payload && (match is null || match(payload)));
            if (found is not null)
            {
                return (T)found.Payload!;
            }

            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"No {name} event arrived. Got: {string.Join(", ", _events.Select(e => $"{e.Name} {e.Payload}"))}");
            }

            await _arrived.WaitAsync(left);
        }
    }

    /// <summary>Waits for a card of that call, queued or updated (an offer may already be on it).</summary>
    public Task<CallCard> WaitForCardAsync(Guid callId, TimeSpan? timeout = null) =>
        WaitForAnyAsync<CallCard>(["CallQueued", "CallUpdated"], card => card.CallId == callId, timeout);

    public bool Received(string name) => _events.Any(e => e.Name == name);

    public Task<ConsoleSnapshot> SnapshotAsync() => Connection.InvokeAsync<ConsoleSnapshot>("GetSnapshot");

    public Task<AcceptResult> AcceptAsync(Guid offerId) => Connection.InvokeAsync<AcceptResult>("AcceptOffer", offerId);

    public Task<bool> DeclineAsync(Guid offerId) => Connection.InvokeAsync<bool>("DeclineOffer", offerId);

    public Task<CounsellorState?> SetPresenceAsync(Presence presence) => Connection.InvokeAsync<CounsellorState?>("SetPresence", presence);

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();

    private void Listen<T>(string name)
    {
        if (name == "Snapshot")
        {
            Connection.On<T>(name, payload => Record(name, null, payload));
        }
        else
        {
            Connection.On<long, T>(name, (sequence, payload) => Record(name, sequence, payload));
        }
    }

    private void Record(string name, long? sequence, object? payload)
    {
        _events.Enqueue(new ConsoleEvent(name, sequence, payload));
        _arrived.Release();
    }
}

public static class ConsoleClientExtensions
{
    /// <summary>Signs in and returns the auth cookie as a Cookie header value.</summary>
    public static async Task<string> SignInCookieAsync(this HotlineAppFactory app, string userName, string? password = null)
    {
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false });
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { userName, password = password ?? HotlineAppFactory.DemoPassword });
        response.EnsureSuccessStatusCode();
        return string.Join("; ", response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
    }

    public static T Service<T>(this HotlineAppFactory app)
        where T : notnull => app.Services.GetRequiredService<T>();
}
