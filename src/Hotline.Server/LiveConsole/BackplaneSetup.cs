using Hotline.Server.Hosting;
using Hotline.Server.Identity;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using Microsoft.Extensions.Options;

namespace Hotline.Server.LiveConsole;

public static class BackplaneSetup
{
    /// <summary>
    /// The Redis backplane when <c>Redis:ConnectionString</c> is set, SignalR's in-memory manager otherwise. Decided when
    /// the hub's manager is first needed (configuration is complete by then, test settings included).
    /// </summary>
    public static IServiceCollection AddBackplane(this IServiceCollection services)
    {
        services.AddOptions<BackplaneOptions>().BindConfiguration(BackplaneOptions.Section);
        services.AddSingleton<ServerInstance>();
        services.AddSingleton<Backplane>();
        services.AddSingleton(provider =>
        {
            var backplane = provider.GetRequiredService<Backplane>();
            var redis = new RedisHubLifetimeManager<ConsoleHub>(
                provider.GetRequiredService<ILogger<RedisHubLifetimeManager<ConsoleHub>>>(),
                Options.Create(new RedisOptions { ConnectionFactory = backplane.ConnectAsync }),
                provider.GetRequiredService<IHubProtocolResolver>(),
                provider.GetRequiredService<IOptions<HubOptions>>(),
                provider.GetRequiredService<IOptions<HubOptions<ConsoleHub>>>());
            return new FallbackHubLifetimeManager(redis, backplane, provider.GetRequiredService<ILogger<FallbackHubLifetimeManager>>());
        });
        services.AddSingleton<HubLifetimeManager<ConsoleHub>>(provider => provider.GetRequiredService<Backplane>().Enabled
            ? provider.GetRequiredService<FallbackHubLifetimeManager>()
            : ActivatorUtilities.CreateInstance<DefaultHubLifetimeManager<ConsoleHub>>(provider));
        services.AddHealthChecks().AddCheck<BackplaneHealthCheck>("backplane", tags: [HealthEndpoints.ReadyTag], timeout: TimeSpan.FromSeconds(5));
        services.AddHostedService<BackplaneResync>();
        return services;
    }
}

/// <summary>
/// Connects to Redis at start, and when it answers again after an outage, brings this instance's consoles back in step:
/// a connection opened meanwhile (its Redis subscriptions incomplete) is closed, so the console reconnects properly and
/// gets a snapshot; the others are sent a fresh snapshot (they missed what other instances pushed).
/// </summary>
internal sealed class BackplaneResync(Backplane backplane, IServiceProvider services, IServiceScopeFactory scopes, ILogger<BackplaneResync> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (backplane.Enabled)
        {
            backplane.Restored += ResyncAsync;
            // In the background: a Redis away at start must not delay the start (it is retried by the connection itself).
            _ = Task.Run(() => backplane.ConnectAsync(), CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        backplane.Restored -= ResyncAsync;
        return Task.CompletedTask;
    }

    private async Task ResyncAsync()
    {
        if (services.GetRequiredService<HubLifetimeManager<ConsoleHub>>() is not FallbackHubLifetimeManager manager)
        {
            return;
        }

        var (partial, complete) = manager.LocalConnections();
        foreach (var connection in partial)
        {
            connection.Abort();
        }

        await using var scope = scopes.CreateAsyncScope();
        var snapshots = scope.ServiceProvider.GetRequiredService<SnapshotService>();
        var voiceEnabled = scope.ServiceProvider.GetRequiredService<CallConnector>().VoiceEnabled;
        foreach (var connection in complete)
        {
            if (connection.User is not { } user || !Guid.TryParse(connection.UserIdentifier, out var userId))
            {
                continue;
            }

            try
            {
                var snapshot = await snapshots.SnapshotAsync(userId, PresenceService.IsCounsellor(user), user.IsInRole(Roles.Supervisor), voiceEnabled, connection.ConnectionAborted);
                await connection.WriteAsync(new InvocationMessage(nameof(IConsoleClient.Snapshot), [snapshot]), connection.ConnectionAborted);
            }
            catch (OperationCanceledException)
            {
                // That console went away meanwhile: it gets a snapshot when it reconnects.
            }
        }

        logger.LogInformation("Backplane back: {Reconnected} console connection(s) closed to reconnect, {Resynced} sent a snapshot", partial.Count, complete.Count);
    }
}
