using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Hotline.Telephony.Simulator.Chaos;

/// <summary>The counsellor's hands: what they press, looking at their own console only.</summary>
internal sealed partial class ChaosConsole
{
    /// <summary>What a diligent counsellor does, looking at this console only, checked every 200 ms.</summary>
    private async Task HandsAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
                if (Connected)
                {
                    await ActAsync(cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is Microsoft.AspNetCore.SignalR.HubException or InvalidOperationException or IOException or System.Net.WebSockets.WebSocketException)
            {
                ActionErrors++;
            }
        }
    }

    private async Task ActAsync(CancellationToken cancellationToken)
    {
        Guid? offer;
        Guid? current;
        string presence;
        DateTime connectedAt;
        lock (_lock)
        {
            (offer, current, presence, connectedAt) = (_offer, _current, _presence, _connectedAt);
        }

        var now = DateTime.UtcNow;
        if (offer is { } offerId)
        {
            lock (_lock)
            {
                _offer = null;
            }

            var result = await _connection.InvokeAsync<ChaosAcceptResult>("AcceptOffer", offerId, cancellationToken);
            if (result is { Accepted: true, Call: { } call })
            {
                Accepted++;
                Connect(call.CallId);
            }

            return;
        }

        // A button is not pressed again within a second (the server's answer, or its push, is on its way).
        if (now - _lastAction < TimeSpan.FromSeconds(1))
        {
            return;
        }

        // During wrap-up the call stays the current one: end the wrap-up first; a current call past its talk time is hung
        // up whatever presence the console last heard of (the button is on screen with the call).
        if (presence == "WrapUp")
        {
            _lastAction = now;
            await _connection.InvokeAsync<bool>("EndWrapUp", cancellationToken);
        }
        else if (current is not null && now - connectedAt >= _talk)
        {
            _lastAction = now;
            if (!await _connection.InvokeAsync<bool>("HangUp", cancellationToken))
            {
                // Nothing to hang up any more (ended meanwhile): the screen is refreshed from a snapshot.
                Apply(await _connection.InvokeAsync<ChaosSnapshot>("GetSnapshot", cancellationToken));
            }
        }
        else if (presence is "Break" or "Offline")
        {
            _lastAction = now;
            await _connection.InvokeAsync<JsonElement?>("SetPresence", "Available", cancellationToken);
        }
    }
}
