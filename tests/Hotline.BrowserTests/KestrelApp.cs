using Hotline.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.BrowserTests;

/// <summary>The real server on a real loopback socket, so a real browser can reach it.</summary>
public sealed class KestrelApp : HotlineAppFactory
{
    public string BaseUrl { get; private set; } = "";

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal);
        // Clients from CreateClient (signed webhooks) go to the real socket too.
        ClientOptions.BaseAddress = new Uri(BaseUrl);
    }
}
