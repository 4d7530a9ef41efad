using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Hotline.Server.LiveConsole;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Hotline.IntegrationTests.LiveConsole;

/// <summary>
/// UseConsoleApp / MapConsoleApp on a small app with the server's deny-by-default fallback policy and a
/// web root of its own: the console's files are public, its routes get index.html, and the server's
/// own prefixes never do.
/// </summary>
public sealed class ConsoleAppServingTests : IAsyncLifetime
{
    private readonly string webRoot = Path.Combine(Path.GetTempPath(), "hotline-console-" + Guid.NewGuid().ToString("N")[..12]);
    private WebApplication? app;
    private HttpClient client = null!;

    public async ValueTask InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Path.Combine(webRoot, "assets"));
        await File.WriteAllTextAsync(Path.Combine(webRoot, "index.html"), "<!doctype html><title>console</title><div id=\"root\"></div>");
        await File.WriteAllTextAsync(Path.Combine(webRoot, "assets", "index-abc123.js"), "console.log('hotline');");

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Production",
            ContentRootPath = webRoot,
            WebRootPath = webRoot,
        });
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        builder.Services.AddProblemDetails();
        builder.Services.AddAuthentication(HeaderAuthentication.Name)
            .AddScheme<AuthenticationSchemeOptions, HeaderAuthentication>(HeaderAuthentication.Name, null);
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

        app = builder.Build();
        app.UseConsoleApp();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/api/auth/me", (ClaimsPrincipal user) => new { userName = user.Identity!.Name });
        app.MapGet("/health/live", () => "ok").AllowAnonymous();
        app.MapConsoleApp();
        await app.StartAsync(TestContext.Current.CancellationToken);
        client = app.GetTestClient();
    }

    public async ValueTask DisposeAsync()
    {
        client.Dispose();
        if (app is not null)
        {
            await app.DisposeAsync();
        }

        System.IO.Directory.Delete(webRoot, recursive: true);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/index.html")]
    [InlineData("/supervision")]
    [InlineData("/calls/0193a1b2-0000-7000-8000-000000000000")]
    public async Task The_console_page_is_served_anonymously_for_its_own_paths(string path)
    {
        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("id=\"root\"", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.True(response.Headers.CacheControl?.NoCache, "the page must be revalidated so a new build is picked up");
        // Security headers are the whole server's (Hosting/SecurityHeaders), tested in HardeningTests.
    }

    [Fact]
    public async Task Hashed_assets_are_public_and_cached_for_good()
    {
        using var response = await client.GetAsync("/assets/index-abc123.js", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromDays(365), response.Headers.CacheControl?.MaxAge);
        Assert.Contains("immutable", response.Headers.CacheControl!.Extensions.Select(e => e.Name));
    }

    [Fact]
    public async Task A_missing_file_is_not_answered_with_the_page()
    {
        using var response = await client.GetAsync("/assets/missing-123.js", TestContext.Current.CancellationToken);
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/does-not-exist")]
    [InlineData("/api")]
    [InlineData("/hubs/nothing-here")]
    [InlineData("/telephony/twilio/unknown")]
    [InlineData("/health/nothing")]
    public async Task Unknown_server_paths_stay_API_answers_and_are_not_anonymous(string path)
    {
        using var anonymous = await client.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.NotEqual("text/html", anonymous.Content.Headers.ContentType?.MediaType);

        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(HeaderAuthentication.Header, "counsellor1");
        using var signedIn = await client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, signedIn.StatusCode);
        Assert.Equal("application/problem+json", signedIn.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Real_endpoints_win_over_the_fallbacks()
    {
        using var health = await client.GetAsync("/health/live", TestContext.Current.CancellationToken);
        Assert.Equal("ok", await health.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        using var anonymousMe = await client.GetAsync("/api/auth/me", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousMe.StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        request.Headers.Add(HeaderAuthentication.Header, "counsellor1");
        using var me = await client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Contains("counsellor1", await me.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_page_fallback_is_anonymous()
    {
        var endpoints = app!.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints
            .OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            .Select(e => e.RoutePattern.RawText)
            .ToList();
        Assert.Equal(["/health/live", "{*path:nonfile}"], endpoints.Order(StringComparer.Ordinal));
    }

    /// <summary>Signs the request in as the user named in a header; a challenge is a bare 401, like the server's cookie.</summary>
    private sealed class HeaderAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string Name = "TestHeader";
        public const string Header = "X-Test-User";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (!Request.Headers.TryGetValue(Header, out var name) || string.IsNullOrEmpty(name))
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name.ToString())], Name);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Name)));
        }
    }
}
