using Microsoft.Extensions.Options;

namespace Hotline.Server.Telephony.TwilioRest;

/// <summary>
/// Sends the SDK's requests to <c>Twilio:ApiBaseUrl</c>. The SDK has no base-URL setting and always
/// builds absolute https://api.twilio.com URIs (BaseAddress is ignored for absolute URIs), so scheme,
/// host, port and a path prefix are rewritten here. Against the real API nothing is touched, which
/// keeps the SDK's region and edge host names working.
/// </summary>
internal sealed class TwilioApiBaseHandler(IOptions<TwilioOptions> options) : DelegatingHandler
{
    public static readonly Uri RealApi = new("https://api.twilio.com/");

    private readonly Uri? _target = TargetFor(options.Value.ApiBaseUrl);

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (_target is not null && request.RequestUri is { IsAbsoluteUri: true } uri)
        {
            request.RequestUri = Rewrite(uri, _target);
        }

        return base.SendAsync(request, cancellationToken);
    }

    /// <summary>The base to rewrite to, or null when it is the real API.</summary>
    public static Uri? TargetFor(string apiBaseUrl)
    {
        var target = new Uri(apiBaseUrl.TrimEnd('/') + "/", UriKind.Absolute);
        return Uri.Compare(target, RealApi, UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) == 0
            ? null
            : target;
    }

    /// <summary>
    /// Moves <paramref name="uri"/> under <paramref name="target"/>, keeping its (escaped) path and
    /// query. A URI already under the target is left alone, so a re-sent request is not prefixed twice.
    /// </summary>
    public static Uri Rewrite(Uri uri, Uri target)
    {
        var authority = target.GetLeftPart(UriPartial.Authority);
        var prefix = target.AbsolutePath.TrimEnd('/');
        if (string.Equals(uri.GetLeftPart(UriPartial.Authority), authority, StringComparison.OrdinalIgnoreCase)
            && uri.AbsolutePath.StartsWith(prefix + "/", StringComparison.Ordinal))
        {
            return uri;
        }

        return new Uri(authority + prefix + uri.PathAndQuery, UriKind.Absolute);
    }
}
