using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Telephony.Simulator.Chaos;

internal sealed record ChaosCard(Guid CallId);

internal sealed record ChaosState(Guid UserId, string UserName, string Presence, Guid? CurrentCallId);

internal sealed record ChaosOfferCard(Guid OfferId, ChaosCard Call);

internal sealed record ChaosCurrentCall(Guid CallId);

internal sealed record ChaosPositions(long Queue, long Presence, long Personal);

internal sealed record ChaosSnapshot(ChaosPositions Sequences, ChaosState Me, List<ChaosCard> Queue, ChaosOfferCard? Offer, ChaosCurrentCall? Current);

internal sealed record ChaosAcceptResult(bool Accepted, string? Reason, ChaosCurrentCall? Call);

/// <summary>A comparison of a console's queue with a fresh server snapshot; not conclusive while events are in flight.</summary>
internal sealed record ConsoleAudit(bool Connected, bool Conclusive, int Missing, int Stale, string? Error = null)
{
    public bool InStep => Connected && Conclusive && Missing == 0 && Stale == 0;
}

/// <summary>
/// One console, as the browser console behaves (src/Hotline.Console/src/realtime): WebSockets with the sign-in cookie,
/// reconnects for ever (0, 1, 2, 5, 10 s, then every 15 s), a snapshot on every (re)connection, the queue kept from
/// sequenced events and a snapshot asked for on a gap. A counsellor's console plays a counsellor who never misses
/// anything: Available, accepts every offer at once, hangs up after <c>talk</c>, ends the wrap-up at once.
/// </summary>
internal sealed partial class ChaosConsole : IAsyncDisposable
{
    private static readonly TimeSpan[] Delays = [TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10)];

    private readonly HubConnection _connection;
    private readonly bool _counsellor;
    private readonly TimeSpan _talk;
    private readonly ConcurrentDictionary<Guid, byte> _offersSeen;
    private readonly Lock _lock = new();
    private readonly HashSet<Guid> _queue = [];
    private readonly CancellationTokenSource _stop = new();
    private long _queueSequence;
    private long _personalSequence;
    private bool _resyncing;
    private string _presence = "Offline";
    private Guid? _offer;
    private Guid? _current;
    private DateTime _connectedAt;
    private DateTime _lastAction;
    private Task _loop = Task.CompletedTask;

    public ChaosConsole(string name, Uri server, string cookie, bool counsellor, TimeSpan talk, ConcurrentDictionary<Guid, byte> offersSeen)
    {
        Name = name;
        _counsellor = counsellor;
        _talk = talk;
        _offersSeen = offersSeen;
        _connection = new HubConnectionBuilder()
            .WithUrl(new Uri(server, "hubs/console"), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                options.Headers["Cookie"] = cookie;
            })
            .WithAutomaticReconnect(new RetryForever())
            .AddJsonProtocol(options => options.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
            .Build();
        _connection.ServerTimeout = TimeSpan.FromSeconds(30);
        Register();
    }

    public string Name { get; }

    public int Reconnects { get; private set; }

    public int Snapshots { get; private set; }

    public int Accepted { get; private set; }

    public int ActionErrors { get; private set; }

    public bool Connected => _connection.State == HubConnectionState.Connected;

    /// <summary>Connects (retrying until it works) and starts the counsellor's hands.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await _connection.StartAsync(cancellationToken);
                break;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }

        _connection.Closed += async _ =>
        {
            // The automatic reconnection never gives up; a closed connection is started again like the console does.
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), _stop.Token);
                    await _connection.StartAsync(_stop.Token);
                    return;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        };
        _connection.Reconnected += _ =>
        {
            Reconnects++;
            return Task.CompletedTask;
        };
        if (_counsellor)
        {
            _loop = Task.Run(() => HandsAsync(_stop.Token), CancellationToken.None);
        }
    }

    /// <summary>Asks the server for a snapshot without applying it, and compares its queue with this console's.</summary>
    public async Task<ConsoleAudit> AuditAsync(CancellationToken cancellationToken)
    {
        if (!Connected)
        {
            return new ConsoleAudit(false, false, 0, 0);
        }

        try
        {
            var snapshot = await _connection.InvokeAsync<ChaosSnapshot>("GetSnapshot", cancellationToken);
            lock (_lock)
            {
                // Equal positions: every event up to the snapshot is applied and none after it: the queues must match.
                var conclusive = !_resyncing && _queueSequence == snapshot.Sequences.Queue;
                var server = snapshot.Queue.Select(c => c.CallId).ToHashSet();
                return new ConsoleAudit(true, conclusive, server.Count(id => !_queue.Contains(id)), _queue.Count(id => !server.Contains(id)));
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new ConsoleAudit(Connected, false, 0, 0, e.GetType().Name);
        }
    }

    private void Register()
    {
        var c = _connection;
        c.On<ChaosSnapshot>("Snapshot", Apply);
        c.On<long, ChaosCard>("CallQueued", (sequence, card) => QueueEvent(sequence, card.CallId, add: true));
        c.On<long, ChaosCard>("CallUpdated", (sequence, card) => QueueEvent(sequence, card.CallId, add: true));
        c.On<long, Guid>("CallRemoved", (sequence, callId) => QueueEvent(sequence, callId, add: false));
        c.On<long, ChaosState>("PresenceChanged", (sequence, state) =>
        {
            lock (_lock)
            {
                if (_counsellor)
                {
                    _presence = state.Presence;
                }
            }

            Personal(sequence);
        });
        c.On<long, ChaosOfferCard>("OfferReceived", (sequence, offer) =>
        {
            _offersSeen.TryAdd(offer.OfferId, 0);
            lock (_lock)
            {
                _offer = offer.OfferId;
            }

            Personal(sequence);
        });
        c.On<long, Guid, string>("OfferWithdrawn", (sequence, offerId, _) =>
        {
            lock (_lock)
            {
                if (_offer == offerId)
                {
                    _offer = null;
                }
            }

            Personal(sequence);
        });
        c.On<long, ChaosCurrentCall>("CallConnected", (sequence, call) =>
        {
            Connect(call.CallId);
            Personal(sequence);
        });
        c.On<long, Guid>("CallFinished", (sequence, _) =>
        {
            lock (_lock)
            {
                _current = null;
            }

            Personal(sequence);
        });
        c.On<JsonElement>("Notice", _ => { });
        c.On<JsonElement>("SupervisorAlert", _ => { });
        c.On<JsonElement>("WaitAlert", _ => { });
        c.On<JsonElement>("ReferralCreated", _ => { });
        c.On<JsonElement>("ReferralChanged", _ => { });
        c.On<JsonElement>("StatisticsChanged", _ => { });
        c.On<Guid, int>("TriageChanged", (_, _) => { });
    }

    private void Apply(ChaosSnapshot snapshot)
    {
        lock (_lock)
        {
            Snapshots++;
            _queue.Clear();
            _queue.UnionWith(snapshot.Queue.Select(c => c.CallId));
            _queueSequence = snapshot.Sequences.Queue;
            _personalSequence = snapshot.Sequences.Personal;
            if (_counsellor)
            {
                _presence = snapshot.Me.Presence;
                _offer = snapshot.Offer?.OfferId;
                if (snapshot.Current is { } current && _current != current.CallId)
                {
                    _current = current.CallId;
                    _connectedAt = DateTime.UtcNow;
                }
                else if (snapshot.Current is null)
                {
                    _current = null;
                }
            }
        }

        if (snapshot.Offer is { } offer)
        {
            _offersSeen.TryAdd(offer.OfferId, 0);
        }
    }

    private void QueueEvent(long sequence, Guid callId, bool add)
    {
        bool gap;
        lock (_lock)
        {
            gap = _queueSequence != 0 && sequence > _queueSequence + 1;
            _queueSequence = Math.Max(_queueSequence, sequence);
            if (add)
            {
                _queue.Add(callId);
            }
            else
            {
                _queue.Remove(callId);
            }

            if (gap)
            {
                if (_resyncing)
                {
                    return;
                }

                _resyncing = true;
            }
        }

        if (gap)
        {
            _ = ResyncAsync();
        }
    }

    /// <summary>The counsellor's own stream (supervisors' presence events are another stream): a gap asks for a snapshot.</summary>
    private void Personal(long sequence)
    {
        if (!_counsellor)
        {
            return;
        }

        lock (_lock)
        {
            var gap = _personalSequence != 0 && sequence > _personalSequence + 1;
            _personalSequence = Math.Max(_personalSequence, sequence);
            if (!gap || _resyncing)
            {
                return;
            }

            _resyncing = true;
        }

        _ = ResyncAsync();
    }

    private async Task ResyncAsync()
    {
        try
        {
            Apply(await _connection.InvokeAsync<ChaosSnapshot>("GetSnapshot", _stop.Token));
        }
        catch (Exception e) when (e is not OperationCanceledException || !_stop.IsCancellationRequested)
        {
            // The next gap or reconnection asks again.
        }
        finally
        {
            lock (_lock)
            {
                _resyncing = false;
            }
        }
    }

    private void Connect(Guid callId)
    {
        lock (_lock)
        {
            if (_current != callId)
            {
                _current = callId;
                _connectedAt = DateTime.UtcNow;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        await _connection.DisposeAsync();
        _stop.Dispose();
    }

    private sealed class RetryForever : IRetryPolicy
    {
        public TimeSpan? NextRetryDelay(RetryContext retryContext) =>
            retryContext.PreviousRetryCount < Delays.Length ? Delays[retryContext.PreviousRetryCount] : TimeSpan.FromSeconds(15);
    }
}
