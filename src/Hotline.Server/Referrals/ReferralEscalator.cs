using Microsoft.Extensions.Options;

namespace Hotline.Server.Referrals;

/// <summary>Looks for referrals overdue for acknowledgement every <c>Referrals:OverdueCheckInterval</c> and escalates them.</summary>
public sealed class ReferralEscalator(
    IServiceScopeFactory scopes, TimeProvider time, IOptions<ReferralOptions> options, ILogger<ReferralEscalator> logger) : BackgroundService
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.OverdueCheckInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The database may be away: try again at the next tick, never take the host down.
                logger.LogWarning(exception, "Overdue referral check failed; retrying");
            }
        }
    }

    /// <summary>One pass; public so tests with a fake clock can drive it.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<ReferralService>().EscalateOverdueAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }
}
