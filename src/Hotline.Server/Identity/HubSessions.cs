using Hotline.Server.Hosting;
using System.Collections.Concurrent;
using System.Security.Claims;
using Hotline.Server.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hotline.Server.Identity;

/// <summary>
/// This instance's hub connections with the security stamp each was opened with. A hub connection
/// outlives the request that authenticated it, so the per-request stamp check cannot reach it: a
/// revoked user's connections are closed here (at once on this instance, within
/// <see cref="HubSessionSweep.Interval"/> on the others), and they stop receiving group events.
/// </summary>
public sealed class HubSessions(IOptions<IdentityOptions> identity)
{
    private sealed record Entry(Guid UserId, string? Stamp, Guid? SessionId, HubCallerContext Context, long Order);

    private readonly ConcurrentDictionary<string, Entry> _connections = new(StringComparer.Ordinal);
    private long _order;

    public void Add(HubCallerContext context)
    {
        var user = context.User!;
        _connections[context.ConnectionId] = new Entry(
            Guid.Parse(context.UserIdentifier!),
            user.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType),
            SessionIds.Of(user),
            context,
            Interlocked.Increment(ref _order));
    }

    public void Remove(string connectionId) => _connections.TryRemove(connectionId, out _);

    /// <summary>Hub connections open on this instance.</summary>
    public int Count => _connections.Count;

    public int CountOf(Guid userId) => _connections.Values.Count(e => e.UserId == userId);

    /// <summary>Closes every connection of this user on this instance; returns how many.</summary>
    public int Close(Guid userId) => Close(entry => entry.UserId == userId);

    /// <summary>Closes this user's oldest connections beyond <paramref name="keep"/>; returns how many.</summary>
    public int CloseOldest(Guid userId, int keep)
    {
        var excess = _connections.Values.Where(e => e.UserId == userId).OrderByDescending(e => e.Order).Skip(keep)
            .Select(e => e.Context.ConnectionId).ToHashSet(StringComparer.Ordinal);
        return excess.Count == 0 ? 0 : Close(entry => excess.Contains(entry.Context.ConnectionId));
    }

    /// <summary>Closes the connections opened with one session (signed out of); returns how many.</summary>
    public int CloseSession(Guid sessionId) => Close(entry => entry.SessionId == sessionId);

    /// <summary>Closes the connections whose user no longer exists, whose stamp changed since they connected, or whose session was signed out of.</summary>
    public async Task<int> SweepAsync(HotlineDbContext db, CancellationToken cancellationToken)
    {
        // Only the connections open now are judged: one opened while the queries run has no stamp looked up, and
        // "no stamp" must not read as "revoked" (it closed a console connecting at that moment). The next sweep has it.
        var swept = _connections.Values.ToList();
        if (swept.Count == 0)
        {
            return 0;
        }

        var userIds = swept.Select(e => e.UserId).Distinct().ToList();
        var stamps = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.SecurityStamp, cancellationToken);
        var sessionIds = swept.Select(e => e.SessionId).OfType<Guid>().Distinct().ToList();
        var revoked = (await db.RevokedSessions.AsNoTracking().Where(s => sessionIds.Contains(s.SessionId)).Select(s => s.SessionId)
            .ToListAsync(cancellationToken)).ToHashSet();
        var closing = swept.Where(entry => !stamps.TryGetValue(entry.UserId, out var stamp) || !string.Equals(stamp, entry.Stamp, StringComparison.Ordinal)
            || (entry.SessionId is { } session && revoked.Contains(session))).ToHashSet();
        return Close(closing.Contains);
    }

    private int Close(Func<Entry, bool> revoked)
    {
        var closed = 0;
        foreach (var (connectionId, entry) in _connections)
        {
            if (revoked(entry) && _connections.TryRemove(connectionId, out _))
            {
                // Abort ends the connection: SignalR removes it from its groups, the client reconnects,
                // and its negotiate meets the stamp check (401).
                entry.Context.Abort();
                closed++;
            }
        }

        return closed;
    }
}

/// <summary>Every few seconds, closes this instance's hub connections of users revoked on another instance.</summary>
internal sealed class HubSessionSweep(IServiceScopeFactory scopes, HubSessions sessions, TimeProvider time, ILogger<HubSessionSweep> logger) : BackgroundService
{
    /// <summary>One indexed query for all connected users, whatever their number.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var timer = new ClockTicker(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var closed = await sessions.SweepAsync(scope.ServiceProvider.GetRequiredService<HotlineDbContext>(), stoppingToken);
                    if (closed > 0)
                    {
                        logger.LogInformation("Closed {Count} hub connection(s) of revoked sessions", closed);
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    logger.LogWarning(exception, "Hub session sweep failed");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
