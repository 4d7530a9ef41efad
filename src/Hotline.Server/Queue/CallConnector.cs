using Hotline.Server.Console;
using Hotline.Server.Telephony;
using Microsoft.Extensions.Options;

namespace Hotline.Server.Queue;

public sealed record ConnectionResult(bool Connected, ConnectionMode Mode, string? Reason);

/// <summary>Takes one specific caller out of Twilio's queue towards a counsellor.</summary>
public sealed class CallConnector(IOptions<TwilioOptions> twilio)
{
    public bool VoiceEnabled => twilio.Value.VoiceEnabled;

    public ConnectionMode Mode => VoiceEnabled ? ConnectionMode.Browser : ConnectionMode.Simulated;

    /// <summary>The Twilio Voice client identity of a counsellor's browser (no name: an opaque id).</summary>
    public static string ClientIdentity(Guid userId) => $"counsellor-{userId:N}";

    public Task<ConnectionResult> ConnectAsync(Guid callId, Guid userId, CancellationToken cancellationToken) =>
        Task.FromResult(new ConnectionResult(true, Mode, null));
}
