using System.Net;
using System.Net.Http.Json;
using Hotline.Server.Audit;
using Hotline.Server.Data;
using Hotline.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.IntegrationTests.Hosting;

/// <summary>The server on a real socket (loopback), behind a balancer configured in ForwardedHeaders:KnownProxies or not.</summary>
public class BalancedApp(string knownProxies) : HotlineAppFactory
{
    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Settings["ForwardedHeaders:KnownProxies"] = knownProxies;
        Settings["RateLimits:LoginPerMinutePerAddress"] = "3";
        UseKestrel(0);
        StartServer();
    }

    public async Task<HttpStatusCode> LoginFromAsync(string forwardedFor)
    {
        using var client = CreateApiClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login")
        {
            Content = JsonContent.Create(new { userName = "counsellor1", password = "Wrong-Password-123" }),
        };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    public async Task<List<string?>> AuditedAddressesAsync()
    {
        await using var scope = Scope();
        return await scope.ServiceProvider.GetRequiredService<HotlineDbContext>().AuditEntries.AsNoTracking()
            .Where(e => e.Action == AuditAction.SignIn).Select(e => e.Address).ToListAsync(TestContext.Current.CancellationToken);
    }
}

/// <summary>Loopback is the balancer: the forwarded client address is the one rate limits and the audit trail use.</summary>
public sealed class BehindTheBalancerApp() : BalancedApp("127.0.0.1");

/// <summary>The balancer is elsewhere: a client on loopback cannot claim another address.</summary>
public sealed class NotFromTheBalancerApp() : BalancedApp("192.0.2.1");

public sealed class ForwardedHeadersTests(BehindTheBalancerApp app) : IClassFixture<BehindTheBalancerApp>
{
    [Fact]
    public async Task Rate_limits_and_the_audit_trail_see_the_client_behind_the_balancer()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await app.LoginFromAsync("203.0.113.10"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await app.LoginFromAsync("203.0.113.10"));
        // Another client behind the same balancer is not limited by the first one.
        Assert.Equal(HttpStatusCode.Unauthorized, await app.LoginFromAsync("203.0.113.11"));

        var addresses = await app.AuditedAddressesAsync();
        Assert.Contains("203.0.113.10", addresses);
        Assert.Contains("203.0.113.11", addresses);
        Assert.DoesNotContain("127.0.0.1", addresses);
    }
}

public sealed class UntrustedForwardedHeadersTests(NotFromTheBalancerApp app) : IClassFixture<NotFromTheBalancerApp>
{
    [Fact]
    public async Task A_client_that_is_not_the_balancer_cannot_claim_another_address()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await app.LoginFromAsync($"203.0.113.{20 + i}"));
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, await app.LoginFromAsync("203.0.113.30"));
        var addresses = await app.AuditedAddressesAsync();
        Assert.All(addresses, address => Assert.Equal("127.0.0.1", address));
        Assert.NotEmpty(addresses);
    }
}
