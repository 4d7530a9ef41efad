using Hotline.Server.Data;
using Hotline.Server.Calls;
using Hotline.Server.Statistics;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Server.LiveConsole;

/// <summary>
/// Pushes what changed to the right groups, each event numbered in its stream so that a client that
/// misses one notices and resyncs. Stream positions live in PostgreSQL, shared by every instance.
/// </summary>
public sealed class ConsolePublisher(IHubContext<ConsoleHub, IConsoleClient> hub, HotlineDbContext db, CallCards cards, IConsoleActivity activity)
{
    public const string QueueGroup = "queue";
    public const string SupervisorsGroup = "supervisors";

    public static string DepartementGroup(string code) => $"departement:{code}";

    public static string CommuneGroup(string code) => $"commune:{code}";

    public Task CallChangedAsync(Guid callId, CancellationToken cancellationToken) => CallsChangedAsync([(callId, null)], cancellationToken);

    /// <summary>
    /// Publishes changed calls' cards in this order, numbered in one query. A card may come loaded
    /// (<see cref="CallCards.LoadAsync"/>); a null card is read here.
    /// </summary>
    public async Task CallsChangedAsync(IReadOnlyList<(Guid CallId, CallCard? Card)> changed, CancellationToken cancellationToken)
    {
        if (changed.Count == 0)
        {
            return;
        }

        var sequences = await NextAsync(HotlineDbContext.QueueSequence, changed.Count, cancellationToken);
        var queue = hub.Clients.Group(QueueGroup);
        for (var i = 0; i < changed.Count; i++)
        {
            var (callId, card) = changed[i];
            activity.CallChanged(callId);
            card ??= await cards.CardAsync(callId, cancellationToken);
            if (card is null || !CallCards.IsOnBoard(card))
            {
                await queue.CallRemoved(sequences[i], callId);
            }
            else if (card.Status == CallStatus.Queued && card.OfferedTo is null)
            {
                await queue.CallQueued(sequences[i], card);
            }
            else
            {
                await queue.CallUpdated(sequences[i], card);
            }
        }
    }

    /// <summary>Tells supervisors (presence stream) and the counsellor (personal stream).</summary>
    public async Task PresenceChangedAsync(Guid userId, CancellationToken cancellationToken)
    {
        activity.PresenceChanged();
        var state = await StatesQuery(userId).FirstOrDefaultAsync(cancellationToken);
        if (state is null)
        {
            return;
        }

        var presenceSequence = await NextAsync(HotlineDbContext.PresenceSequence, cancellationToken);
        var ownConnections = await db.ConsoleConnections.Where(c => c.UserId == userId).Select(c => c.ConnectionId).ToListAsync(cancellationToken);
        await hub.Clients.GroupExcept(SupervisorsGroup, ownConnections).PresenceChanged(presenceSequence, state);
        await hub.Clients.User(userId.ToString()).PresenceChanged(await NextPersonalAsync(userId, cancellationToken), state);
    }

    public async Task OfferAsync(Guid userId, OfferCard offer, CancellationToken cancellationToken) =>
        await hub.Clients.User(userId.ToString()).OfferReceived(await NextPersonalAsync(userId, cancellationToken), offer);

    public async Task OfferWithdrawnAsync(Guid userId, Guid offerId, string reason, CancellationToken cancellationToken) =>
        await hub.Clients.User(userId.ToString()).OfferWithdrawn(await NextPersonalAsync(userId, cancellationToken), offerId, reason);

    public async Task ConnectedAsync(Guid userId, CurrentCall call, CancellationToken cancellationToken)
    {
        activity.CallChanged(call.CallId);
        await hub.Clients.User(userId.ToString()).CallConnected(await NextPersonalAsync(userId, cancellationToken), call);
    }

    public async Task FinishedAsync(Guid userId, Guid callId, CancellationToken cancellationToken)
    {
        activity.CallChanged(callId);
        await hub.Clients.User(userId.ToString()).CallFinished(await NextPersonalAsync(userId, cancellationToken), callId);
    }

    public Task WaitAlertAsync(WaitAlert alert, CancellationToken cancellationToken) =>
        hub.Clients.Group(SupervisorsGroup).WaitAlert(alert);

    public Task NoticeAsync(Guid userId, ConsoleNotice notice) => hub.Clients.User(userId.ToString()).Notice(notice);

    /// <summary>Counsellors' states, optionally of one user only (filtered before the projection, so it runs in SQL).</summary>
    public IQueryable<CounsellorState> StatesQuery(Guid? userId = null) =>
        db.Counsellors.AsNoTracking()
            .Where(c => userId == null || c.UserId == userId)
            .Join(db.Users, c => c.UserId, u => u.Id, (c, u) =>
                new CounsellorState(c.UserId, u.UserName!, u.DisplayName, c.Presence, c.Since, c.CurrentCallId,
                    c.Presence == Presence.WrapUp ? c.WrapUpEndsAt : null));

    public async Task<StreamPositions> PositionsAsync(Guid userId, CancellationToken cancellationToken)
    {
        var personal = await db.Counsellors.Where(c => c.UserId == userId).Select(c => (long?)c.PersonalSequence).FirstOrDefaultAsync(cancellationToken);
        return new StreamPositions(
            await CurrentAsync(HotlineDbContext.QueueSequence, cancellationToken),
            await CurrentAsync(HotlineDbContext.PresenceSequence, cancellationToken),
            personal ?? 0);
    }

    // Raw SQL is materialised as is (ToListAsync): composing over it would wrap it in a subquery.
    private async Task<long> NextAsync(string sequence, CancellationToken cancellationToken) =>
        (await NextAsync(sequence, 1, cancellationToken))[0];

    /// <summary><paramref name="count"/> positions of a stream, ascending (another instance may take some in between).</summary>
    private async Task<List<long>> NextAsync(string sequence, int count, CancellationToken cancellationToken)
    {
        var positions = await db.Database.SqlQuery<long>(
            $"SELECT nextval(CAST({sequence} AS regclass)) AS \"Value\" FROM generate_series(1, {count})").ToListAsync(cancellationToken);
        positions.Sort();
        return positions;
    }

    private async Task<long> CurrentAsync(string sequence, CancellationToken cancellationToken) =>
        // The name is one of our two constants, never input.
#pragma warning disable EF1002
        (await db.Database.SqlQueryRaw<long>($"SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS \"Value\" FROM {sequence}").ToListAsync(cancellationToken)).Single();
#pragma warning restore EF1002

    private async Task<long> NextPersonalAsync(Guid userId, CancellationToken cancellationToken) =>
        (await db.Database.SqlQuery<long>(
            $"UPDATE counsellors SET personal_sequence = personal_sequence + 1 WHERE user_id = {userId} RETURNING personal_sequence AS \"Value\"")
            .ToListAsync(cancellationToken)).SingleOrDefault();
}
