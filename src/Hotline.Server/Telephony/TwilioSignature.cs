using Microsoft.Extensions.Options;
using Twilio.Security;

namespace Hotline.Server.Telephony;

public static class TwilioSignature
{
    /// <summary>Every endpoint of the group answers only requests Twilio signed with our auth token.</summary>
    public static RouteGroupBuilder ValidateTwilioSignature(this RouteGroupBuilder group)
    {
        group.AddEndpointFilter<TwilioSignatureFilter>();
        return group;
    }
}

/// <summary>
/// Checks <c>X-Twilio-Signature</c> with the SDK's <see cref="RequestValidator"/> over the public URL
/// Twilio called (<c>Twilio:PublicBaseUrl</c> + path + query), so it holds behind a TLS proxy; then applies
/// the webhook rate limits (<see cref="WebhookAdmission"/>), which depend on the signature.
/// </summary>
internal sealed class TwilioSignatureFilter(IOptions<TwilioOptions> options, WebhookAdmission admission) : IEndpointFilter
{
    public const string Header = "X-Twilio-Signature";

    private readonly RequestValidator _validator = new(options.Value.AuthToken);

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult TooManyRequests(HttpContext http)
    {
        http.Response.Headers.RetryAfter = "1";
        return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests; try again later.");
    }

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        if (request.HasFormContentType)
        {
            try
            {
                var form = await request.ReadFormAsync(context.HttpContext.RequestAborted);
                foreach (var (key, value) in form)
                {
                    parameters[key] = value.ToString();
                }
            }
            catch (InvalidDataException exception)
            {
                // Over the form limits or malformed: not something Twilio sends.
                var tooLarge = exception.Message.Contains("limit", StringComparison.OrdinalIgnoreCase);
                if (!admission.AdmitRefusal(context.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown", missingSignature: false))
                {
                    return TooManyRequests(context.HttpContext);
                }

                return tooLarge
                    ? TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The form is over the size limits.")
                    : TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The form could not be read.");
            }
        }

        var url = options.Value.PublicBaseUrl.TrimEnd('/') + request.PathBase + request.Path + request.QueryString;
        var signature = request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(signature) || !_validator.Validate(url, parameters, signature))
        {
            // Counted, and logged once a minute by RefusedWebhookLog: not one line per request.
            var address = context.HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            return admission.AdmitRefusal(address, missingSignature: string.IsNullOrEmpty(signature))
                ? TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Invalid Twilio signature.")
                : TooManyRequests(context.HttpContext);
        }

        return admission.AdmitSigned() ? await next(context) : TooManyRequests(context.HttpContext);
    }
}
