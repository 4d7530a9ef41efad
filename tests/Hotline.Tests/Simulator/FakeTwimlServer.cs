using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Twilio.Security;

namespace Hotline.Tests.Simulator;

/// <summary>One webhook the fake server received, with its signature checked by the Twilio SDK.</summary>
public sealed record ReceivedWebhook(
    string Method,
    string Path,
    string Query,
    IReadOnlyDictionary<string, string> Parameters,
    string? IdempotencyToken,
    bool SignatureValid)
{
    public string? this[string key] => Parameters.GetValueOrDefault(key);

    public string PathAndQuery => Path + Query;
}

/// <summary>
/// A tiny Kestrel app on loopback standing in for the Hotline server: it answers TwiML per path, records
/// every request and checks X-Twilio-Signature with <see cref="RequestValidator"/> against its public URL.
/// </summary>
public sealed class FakeTwimlServer : IAsyncDisposable
{
    public const string AuthToken = "test-auth-token-0123456789abcdef";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private readonly ConcurrentDictionary<string, Func<ReceivedWebhook, (int Status, string Body)>> _routes = new(StringComparer.Ordinal);
    private readonly RequestValidator _validator = new(AuthToken);

    private FakeTwimlServer(WebApplication app)
    {
        _app = app;
    }

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The URL Twilio "calls" (and signs); defaults to <see cref="BaseUrl"/>.</summary>
    public Uri PublicBaseUrl { get; private set; } = null!;

    public IReadOnlyList<ReceivedWebhook> Received => _received.ToArray();

    public static async Task<FakeTwimlServer> StartAsync(Uri? publicBaseUrl = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeTwimlServer(app);
        app.Map("/{**path}", server.HandleAsync);
        await app.StartAsync();
        server.BaseUrl = new Uri(app.Urls.First());
        server.PublicBaseUrl = publicBaseUrl ?? server.BaseUrl;
        return server;
    }

    /// <summary>Answers this path (query ignored) with TwiML wrapped in &lt;Response&gt;.</summary>
    public void Twiml(string path, string verbs) =>
        _routes[path] = _ => (200, $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>{verbs}</Response>");

    public void Respond(string path, Func<ReceivedWebhook, (int Status, string Body)> answer) => _routes[path] = answer;

    public IReadOnlyList<ReceivedWebhook> To(string path) => Received.Where(r => r.Path == path).ToList();

    public async Task<ReceivedWebhook> WaitForAsync(Func<ReceivedWebhook, bool> predicate, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (DateTime.UtcNow < deadline)
        {
            if (Received.FirstOrDefault(predicate) is { } found)
            {
                return found;
            }

            await Task.Delay(10);
        }

        throw new TimeoutException("The expected webhook never came. Received: " + string.Join(", ", Received.Select(r => r.PathAndQuery)));
    }

    private async Task HandleAsync(HttpContext http)
    {
        var request = http.Request;
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        if (request.HasFormContentType)
        {
            foreach (var (key, value) in await request.ReadFormAsync())
            {
                parameters[key] = value.ToString();
            }
        }

        var publicUrl = PublicBaseUrl.AbsoluteUri.TrimEnd('/') + request.Path + request.QueryString;
        var signature = request.Headers["X-Twilio-Signature"].ToString();
        // Unsigned requests (a health probe) are recorded as not valid, not checked.
        var valid = signature.Length > 0
            && _validator.Validate(publicUrl, request.Method == "GET" ? new Dictionary<string, string>() : parameters, signature);
        if (request.Method == "GET")
        {
            foreach (var (key, value) in request.Query)
            {
                parameters[key] = value.ToString();
            }
        }

        var webhook = new ReceivedWebhook(
            request.Method,
            request.Path.Value ?? "/",
            request.QueryString.Value ?? string.Empty,
            parameters,
            request.Headers["I-Twilio-Idempotency-Token"].ToString() is { Length: > 0 } token ? token : null,
            valid);
        _received.Enqueue(webhook);

        if (!_routes.TryGetValue(webhook.Path, out var answer))
        {
            http.Response.StatusCode = webhook.Path.EndsWith("/status", StringComparison.Ordinal) ? 204 : 404;
            return;
        }

        var (status, body) = answer(webhook);
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/xml; charset=utf-8";
        await http.Response.WriteAsync(body);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
