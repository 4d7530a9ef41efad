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
/// Twilio called (<c>Twilio:PublicBaseUrl</c> + path + query), so it holds behind a TLS proxy.
/// </summary>
internal sealed class TwilioSignatureFilter(IOptions<TwilioOptions> options, ILogger<TwilioSignatureFilter> logger) : IEndpointFilter
{
    public const string Header = "X-Twilio-Signature";

    private readonly RequestValidator _validator = new(options.Value.AuthToken);

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
                logger.LogWarning("Rejected a telephony webhook with a {Problem} form on {Path}", tooLarge ? "too large" : "malformed", request.Path.Value);
                return tooLarge
                    ? TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "The form is over the size limits.")
                    : TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The form could not be read.");
            }
        }

        var url = options.Value.PublicBaseUrl.TrimEnd('/') + request.PathBase + request.Path + request.QueryString;
        var signature = request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(signature) || !_validator.Validate(url, parameters, signature))
        {
            // Path only: the form holds the caller's number.
            logger.LogWarning("Rejected a telephony webhook with a {Problem} signature on {Path}",
                string.IsNullOrEmpty(signature) ? "missing" : "bad", request.Path.Value);
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Invalid Twilio signature.");
        }

        return await next(context);
    }
}
