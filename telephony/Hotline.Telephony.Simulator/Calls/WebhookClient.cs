using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Hotline.Telephony.Simulator.Protocol;

namespace Hotline.Telephony.Simulator.Calls;

/// <summary>What one webhook request gave: for the transcript and the latency statistics.</summary>
public sealed record WebhookRecord(
    string Purpose,
    string Method,
    Uri Url,
    int? StatusCode,
    TimeSpan Latency,
    string? Error);

public sealed record WebhookResponse(WebhookRecord Record, string? ContentType, string Body);

/// <summary>A webhook that failed as Twilio sees it, with Twilio's error code (11200 HTTP retrieval failure,
/// 11205 HTTP connection failure or timeout).</summary>
public sealed class WebhookException(WebhookRecord record, int twilioErrorCode, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public WebhookRecord Record { get; } = record;

    public int TwilioErrorCode { get; } = twilioErrorCode;
}

/// <summary>
/// Sends Twilio-style webhook requests: form-encoded POST (or GET with the parameters in the query), signed with
/// <c>X-Twilio-Signature</c> over the URL Twilio would have called, with Twilio's headers.
/// </summary>
public sealed class WebhookClient(HttpClient http, HotlineEndpoint endpoint, string authToken)
{
    /// <summary>Twilio gives up on a webhook after 15 seconds (connection overrides aside).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private const int MaxBodyChars = 64 * 1024;

    public HotlineEndpoint Endpoint { get; } = endpoint;

    public async Task<WebhookResponse> SendAsync(
        string purpose,
        string method,
        Uri twilioUrl,
        IReadOnlyList<KeyValuePair<string, string>> parameters,
        string? idempotencyToken = null,
        CancellationToken cancellationToken = default)
    {
        // Connection overrides (#ct=…&rt=…) live in the fragment, which is neither sent nor signed.
        var url = new UriBuilder(twilioUrl) { Fragment = string.Empty }.Uri;
        string signedUrl;
        HttpRequestMessage request;
        if (method == "GET")
        {
            var builder = new UriBuilder(url);
            var query = string.Join('&', parameters.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));
            builder.Query = string.IsNullOrEmpty(builder.Query) ? query : builder.Query.TrimStart('?') + "&" + query;
            url = builder.Uri;
            signedUrl = url.AbsoluteUri;
            request = new HttpRequestMessage(HttpMethod.Get, Endpoint.ToTransport(url));
            request.Headers.Add(TwilioSignature.HeaderName, TwilioSignature.Compute(authToken, signedUrl, []));
        }
        else
        {
            signedUrl = url.AbsoluteUri;
            request = new HttpRequestMessage(HttpMethod.Post, Endpoint.ToTransport(url))
            {
                Content = new FormUrlEncodedContent(parameters),
            };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded") { CharSet = "utf-8" };
            request.Headers.Add(TwilioSignature.HeaderName, TwilioSignature.Compute(authToken, signedUrl, parameters));
        }

        request.Headers.Add("I-Twilio-Idempotency-Token", idempotencyToken ?? NewIdempotencyToken());
        request.Headers.UserAgent.ParseAdd("TwilioProxy/1.1");
        request.Headers.Accept.ParseAdd("*/*");
        request.Headers.CacheControl = new CacheControlHeaderValue { MaxAge = TimeSpan.FromSeconds(259200) };
        request.Headers.Add("X-Home-Region", "us1");

        var stopwatch = Stopwatch.StartNew();
        if (!IsReachable(request.RequestUri!))
        {
            request.Dispose();
            var refused = new WebhookRecord(purpose, method, url, null, TimeSpan.Zero, "not requested");
            throw new WebhookException(refused, 11205,
                $"{method} {url}: not requested — the simulator only calls the Hotline server ({Endpoint.ServerBaseUrl.Authority}) and loopback addresses.");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            using (request)
            using (var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token))
            {
                var body = await ReadBodyAsync(response, timeout.Token);
                var record = new WebhookRecord(purpose, method, url, (int)response.StatusCode, stopwatch.Elapsed, null);
                if (!response.IsSuccessStatusCode)
                {
                    var failed = record with { Error = $"HTTP {(int)response.StatusCode}" };
                    throw new WebhookException(failed, 11200, $"{method} {url} answered HTTP {(int)response.StatusCode} (Twilio error 11200).");
                }

                return new WebhookResponse(record, response.Content.Headers.ContentType?.MediaType, body);
            }
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            var record = new WebhookRecord(purpose, method, url, null, stopwatch.Elapsed, "timeout");
            throw new WebhookException(record, 11205, $"{method} {url} did not answer within {Timeout.TotalSeconds:0} s (Twilio error 11205).", e);
        }
        catch (HttpRequestException e)
        {
            var record = new WebhookRecord(purpose, method, url, null, stopwatch.Elapsed, e.HttpRequestError.ToString());
            throw new WebhookException(record, 11205, $"{method} {url} failed: {e.Message} (Twilio error 11205).", e);
        }
    }

    /// <summary>The simulator calls the Hotline server and this machine, never a third-party host.</summary>
    private bool IsReachable(Uri url) =>
        url.IsLoopback
        || string.Equals(url.Host, Endpoint.ServerBaseUrl.Host, StringComparison.OrdinalIgnoreCase);

    /// <summary>An opaque token, unique per request and repeated only when the same request is retried.</summary>
    public static string NewIdempotencyToken() => Guid.NewGuid().ToString();

    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var buffer = new char[MaxBodyChars];
        var read = await reader.ReadBlockAsync(buffer.AsMemory(), cancellationToken);
        return new string(buffer, 0, read);
    }
}
