using System.Net;

namespace Hotline.Server.Telephony.TwilioRest;

/// <summary>Whether an HTTP request to Twilio may be sent again when its outcome is not known.</summary>
public enum RepeatPolicy
{
    /// <summary>Sending it twice does no harm (reads, deletes, updates that set an absolute state).</summary>
    Always,

    /// <summary>
    /// Repeat only when Twilio's answer proves it did not process the request (429, 503). Never after
    /// a timeout, a dropped connection or another 5xx: the first one may have taken effect.
    /// </summary>
    OnlyIfNotProcessed,
}

/// <summary>
/// What one Twilio SDK call needs from the HTTP pipeline and what the pipeline saw. The SDK's async
/// methods take no <see cref="CancellationToken"/> and no per-request options, so the operation's
/// intent travels in an <see cref="AsyncLocal{T}"/> down to <see cref="TwilioRequestContextHandler"/>,
/// which copies it into <see cref="HttpRequestMessage.Options"/> for the resilience pipeline.
/// </summary>
internal sealed class TwilioRequestContext(string operation, RepeatPolicy repeat, CancellationToken cancellationToken)
{
    private static readonly AsyncLocal<TwilioRequestContext?> CurrentContext = new();

    public static readonly HttpRequestOptionsKey<TwilioRequestContext> Key = new("Hotline.Twilio.RequestContext");

    public static TwilioRequestContext? Current
    {
        get => CurrentContext.Value;
        set => CurrentContext.Value = value;
    }

    /// <summary>A name for logs and telemetry ("dequeue", "dequeue-check"…).</summary>
    public string Operation { get; } = operation;

    public RepeatPolicy Repeat { get; } = repeat;

    /// <summary>The operation's deadline and the caller's cancellation, linked.</summary>
    public CancellationToken CancellationToken { get; } = cancellationToken;

    /// <summary>
    /// The HTTP status of the last response, as received. The SDK loses it when the body is not
    /// Twilio's JSON error (an empty 404, an HTML 502), and the outcome depends on it.
    /// </summary>
    public HttpStatusCode? LastStatus { get; set; }

    /// <summary>What to do when a request carries no context: decided by its method alone.</summary>
    public static RepeatPolicy RepeatFor(HttpRequestMessage? request)
    {
        if (request is not null && request.Options.TryGetValue(Key, out var context))
        {
            return context.Repeat;
        }

        var method = request?.Method;
        return method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Delete || method == HttpMethod.Options
            ? RepeatPolicy.Always
            : RepeatPolicy.OnlyIfNotProcessed;
    }
}

/// <summary>
/// Outermost handler of the Twilio client: attaches the operation's context to the request, applies its
/// cancellation (the SDK passes none) and records the final status after all retries.
/// </summary>
internal sealed class TwilioRequestContextHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = TwilioRequestContext.Current;
        if (context is null)
        {
            return await base.SendAsync(request, cancellationToken);
        }

        request.Options.Set(TwilioRequestContext.Key, context);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, context.CancellationToken);
        var response = await base.SendAsync(request, linked.Token);
        context.LastStatus = response.StatusCode;
        return response;
    }
}
