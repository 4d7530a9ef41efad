using System.Diagnostics.Metrics;
using Hotline.Server.Data;
using Hotline.Server.Hosting.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hotline.Server.Referrals;

/// <summary>
/// <c>hotline.referrals.overdue</c>: referrals past a deadline now, from the database (cached, see
/// <see cref="DatabaseGauge"/>): <c>deadline</c> = <c>acknowledgement</c> (sent, not acknowledged by its deadline) or
/// <c>open</c> (still open <c>Referrals:MaxOpen</c> after it was sent). Counts only: no territory, no reference.
/// </summary>
public sealed class OverdueReferralsGauge(HotlineMeter meter, TimeProvider time, IOptions<ReferralOptions> options)
    : DatabaseGauge(meter, "hotline.referrals.overdue", "Referrals past their acknowledgement deadline, or open too long")
{
    protected override async Task<IReadOnlyList<Measurement<int>>> ReadAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<HotlineDbContext>();
        var now = time.GetUtcNow();
        var openSince = now - options.Value.MaxOpen;
        var acknowledgement = await db.Referrals.CountAsync(r => r.State == ReferralState.Sent && r.AcknowledgeBy <= now, cancellationToken);
        var open = await db.Referrals.CountAsync(
            r => r.State != ReferralState.Closed && r.State != ReferralState.Redirected && r.State != ReferralState.Recalled && r.SentAt <= openSince,
            cancellationToken);
        return
        [
            new Measurement<int>(acknowledgement, new KeyValuePair<string, object?>("deadline", "acknowledgement")),
            new Measurement<int>(open, new KeyValuePair<string, object?>("deadline", "open")),
        ];
    }
}
