using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Telephony.Simulator.Bench;

/// <summary>The fields of a console card the benchmark reads (the server sends more; they are skipped).</summary>
internal sealed record BenchCard(Guid CallId, DateTimeOffset ReceivedAt, DateTimeOffset? QueuedAt);

/// <summary>The snapshot is only awaited, not read.</summary>
internal sealed record BenchSnapshot(DateTimeOffset ServerTime);

/// <summary>
/// Many console connections to <c>/hubs/console</c> as one signed-in user, over WebSockets with the auth cookie,
/// as the browser console connects. Each reports the <c>CallQueued</c> cards it receives to a <see cref="DeliveryTracker"/>.
/// </summary>
internal sealed class ConsoleClients : IAsyncDisposable
{
    private readonly List<HubConnection> _connections = [];
    private int _closed;

    private ConsoleClients()
    {
    }

    public int Count => _connections.Count;

    /// <summary>Connections the server closed (or that failed) after their snapshot arrived.</summary>
    public int Closed => Volatile.Read(ref _closed);

    public int Failed { get; private set; }

    /// <summary>The tracker the next cards are reported to (one per round).</summary>
    public DeliveryTracker? Tracker { get; set; }

    /// <summary>POST /api/auth/login; returns the cookies as a Cookie header value.</summary>
    public static async Task<string> SignInAsync(Uri server, string userName, string password, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
        using var response = await http.PostAsJsonAsync("api/auth/login", new { userName, password }, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Sign-in as {userName} failed: HTTP {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        return string.Join("; ", response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
    }

    /// <summary>
    /// Opens <paramref name="count"/> connections, at most <paramref name="concurrency"/> at once, each done when its
    /// Snapshot has arrived. Connections that fail are counted in <see cref="Failed"/> and left out.
    /// </summary>
    public static async Task<ConsoleClients> ConnectAsync(
        Uri server, string cookie, int count, int concurrency, Action<int>? progress, CancellationToken cancellationToken)
    {
        var clients = new ConsoleClients();
        var hub = new Uri(server, "hubs/console");
        using var slots = new SemaphoreSlim(concurrency);
        var connected = 0;
        var tasks = Enumerable.Range(0, count).Select(async index =>
        {
            await slots.WaitAsync(cancellationToken);
            try
            {
                var connection = await clients.ConnectOneAsync(hub, cookie, index, cancellationToken);
                lock (clients._connections)
                {
                    if (connection is null)
                    {
                        clients.Failed++;
                    }
                    else
                    {
                        clients._connections.Add(connection);
                    }
                }

                progress?.Invoke(Interlocked.Increment(ref connected));
            }
            finally
            {
                slots.Release();
            }
        }).ToList();
        await Task.WhenAll(tasks);
        return clients;
    }

    private async Task<HubConnection?> ConnectOneAsync(Uri hub, string cookie, int index, CancellationToken cancellationToken)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(hub, options =>
            {
                // Straight to WebSockets, as the console does once negotiated; the cookie is what signs it in.
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                options.Headers["Cookie"] = cookie;
            })
            .AddJsonProtocol(options => options.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
            .Build();
        var snapshot = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<long, BenchCard>("CallQueued", (_, card) =>
        {
            // The timestamp first: this is the moment the client has the card.
            var arrived = Stopwatch.GetTimestamp();
            Tracker?.Arrived(index, card.CallId, card.ReceivedAt, card.QueuedAt, arrived);
        });
        connection.On<BenchSnapshot>("Snapshot", _ => snapshot.TrySetResult());
        // Every other event a supervisor gets, bound and dropped (an unbound event is logged as an error by the client).
        connection.On<long, JsonElement>("CallUpdated", (_, _) => { });
        connection.On<long, Guid>("CallRemoved", (_, _) => { });
        connection.On<long, JsonElement>("PresenceChanged", (_, _) => { });
        connection.On<long, JsonElement>("OfferReceived", (_, _) => { });
        connection.On<long, Guid, string>("OfferWithdrawn", (_, _, _) => { });
        connection.On<long, JsonElement>("CallConnected", (_, _) => { });
        connection.On<long, Guid>("CallFinished", (_, _) => { });
        connection.On<JsonElement>("Notice", _ => { });
        connection.On<JsonElement>("SupervisorAlert", _ => { });
        connection.On<JsonElement>("ReferralCreated", _ => { });
        connection.On<JsonElement>("ReferralChanged", _ => { });
        connection.Closed += _ =>
        {
            if (snapshot.Task.IsCompleted)
            {
                Interlocked.Increment(ref _closed);
            }

            snapshot.TrySetException(new InvalidOperationException("closed before the snapshot"));
            return Task.CompletedTask;
        };

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            await connection.StartAsync(timeout.Token);
            await snapshot.Task.WaitAsync(timeout.Token);
            return connection;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await connection.DisposeAsync();
            return null;
        }
    }

    /// <summary>Closes every connection, a few at a time (each close is a DELETE on the server).</summary>
    public async ValueTask DisposeAsync()
    {
        using var slots = new SemaphoreSlim(32);
        await Task.WhenAll(_connections.Select(async connection =>
        {
            await slots.WaitAsync();
            try
            {
                await connection.DisposeAsync();
            }
            finally
            {
                slots.Release();
            }
        }));
        _connections.Clear();
    }
}
