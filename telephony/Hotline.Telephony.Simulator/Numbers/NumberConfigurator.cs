using Hotline.Telephony.Simulator.Calls;
using Twilio.Clients;
using Twilio.Http;
using Twilio.Rest.Api.V2010.Account;
using TwilioHttpMethod = Twilio.Http.HttpMethod;

namespace Hotline.Telephony.Simulator.Numbers;

public sealed record NumberSettings(
    string AccountSid,
    string AuthToken,
    string PhoneNumberSid,
    Uri PublicBaseUrl,
    Uri FallbackUrl,
    string FallbackMethod)
{
    public Uri VoiceUrl => new HotlineEndpoint(PublicBaseUrl).VoiceUrl;

    public Uri StatusCallbackUrl => new HotlineEndpoint(PublicBaseUrl).StatusCallbackUrl;
}

/// <summary>
/// Points a Twilio phone number at Hotline through the REST API (IncomingPhoneNumbers update): voice URL
/// (POST), fallback URL (the static fallback TwiML, GET by default since static hosting rarely accepts POST)
/// and status callback (POST). It also clears VoiceApplicationSid, which would otherwise override the URLs.
/// </summary>
public static class NumberConfigurator
{
    public static async Task<IncomingPhoneNumberResource> ApplyAsync(NumberSettings settings, Uri? apiBaseUrl, CancellationToken cancellationToken)
    {
        using var http = apiBaseUrl is null
            ? new System.Net.Http.HttpClient()
            : new System.Net.Http.HttpClient(new ApiBaseRewriteHandler(apiBaseUrl));
        var client = new TwilioRestClient(settings.AccountSid, settings.AuthToken, httpClient: new SystemNetHttpClient(http));
        var options = new UpdateIncomingPhoneNumberOptions(settings.PhoneNumberSid)
        {
            PathAccountSid = settings.AccountSid,
            VoiceApplicationSid = string.Empty,
            VoiceUrl = settings.VoiceUrl,
            VoiceMethod = TwilioHttpMethod.Post,
            VoiceFallbackUrl = settings.FallbackUrl,
            VoiceFallbackMethod = settings.FallbackMethod == "POST" ? TwilioHttpMethod.Post : TwilioHttpMethod.Get,
            StatusCallback = settings.StatusCallbackUrl,
            StatusCallbackMethod = TwilioHttpMethod.Post,
        };
        cancellationToken.ThrowIfCancellationRequested();
        return await IncomingPhoneNumberResource.UpdateAsync(options, client);
    }
}
