using System.Security.Claims;
using Hotline.Server.Identity;
using Microsoft.AspNetCore.SignalR;

namespace Hotline.Server.LiveConsole;

/// <summary>
/// The console's live channel. Groups come from the user's claims on connect; no method lets a
/// client join a group. Every method acts as the signed-in user only.
/// </summary>
public sealed class ConsoleHub(
    PresenceService presence, OfferService offers, WorkItemService workItems, SnapshotService snapshots,
    CallConnector connector, HubSessions sessions, ServerInstance instance, Microsoft.Extensions.Options.IOptions<ConsoleOptions> options) : Hub<IConsoleClient>
{
    public override async Task OnConnectedAsync()
    {
        var user = Context.User!;
        var userId = UserId;
        // First, so a revocation from now on closes this connection (sign-out everywhere).
        sessions.Add(Context);
        // Each connection holds memory and, while it works, a database connection: one user cannot open hundreds.
        sessions.CloseOldest(userId, options.Value.MaxConnectionsPerUser);
        foreach (var group in GroupsOf(user))
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, group, Context.ConnectionAborted);
        }

        await presence.ConnectedAsync(userId, Context.ConnectionId, instance.Id, PresenceService.IsCounsellor(user), Context.ConnectionAborted);
        await Clients.Caller.Snapshot(await SnapshotAsync());
        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        sessions.Remove(Context.ConnectionId);
        await presence.DisconnectedAsync(Context.ConnectionId, CancellationToken.None);
        await base.OnDisconnectedAsync(exception);
    }

    public Task<ConsoleSnapshot> GetSnapshot() => SnapshotAsync();

    public async Task<CounsellorState?> SetPresence(Presence chosen) =>
        IsCounsellor ? await presence.SetPresenceAsync(UserId, chosen, Context.ConnectionAborted) : null;

    public async Task<AcceptResult> AcceptOffer(Guid offerId) =>
        IsCounsellor
            ? await offers.AcceptAsync(UserId, offerId, Context.ConnectionAborted)
            : new AcceptResult(false, "not-a-counsellor", null);

    public async Task<bool> DeclineOffer(Guid offerId) =>
        IsCounsellor && await offers.DeclineAsync(UserId, offerId, Context.ConnectionAborted);

    /// <summary>"Raccrocher": ends the counsellor's current call through Twilio.</summary>
    public async Task<bool> HangUp() =>
        IsCounsellor && await connector.HangUpAsync(UserId, Context.ConnectionAborted);

    /// <summary>"Terminer le post-appel".</summary>
    public async Task<bool> EndWrapUp() =>
        IsCounsellor && await presence.EndWrapUpAsync(UserId, Context.ConnectionAborted);

    /// <summary>"Prolonger": the wrap-up's new end, or null when it cannot be extended (not in wrap-up, or already extended).</summary>
    public async Task<DateTimeOffset?> ExtendWrapUp() =>
        IsCounsellor ? await presence.ExtendWrapUpAsync(UserId, Context.ConnectionAborted) : null;

    /// <summary>The counsellor is done with the voicemail or callback item they took.</summary>
    public async Task<bool> FinishItem(Guid callId) =>
        IsCounsellor && await workItems.FinishAsync(UserId, callId, Context.ConnectionAborted);

    /// <summary>A supervisor picks a waiting call for a chosen available counsellor.</summary>
    public async Task<bool> AssignCall(Guid callId, Guid counsellorUserId) =>
        Context.User!.IsInRole(Roles.Supervisor) && await offers.AssignAsync(callId, counsellorUserId, Context.ConnectionAborted);

    /// <summary>The groups a user belongs to, decided here from claims (roles and territories) only.</summary>
    public static IEnumerable<string> GroupsOf(ClaimsPrincipal user)
    {
        if (user.IsInRole(Roles.Counsellor) || user.IsInRole(Roles.Supervisor))
        {
            yield return ConsolePublisher.QueueGroup;
        }

        if (user.IsInRole(Roles.Supervisor))
        {
            yield return ConsolePublisher.SupervisorsGroup;
        }

        if (user.IsInRole(Roles.Coordinator))
        {
            // Upper case, as referrals store codes ("2A"): the group names must match exactly.
            foreach (var code in user.FindAll(HotlineClaims.Departement).Select(c => c.Value.Trim().ToUpperInvariant()))
            {
                yield return ConsolePublisher.DepartementGroup(code);
            }
        }

        if (user.IsInRole(Roles.CommuneCell))
        {
            foreach (var code in user.FindAll(HotlineClaims.Commune).Select(c => c.Value.Trim().ToUpperInvariant()))
            {
                yield return ConsolePublisher.CommuneGroup(code);
            }
        }
    }

    private Guid UserId => Guid.Parse(Context.UserIdentifier!);

    private bool IsCounsellor => PresenceService.IsCounsellor(Context.User!);

    private Task<ConsoleSnapshot> SnapshotAsync() =>
        snapshots.SnapshotAsync(UserId, IsCounsellor, Context.User!.IsInRole(Roles.Supervisor), connector.VoiceEnabled, Context.ConnectionAborted);
}
