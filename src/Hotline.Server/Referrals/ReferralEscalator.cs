using Hotline.Server.Hosting;
using Hotline.Server.Data;
using Hotline.Server.Triage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hotline.Server.Referrals;

/// <summary>Looks for referrals overdue for acknowledgement every <c>Referrals:OverdueCheckInterval</c> and escalates them.</summary>
public sealed class ReferralEscalator(
    IServiceScopeFactory scopes, TimeProvider time, IOptions<ReferralOptions> options, ILogger<ReferralEscalator> logger) : BackgroundService
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var timer = new ClockTicker(options.Value.OverdueCheckInterval, time);
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

    /// <summary>One pass (overdue acknowledgements, then referrals open too long); public so tests with a fake clock can drive it.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var referrals = scope.ServiceProvider.GetRequiredService<OverdueReferrals>();
            return await referrals.EscalateOverdueAsync(cancellationToken) + await referrals.EscalateOpenTooLongAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }
}

/// <summary>
/// One escalation pass over the referrals overdue for acknowledgement (scoped: the escalator runs it in its own scope).
/// </summary>
public sealed class OverdueReferrals(
    HotlineDbContext db, TimeProvider time, ReferralReader reader, ISupervisorAlerts alerts, IOptions<ReferralOptions> options, ILogger<OverdueReferrals> logger)
{
    /// <summary>
    /// Referrals still open (sent, acknowledged or in follow-up) <c>Referrals:MaxOpen</c> after they were sent: marked
    /// (once, by a conditional update), supervisors alerted, the territory's inboxes updated. Returns how many.
    /// </summary>
    public async Task<int> EscalateOpenTooLongAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var cutoff = now - options.Value.MaxOpen;
        var due = await db.Referrals.AsNoTracking()
            .Where(r => r.State != ReferralState.Closed && r.State != ReferralState.Redirected && r.State != ReferralState.Recalled && r.OpenTooLongAt == null && r.SentAt <= cutoff)
            .OrderBy(r => r.SentAt).Select(r => r.Id).Take(200)
            .ToListAsync(cancellationToken);
        var escalated = 0;
        foreach (var id in due)
        {
            var won = await db.Referrals
                .Where(r => r.Id == id && r.State != ReferralState.Closed && r.State != ReferralState.Redirected && r.State != ReferralState.Recalled && r.OpenTooLongAt == null)
                .ExecuteUpdateAsync(set => set.SetProperty(r => r.OpenTooLongAt, now).SetProperty(r => r.Version, r => r.Version + 1), cancellationToken);
            if (won == 0)
            {
                continue;
            }

            escalated++;
            var referral = await db.Referrals.AsNoTracking().FirstAsync(r => r.Id == id, cancellationToken);
            await alerts.SupervisorAlertAsync(new SupervisorAlert(
                SupervisorAlertKind.ReferralOpenTooLong, referral.CallId, referral.Id, referral.DepartementCode, now));
            await reader.PublishAsync(referral, created: false);
        }

        if (escalated > 0)
        {
            logger.LogWarning("{Count} referral(s) open longer than Referrals:MaxOpen escalated to supervisors", escalated);
        }

        return escalated;
    }

    /// <summary>
    /// Referrals still waiting for acknowledgement past their deadline: marked escalated (once, by a
    /// conditional update, so two instances never alert twice), supervisors alerted, the territory's
    /// inboxes updated. Returns how many were escalated.
    /// </summary>
    public async Task<int> EscalateOverdueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = await db.Referrals.AsNoTracking()
            .Where(r => r.State == ReferralState.Sent && r.EscalatedAt == null && r.AcknowledgeBy <= now)
            .OrderBy(r => r.AcknowledgeBy).Select(r => r.Id).Take(200)
            .ToListAsync(cancellationToken);
        var escalated = 0;
        foreach (var id in due)
        {
            var won = await db.Referrals
                .Where(r => r.Id == id && r.State == ReferralState.Sent && r.EscalatedAt == null)
                .ExecuteUpdateAsync(set => set.SetProperty(r => r.EscalatedAt, now).SetProperty(r => r.Version, r => r.Version + 1), cancellationToken);
            if (won == 0)
            {
                continue;
            }

            escalated++;
            var referral = await db.Referrals.AsNoTracking().FirstAsync(r => r.Id == id, cancellationToken);
            await alerts.SupervisorAlertAsync(new SupervisorAlert(
                SupervisorAlertKind.ReferralOverdue, referral.CallId, referral.Id, referral.DepartementCode, now));
            await reader.PublishAsync(referral, created: false);
        }

        if (escalated > 0)
        {
            logger.LogWarning("{Count} referral(s) overdue for acknowledgement escalated to supervisors", escalated);
        }

        return escalated;
    }
}
