using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Hotline.Server.LiveConsole;

/// <summary>Section <c>Redis</c>: the SignalR backplane that carries pushes between server instances.</summary>
public sealed class BackplaneOptions
{
    public const string Section = "Redis";

    /// <summary>
    /// A StackExchange.Redis configuration ("127.0.0.1:6379,password=…"). Empty: one instance, no backplane
    /// (every console is connected to this process).
    /// </summary>
    public string? ConnectionString { get; set; }
}

/// <summary>This process among the server instances: its console connections are recorded under this id.</summary>
public sealed class ServerInstance
{
    /// <summary>Host, process, and a random part (a restarted process is another instance).</summary>
    public string Id { get; } = Truncate($"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}", 128);

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[^length..];
}

/// <summary>
/// The Redis connection of the SignalR backplane and whether it works right now. While it does not, pushes reach
/// only this instance's consoles (<see cref="FallbackHubLifetimeManager"/>) and the dispatcher offers calls only to
/// counsellors connected here; PostgreSQL still decides everything, so calls keep flowing.
/// </summary>
public sealed class Backplane(IOptions<BackplaneOptions> options, ILogger<Backplane> logger) : IDisposable
{
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private ConnectionMultiplexer? _redis;
    private volatile bool _down;

    public bool Enabled => !string.IsNullOrWhiteSpace(options.Value.ConnectionString);

    /// <summary>True with no backplane (every console is local) or while Redis answers.</summary>
    public bool Reachable => !Enabled || (_redis is { IsConnected: true } && !_down);

    /// <summary>Raised when Redis answers again after an outage: consoles missed pushes of other instances meanwhile.</summary>
    public event Func<Task>? Restored;

    /// <summary>The one Redis connection (SignalR's <c>ConnectionFactory</c>); made once, never fails when Redis is away.</summary>
    public async Task<IConnectionMultiplexer> ConnectAsync(TextWriter? log = null)
    {
        if (_redis is not null)
        {
            return _redis;
        }

        await _connecting.WaitAsync();
        try
        {
            if (_redis is not null)
            {
                return _redis;
            }

            var configuration = ConfigurationOptions.Parse(options.Value.ConnectionString!);
            // Start even while Redis is away, and reconnect in the background.
            configuration.AbortOnConnectFail = false;
            // A push while Redis is away fails at once (then goes to local consoles): it never waits for a reconnection.
            configuration.BacklogPolicy = BacklogPolicy.FailFast;
            configuration.ConnectTimeout = Math.Min(configuration.ConnectTimeout, 3000);
            configuration.ClientName ??= "hotline";
            var redis = await ConnectionMultiplexer.ConnectAsync(configuration, log);
            redis.ConnectionFailed += (_, failure) => MarkDown(failure.ConnectionType, failure.FailureType);
            redis.ConnectionRestored += (_, restored) => _ = MarkUpAsync(restored.ConnectionType);
            _down = !redis.IsConnected;
            if (_down)
            {
                logger.LogWarning("Redis backplane unreachable at start: pushes reach this instance's consoles only until it answers");
            }

            _redis = redis;
            return redis;
        }
        finally
        {
            _connecting.Release();
        }
    }

    private void MarkDown(ConnectionType connection, ConnectionFailureType failure)
    {
        if (!_down)
        {
            _down = true;
            logger.LogWarning("Redis backplane lost ({Connection}, {Failure}): pushes reach this instance's consoles only, offers go to counsellors connected here", connection, failure);
        }
    }

    private async Task MarkUpAsync(ConnectionType connection)
    {
        // Both links must be back: publishing uses the interactive one, receiving the subscription one.
        if (!_down || _redis is not { IsConnected: true } redis || !redis.GetSubscriber().IsConnected())
        {
            return;
        }

        _down = false;
        logger.LogInformation("Redis backplane back ({Connection}): consoles resynchronise", connection);
        if (Restored is { } restored)
        {
            foreach (var handler in restored.GetInvocationList().Cast<Func<Task>>())
            {
                try
                {
                    await handler();
                }
                catch (Exception exception)
                {
                    logger.LogWarning(exception, "Resynchronising consoles after the backplane came back failed");
                }
            }
        }
    }

    public void Dispose()
    {
        _redis?.Dispose();
        _connecting.Dispose();
    }
}

/// <summary>Ready stays 200 without Redis (calls must keep flowing): Degraded, with the check named.</summary>
internal sealed class BackplaneHealthCheck(Backplane backplane) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!backplane.Enabled)
        {
            return HealthCheckResult.Healthy("No backplane configured (a single instance).");
        }

        await backplane.ConnectAsync();
        return backplane.Reachable
            ? HealthCheckResult.Healthy("Redis backplane reachable.")
            : HealthCheckResult.Degraded("Redis backplane unreachable: consoles get this instance's pushes only.");
    }
}
