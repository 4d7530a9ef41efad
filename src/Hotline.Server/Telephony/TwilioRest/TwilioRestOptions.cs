using System.ComponentModel.DataAnnotations;

namespace Hotline.Server.Telephony.TwilioRest;

/// <summary>
/// How hard Hotline tries when it calls the Twilio REST API (section <c>Twilio:Rest</c>). The defaults
/// assume a counsellor is waiting on the other side of every call: a few seconds, not minutes.
/// </summary>
public sealed class TwilioRestOptions : IValidatableObject
{
    public const string Section = "Twilio:Rest";

    /// <summary>
    /// The longest a counsellor waits for one operation (a dequeue with its check and second try, a
    /// callback with its look-up), and the cap on one HTTP request including its retries.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00", ErrorMessage = "Twilio:Rest:TotalTimeout must be between 00:00:01 and 00:01:00.")]
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>One attempt. Twilio answers in well under a second; 3 s leaves room to check and try again.</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "00:00:30", ErrorMessage = "Twilio:Rest:AttemptTimeout must be between 00:00:00.1 and 00:00:30.")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Retries after the first attempt, for requests that are safe to repeat.</summary>
    [Range(0, 5, ErrorMessage = "Twilio:Rest:MaxRetryAttempts must be between 0 and 5.")]
    public int MaxRetryAttempts { get; set; } = 2;

    /// <summary>First back-off delay (exponential with jitter) when Twilio gives no Retry-After.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:05", ErrorMessage = "Twilio:Rest:RetryDelay must be between 00:00:00 and 00:00:05.")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// A Retry-After longer than this is not waited for: the operation fails at once so the counsellor
    /// hears about it now rather than after the whole budget.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:30", ErrorMessage = "Twilio:Rest:MaxRetryAfter must be between 00:00:00 and 00:00:30.")]
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Share of failed attempts (5xx, 408, 429, timeouts, connection errors) that opens the circuit.</summary>
    [Range(0.01, 1.0, ErrorMessage = "Twilio:Rest:BreakerFailureRatio must be between 0.01 and 1.")]
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Attempts seen in the sampling window before the circuit may open. A hotline makes few REST calls.</summary>
    [Range(2, 1000, ErrorMessage = "Twilio:Rest:BreakerMinimumThroughput must be between 2 and 1000.")]
    public int BreakerMinimumThroughput { get; set; } = 6;

    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ErrorMessage = "Twilio:Rest:BreakerSamplingDuration must be between 00:00:01 and 00:10:00.")]
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long requests fail fast once the circuit is open, before one is let through to probe.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ErrorMessage = "Twilio:Rest:BreakerBreakDuration must be between 00:00:01 and 00:10:00.")]
    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// After a call creation of unknown outcome, how long to let Twilio settle before listing calls: a
    /// request we gave up on may still be being processed, and the list lags slightly.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:05", ErrorMessage = "Twilio:Rest:ReconcileDelay must be between 00:00:00 and 00:00:05.")]
    public TimeSpan ReconcileDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a queue's sid (friendly name → QU…) is kept before it is read again.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "Twilio:Rest:QueueCacheDuration must be between 00:00:00 and 1.00:00:00.")]
    public TimeSpan QueueCacheDuration { get; set; } = TimeSpan.FromHours(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (AttemptTimeout >= TotalTimeout)
        {
            yield return new ValidationResult(
                "Twilio:Rest:AttemptTimeout must be shorter than Twilio:Rest:TotalTimeout, or nothing is left to check or retry.",
                [nameof(AttemptTimeout), nameof(TotalTimeout)]);
        }
    }
}
