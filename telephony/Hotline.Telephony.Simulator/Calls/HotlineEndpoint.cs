namespace Hotline.Telephony.Simulator.Calls;

/// <summary>
/// Where the Hotline server is. Twilio calls (and signs) public URLs; the simulator sends each request to the
/// server address instead, so a public base such as https://hotline.example.fr can be simulated against
/// http://localhost:5080. URLs outside the public base are requested as they are.
/// </summary>
public sealed class HotlineEndpoint
{
    public const string VoicePath = "telephony/twilio/voice";
    public const string StatusPath = "telephony/twilio/status";

    public HotlineEndpoint(Uri serverBaseUrl, Uri? publicBaseUrl = null)
    {
        ServerBaseUrl = AsBase(serverBaseUrl, nameof(serverBaseUrl));
        PublicBaseUrl = AsBase(publicBaseUrl ?? serverBaseUrl, nameof(publicBaseUrl));
    }

    public Uri ServerBaseUrl { get; }

    public Uri PublicBaseUrl { get; }

    public Uri VoiceUrl => new(PublicBaseUrl, VoicePath);

    public Uri StatusCallbackUrl => new(PublicBaseUrl, StatusPath);

    /// <summary>The address actually requested for a URL Twilio would request.</summary>
    public Uri ToTransport(Uri twilioUrl)
    {
        if (!twilioUrl.IsAbsoluteUri
            || !string.Equals(twilioUrl.Scheme, PublicBaseUrl.Scheme, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(twilioUrl.Host, PublicBaseUrl.Host, StringComparison.OrdinalIgnoreCase)
            || twilioUrl.Port != PublicBaseUrl.Port
            || !twilioUrl.AbsolutePath.StartsWith(PublicBaseUrl.AbsolutePath, StringComparison.Ordinal))
        {
            return twilioUrl;
        }

        var rest = twilioUrl.PathAndQuery[PublicBaseUrl.AbsolutePath.Length..];
        return new Uri(ServerBaseUrl, rest);
    }

    private static Uri AsBase(Uri url, string name)
    {
        if (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"Expected an absolute http(s) URL, got '{url}'.", name);
        }

        var builder = new UriBuilder(url) { Query = string.Empty, Fragment = string.Empty };
        if (!builder.Path.EndsWith('/'))
        {
            builder.Path += "/";
        }

        return builder.Uri;
    }
}
