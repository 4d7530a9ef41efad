using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using StackExchange.Redis;

namespace Hotline.Server.LiveConsole;

/// <summary>
/// The console hub's connections and pushes: through the Redis backplane while it answers (every instance's consoles),
/// to this instance's own consoles while it does not. Redis's manager alone would drop every group and user push during
/// an outage, even to local consoles, and refuse new connections; this keeps the line working on each instance.
/// </summary>
public sealed class FallbackHubLifetimeManager(HubLifetimeManager<ConsoleHub> redis, Backplane backplane, ILogger<FallbackHubLifetimeManager> logger)
    : HubLifetimeManager<ConsoleHub>
{
    private sealed class Local(HubConnectionContext context)
    {
        public HubConnectionContext Context { get; } = context;

        public ConcurrentDictionary<string, byte> Groups { get; } = new(StringComparer.Ordinal);

        /// <summary>A Redis subscription of this connection failed: it hears other instances only once it reconnects.</summary>
        public volatile bool Partial;
    }

    private readonly ConcurrentDictionary<string, Local> _local = new(StringComparer.Ordinal);

    /// <summary>This instance's connections: the ones whose Redis subscriptions are incomplete, and the others.</summary>
    public (IReadOnlyList<HubConnectionContext> Partial, IReadOnlyList<HubConnectionContext> Complete) LocalConnections()
    {
        var all = _local.Values.ToList();
        return ([.. all.Where(c => c.Partial).Select(c => c.Context)], [.. all.Where(c => !c.Partial).Select(c => c.Context)]);
    }

    public override async Task OnConnectedAsync(HubConnectionContext connection)
    {
        var local = new Local(connection) { Partial = !backplane.Reachable };
        _local[connection.ConnectionId] = local;
        if (!await TryRedisAsync(() => redis.OnConnectedAsync(connection)))
        {
            local.Partial = true;
        }
    }

    public override async Task OnDisconnectedAsync(HubConnectionContext connection)
    {
        _local.TryRemove(connection.ConnectionId, out _);
        await TryRedisAsync(() => redis.OnDisconnectedAsync(connection));
    }

    public override async Task AddToGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        if (_local.TryGetValue(connectionId, out var local))
        {
            local.Groups[groupName] = 0;
        }

        if (!await TryRedisAsync(() => redis.AddToGroupAsync(connectionId, groupName, cancellationToken)) && local is not null)
        {
            local.Partial = true;
        }
    }

    public override async Task RemoveFromGroupAsync(string connectionId, string groupName, CancellationToken cancellationToken = default)
    {
        if (_local.TryGetValue(connectionId, out var local))
        {
            local.Groups.TryRemove(groupName, out _);
        }

        await TryRedisAsync(() => redis.RemoveFromGroupAsync(connectionId, groupName, cancellationToken));
    }

    public override Task SendAllAsync(string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAsync(() => redis.SendAllAsync(methodName, args, cancellationToken), _ => true, methodName, args, cancellationToken);

    public override Task SendAllExceptAsync(string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        SendAsync(() => redis.SendAllExceptAsync(methodName, args, excludedConnectionIds, cancellationToken),
            c => !excludedConnectionIds.Contains(c.Context.ConnectionId), methodName, args, cancellationToken);

    public override Task SendConnectionAsync(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAsync(() => redis.SendConnectionAsync(connectionId, methodName, args, cancellationToken),
            c => c.Context.ConnectionId == connectionId, methodName, args, cancellationToken);

    public override Task SendConnectionsAsync(IReadOnlyList<string> connectionIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAsync(() => redis.SendConnectionsAsync(connectionIds, methodName, args, cancellationToken),
            c => connectionIds.Contains(c.Context.ConnectionId), methodName, args, cancellationToken);

    public override Task SendGroupAsync(string groupName, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAsync(() => redis.SendGroupAsync(groupName, methodName, args, cancellationToken),
            c => c.Groups.ContainsKey(groupName), methodName, args, cancellationToken);

    public override Task SendGroupsAsync(IReadOnlyList<string> groupNames, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAsync(() => redis.SendGroupsAsync(groupNames, methodName, args, cancellationToken),
            c => groupNames.Any(c.Groups.ContainsKey), methodName, args, cancellationToken);

    public override Task SendGroupExceptAsync(string groupName, string methodName, object?[] args, IReadOnlyList<string> excludedConnectionIds, CancellationToken cancellationToken = default) =>
        SendAsync(() => redis.SendGroupExceptAsync(groupName, methodName, args, excludedConnectionIds, cancellationToken),
            c => c.Groups.ContainsKey(groupName) && !excludedConnectionIds.Contains(c.Context.ConnectionId), methodName, args, cancellationToken);

    public override Task SendUserAsync(string userId, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAsync(() => redis.SendUserAsync(userId, methodName, args, cancellationToken),
            c => c.Context.UserIdentifier == userId, methodName, args, cancellationToken);

    public override Task SendUsersAsync(IReadOnlyList<string> userIds, string methodName, object?[] args, CancellationToken cancellationToken = default) =>
        SendAsync(() => redis.SendUsersAsync(userIds, methodName, args, cancellationToken),
            c => c.Context.UserIdentifier is { } user && userIds.Contains(user), methodName, args, cancellationToken);

    // Client results are not used by the console; they go through Redis as they would without this manager.
    public override Task<T> InvokeConnectionAsync<T>(string connectionId, string methodName, object?[] args, CancellationToken cancellationToken) =>
        redis.InvokeConnectionAsync<T>(connectionId, methodName, args, cancellationToken);

    public override Task SetConnectionResultAsync(string connectionId, CompletionMessage result) => redis.SetConnectionResultAsync(connectionId, result);

    public override bool TryGetReturnType(string invocationId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Type? type) =>
        redis.TryGetReturnType(invocationId, out type);

    private async Task SendAsync(Func<Task> throughRedis, Func<Local, bool> localTarget, string methodName, object?[] args, CancellationToken cancellationToken)
    {
        if (backplane.Reachable && await TryRedisAsync(throughRedis))
        {
            return;
        }

        var message = new InvocationMessage(methodName, args);
        await Task.WhenAll(_local.Values.Where(localTarget).Select(c => c.Context.WriteAsync(message, cancellationToken).AsTask()));
    }

    /// <summary>Runs a Redis operation; false (logged, not thrown) when Redis is away.</summary>
    private async Task<bool> TryRedisAsync(Func<Task> operation)
    {
        try
        {
            await operation();
            return true;
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException or ObjectDisposedException)
        {
            logger.LogDebug(exception, "Redis backplane operation failed; this instance's consoles only");
            return false;
        }
    }
}
