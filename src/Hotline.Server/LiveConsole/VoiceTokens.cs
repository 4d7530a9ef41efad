using Hotline.Server.Telephony;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Twilio.Jwt.AccessToken;

namespace Hotline.Server.LiveConsole;

public sealed record VoiceToken(string Token, string Identity, DateTimeOffset ExpiresAt);

internal static class VoiceTokens
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    /// <summary>A short-lived Twilio access token with a voice grant for the signed-in counsellor's browser.</summary>
    public static Results<Ok<VoiceToken>, ProblemHttpResult> Issue(
        System.Security.Claims.ClaimsPrincipal user, IOptions<TwilioOptions> options, TimeProvider time)
    {
        var twilio = options.Value;
        if (!twilio.VoiceEnabled)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "In-browser answering is not configured.",
                detail: "Set Twilio:ApiKeySid, Twilio:ApiKeySecret and Twilio:TwimlAppSid.");
        }

        var userId = Guid.Parse(user.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)!.Value);
        var identity = VoiceClients.Identity(userId);
        var expiresAt = time.GetUtcNow() + Lifetime;
        var token = new Token(
            twilio.AccountSid, twilio.ApiKeySid, twilio.ApiKeySecret, identity,
            expiration: expiresAt.UtcDateTime, nbf: time.GetUtcNow().UtcDateTime,
            grants: [new VoiceGrant { OutgoingApplicationSid = twilio.TwimlAppSid, IncomingAllow = true }]);
        return TypedResults.Ok(new VoiceToken(token.ToJwt(), identity, expiresAt));
    }
}
