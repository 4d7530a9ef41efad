using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.CircuitBreaker;

namespace Hotline.Server.Telephony.TwilioRest;

/// <summary>
/// The pipeline every Twilio request goes through, outermost first: total timeout, retry, circuit
/// breaker, attempt timeout. What may be retried depends on the request (<see cref="RepeatPolicy"/>).
/// </summary>
internal static class TwilioResilience
{
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, TwilioRestOptions options, TimeProvider time)
    {
        builder.AddTimeout(new HttpTimeoutStrategyOptions { Name = "TotalTimeout", Timeout = options.TotalTimeout });
        if (options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new HttpRetryStrategyOptions
            {
                Name = "Retry",
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                // Twilio's 429 says how long to wait; ShouldRetry refuses waits longer than MaxRetryAfter.
                ShouldRetryAfterHeader = true,
                ShouldHandle = args => ValueTask.FromResult(
                    ShouldRetry(args.Outcome, TwilioRequestContext.RepeatFor(args.Context.GetRequestMessage()), options.MaxRetryAfter, time)),
            });
        }

        builder.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            Name = "CircuitBreaker",
            FailureRatio = options.BreakerFailureRatio,
            MinimumThroughput = options.BreakerMinimumThroughput,
            SamplingDuration = options.BreakerSamplingDuration,
            BreakDuration = options.BreakerBreakDuration,
        });
        builder.AddTimeout(new HttpTimeoutStrategyOptions { Name = "AttemptTimeout", Timeout = options.AttemptTimeout });
    }

    /// <summary>
    /// 429 and 503 prove Twilio did not process the request, so any request may be sent again (if the
    /// wait it asks for is acceptable). Anything else that is transient (other 5xx, 408, timeouts,
    /// connection errors) leaves the outcome unknown: only requests that are harmless to repeat are.
    /// An open circuit is never retried: it fails fast on purpose.
    /// </summary>
    public static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, RepeatPolicy repeat, TimeSpan maxRetryAfter, TimeProvider time)
    {
        if (outcome.Result is { } response)
        {
            if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable)
            {
                return RetryAfter(response, time) is not { } wait || wait <= maxRetryAfter;
            }

            return repeat == RepeatPolicy.Always && HttpClientResiliencePredicates.IsTransient(outcome);
        }

        return outcome.Exception is not (null or BrokenCircuitException)
            && repeat == RepeatPolicy.Always
            && HttpClientResiliencePredicates.IsTransient(outcome);
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response, TimeProvider time) =>
        response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - time.GetUtcNow(),
            _ => null,
        };
}
