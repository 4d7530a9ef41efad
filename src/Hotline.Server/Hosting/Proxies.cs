using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Hotline.Server.Hosting;

/// <summary>
/// Section <c>ForwardedHeaders</c>: behind a load balancer, the client's address (X-Forwarded-For) and scheme
/// (X-Forwarded-Proto) are taken from <c>KnownProxies</c> only, so rate limits and the audit trail see the real client
/// and nobody else can claim an address. Without it, forwarded headers are ignored.
/// </summary>
public static class Proxies
{
    public const string Section = "ForwardedHeaders:KnownProxies";

    public static WebApplication UseKnownProxies(this WebApplication app)
    {
        var proxies = KnownProxies(app.Configuration);
        if (proxies.Count == 0)
        {
            // The middleware with no known proxy would trust anyone: not used at all.
            return app;
        }

        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto, ForwardLimit = 1 };
        // The defaults trust loopback: only the balancer's addresses are.
        options.KnownIPNetworks.Clear();
        options.KnownProxies.Clear();
        foreach (var proxy in proxies)
        {
            options.KnownProxies.Add(proxy);
        }

        app.UseForwardedHeaders(options);
        return app;
    }

    /// <summary>An array (<c>ForwardedHeaders:KnownProxies:0</c>) or one comma-separated value; refuses anything but addresses.</summary>
    public static IReadOnlyList<IPAddress> KnownProxies(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var values = section.GetChildren().Select(child => child.Value).Append(section.Value).OfType<string>()
            .SelectMany(value => value.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return [.. values.Select(value => IPAddress.TryParse(value, out var address)
            ? address
            : throw new InvalidOperationException($"{Section}: '{value}' is not an IP address."))];
    }
}
