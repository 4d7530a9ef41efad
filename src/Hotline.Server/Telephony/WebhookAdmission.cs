using System.Threading.RateLimiting;
using Hotline.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Hotline.Server.Telephony;

/// <summary>
/// The rate limits of the telephony webhooks, applied once the signature is known (checking it is cheap):
/// Twilio's signed requests share one bucket that nobody else can drain; unsigned or badly signed requests
/// get a small bucket per client address, and are counted for <see cref="RefusedWebhookLog"/> instead of
/// being logged one by one (a flood must not flood the log either).
/// </summary>
public sealed class WebhookAdmission : IDisposable
{
    private readonly TokenBucketRateLimiter _signed;
    private readonly PartitionedRateLimiter<string> _invalidByAddress;
    private long _missing;
    private long _bad;
    private long _invalidOverLimit;
    private long _signedOverLimit;

    public WebhookAdmission(IOptions<RateLimitOptions> options)
    {
        var limits = options.Value;
        _signed = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = limits.WebhooksPerSecond,
            TokensPerPeriod = limits.WebhooksPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
        });
        _invalidByAddress = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.InvalidWebhooksPerMinutePerAddress, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 }));
    }

    /// <summary>A correctly signed request: true if Twilio's bucket has room.</summary>
    public bool AdmitSigned()
    {
        using var lease = _signed.AttemptAcquire();
        if (!lease.IsAcquired)
        {
            Interlocked.Increment(ref _signedOverLimit);
        }

        return lease.IsAcquired;
    }

    /// <summary>A request refused for its signature: true while its address may still get a 403, false for a 429.</summary>
    public bool AdmitRefusal(string address, bool missingSignature)
    {
        Interlocked.Increment(ref missingSignature ? ref _missing : ref _bad);
        using var lease = _invalidByAddress.AttemptAcquire(address);
        if (!lease.IsAcquired)
        {
            Interlocked.Increment(ref _invalidOverLimit);
        }

        return lease.IsAcquired;
    }

    public sealed record Refusals(long MissingSignature, long BadSignature, long InvalidOverLimit, long SignedOverLimit)
    {
        public long Total => MissingSignature + BadSignature + SignedOverLimit;
    }

    /// <summary>The counts since the last call, reset.</summary>
    public Refusals Take() => new(
        Interlocked.Exchange(ref _missing, 0), Interlocked.Exchange(ref _bad, 0),
        Interlocked.Exchange(ref _invalidOverLimit, 0), Interlocked.Exchange(ref _signedOverLimit, 0));

    public void Dispose()
    {
        _signed.Dispose();
        _invalidByAddress.Dispose();
    }
}

/// <summary>One log line per interval for the refused webhook requests, with their counts (none when there were none).</summary>
public sealed class RefusedWebhookLog(WebhookAdmission admission, TimeProvider time, ILogger<RefusedWebhookLog> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var timer = new ClockTicker(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Flush();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        Flush();
    }

    /// <summary>Logs what was refused since the last flush; public so tests need not wait a minute.</summary>
    public void Flush()
    {
        var refused = admission.Take();
        if (refused.Total > 0)
        {
            logger.LogWarning(
                "Refused {Count} telephony webhook request(s) since the last report: {Missing} without signature, {Bad} with a bad signature or an unreadable form "
                + "({InvalidOverLimit} of them answered 429, over the per-address limit), {SignedOverLimit} signed but over the rate limit",
                refused.Total, refused.MissingSignature, refused.BadSignature, refused.InvalidOverLimit, refused.SignedOverLimit);
        }
    }
}
