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
    /// Correctly signed telephony webhooks per second, all together. Beyond it Twilio gets 429 and uses the
    /// number's fallback URL, which still enqueues the caller. Checked after the signature, so requests
    /// that are not Twilio's never use it up.
    /// </summary>
    [Range(1, 100_000, ErrorMessage = "RateLimits:WebhooksPerSecond must be between 1 and 100000.")]
    public int WebhooksPerSecond { get; set; } = 300;

    /// <summary>Unsigned or badly signed telephony requests per minute from one address (403 each), beyond which 429.</summary>
    [Range(1, 100_000, ErrorMessage = "RateLimits:InvalidWebhooksPerMinutePerAddress must be between 1 and 100000.")]
    public int InvalidWebhooksPerMinutePerAddress { get; set; } = 30;
}

public static class RateLimits
{
    public const string Login = "login";

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
            // Telephony webhooks are limited by their signature filter (Telephony/WebhookAdmission): a limit
            // checked here, before the signature, would let anyone use up Twilio's share.
        });
        return builder;
    }
}
