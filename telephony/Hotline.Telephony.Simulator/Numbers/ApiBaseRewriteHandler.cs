namespace Hotline.Telephony.Simulator.Numbers;

/// <summary>
/// The Twilio SDK always builds https://api.twilio.com/... URLs; this handler sends them to another base
/// (the simulator's REST API) with path and query untouched.
/// </summary>
public sealed class ApiBaseRewriteHandler(Uri apiBase) : DelegatingHandler(new SocketsHttpHandler())
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.RequestUri is { } uri)
        {
            request.RequestUri = new UriBuilder(uri) { Scheme = apiBase.Scheme, Host = apiBase.Host, Port = apiBase.Port }.Uri;
        }

        return base.SendAsync(request, cancellationToken);
    }
}
