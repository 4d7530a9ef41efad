using System.ComponentModel.DataAnnotations;

namespace Hotline.Server.Telephony;

/// <summary>The Twilio account and how Twilio reaches us (section <c>Twilio</c>).</summary>
public sealed class TwilioOptions
{
    public const string Section = "Twilio";

    [Required(ErrorMessage = "Twilio:AccountSid is required (AC followed by 32 hex digits).")]
    [RegularExpression("^AC[0-9a-fA-F]{32}$", ErrorMessage = "Twilio:AccountSid must be AC followed by 32 hex digits.")]
    public string AccountSid { get; set; } = "";

    /// <summary>Signs every webhook (X-Twilio-Signature) and authenticates REST calls.</summary>
    [Required(ErrorMessage = "Twilio:AuthToken is required: without it no webhook signature can be checked.")]
    [MinLength(16, ErrorMessage = "Twilio:AuthToken looks wrong: Twilio auth tokens are 32 characters.")]
    public string AuthToken { get; set; } = "";

    /// <summary>
    /// The public base URL Twilio calls (e.g. https://hotline.example.fr). Signatures are computed over
    /// this URL + path + query, so they verify behind a TLS-terminating proxy.
    /// </summary>
    [Required(ErrorMessage = "Twilio:PublicBaseUrl is required: the public https URL Twilio uses to reach this server.")]
    [AbsoluteHttpUrl(ErrorMessage = "Twilio:PublicBaseUrl must be an absolute http(s) URL without query or fragment.")]
    public string PublicBaseUrl { get; set; } = "";

    /// <summary>The Twilio REST API: api.twilio.com in production, the simulator or WireMock elsewhere.</summary>
    [Required(ErrorMessage = "Twilio:ApiBaseUrl is required.")]
    [AbsoluteHttpUrl(ErrorMessage = "Twilio:ApiBaseUrl must be an absolute http(s) URL.")]
    public string ApiBaseUrl { get; set; } = "https://api.twilio.com";

    /// <summary>The line's own number (E.164), the caller ID of callbacks. Without it callbacks cannot be placed.</summary>
    [RegularExpression(@"^\+[1-9][0-9]{6,14}$", ErrorMessage = "Twilio:PhoneNumber must be an E.164 number such as +33800005696.")]
    public string? PhoneNumber { get; set; }

    /// <summary>In-browser answering (Twilio Voice JS SDK): an API key, its secret and the TwiML app. All three, or none.</summary>
    [RegularExpression("^SK[0-9a-fA-F]{32}$", ErrorMessage = "Twilio:ApiKeySid must be SK followed by 32 hex digits.")]
    public string? ApiKeySid { get; set; }

    [MinLength(32, ErrorMessage = "Twilio:ApiKeySecret looks wrong: Twilio API key secrets are 32 characters.")]
    public string? ApiKeySecret { get; set; }

    [RegularExpression("^AP[0-9a-fA-F]{32}$", ErrorMessage = "Twilio:TwimlAppSid must be AP followed by 32 hex digits.")]
    public string? TwimlAppSid { get; set; }

    /// <summary>True when counsellors can answer in the browser.</summary>
    public bool VoiceEnabled =>
        !string.IsNullOrEmpty(ApiKeySid) && !string.IsNullOrEmpty(ApiKeySecret) && !string.IsNullOrEmpty(TwimlAppSid);

    /// <summary>Builds an absolute URL for TwiML from a path under the public base.</summary>
    public Uri Url(string pathAndQuery) => new(PublicBaseUrl.TrimEnd('/') + pathAndQuery);
}

[AttributeUsage(AttributeTargets.Property)]
internal sealed class AbsoluteHttpUrlAttribute : ValidationAttribute
{
    public override bool IsValid(object? value) =>
        value is not string text || string.IsNullOrEmpty(text)
        || (Uri.TryCreate(text, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment));
}
