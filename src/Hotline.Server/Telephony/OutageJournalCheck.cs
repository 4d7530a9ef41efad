using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hotline.Server.Telephony;

/// <summary>
/// Readiness: an instance that cannot journal webhooks would lose them during a database outage, so this is what
/// takes it out of the balancer (503), not the database being unreachable (Degraded: the journal covers it).
/// </summary>
internal sealed class OutageJournalCheck(OutageJournal journal) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(journal.AcceptsWrites()
            ? HealthCheckResult.Healthy("Outage journal writable.")
            : HealthCheckResult.Unhealthy("Outage journal not writable: webhooks would be lost in a database outage."));
}
