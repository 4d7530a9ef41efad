using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Hotline.Server.Hosting;

/// <summary>Section <c>RateLimits</c>.</summary>
public sealed class RateLimitOptions
{
    /// <summary>Sign-in attempts per minute from one address (per account, Identity locks after 5 failures).</summary>
    [Range(1, 100_000, ErrorMessage = "RateLimits:LoginPerMinutePerAddress must be between 1 and 100000.")]
    public int LoginPerMinutePerAddress { get; set; } = 20;

    /// <summary>
    /// Telephony webhooks per second, all together. Beyond it Twilio gets 429 and uses the number's
    /// fallback URL, which still enqueues the caller.
    /// </summary>
    [Range(1, 100_000, ErrorMessage = "RateLimits:WebhooksPerSecond must be between 1 and 100000.")]
    public int WebhooksPerSecond { get; set; } = 300;
}

public static class RateLimits
{
    public const string Login = "login";
    public const string Webhooks = "webhooks";

    public static WebApplicationBuilder AddRateLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<RateLimitOptions>("RateLimits");
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Title = "Too many requests; try again later." },
                });
            };
            limiter.AddPolicy(Login, context =>
            {
                var options = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = options.LoginPerMinutePerAddress, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
            limiter.AddPolicy(Webhooks, context =>
            {
                var options = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
                return RateLimitPartition.GetTokenBucketLimiter("twilio", _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.WebhooksPerSecond,
                    TokensPerPeriod = options.WebhooksPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                });
            });
        });
        return builder;
    }
}
