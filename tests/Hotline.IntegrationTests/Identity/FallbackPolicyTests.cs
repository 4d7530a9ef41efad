using System.Net;
using Hotline.Testing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.IntegrationTests.Identity;

public sealed class FallbackPolicyTests(HotlineAppFactory app) : IClassFixture<HotlineAppFactory>
{
    [Theory]
    [InlineData("/api/auth/me")]
    [InlineData("/api/does-not-exist")]
    [InlineData("/hubs/unknown")]
    public async Task Anonymous_requests_get_401_problem_details_not_a_redirect(string path)
    {
        using var client = app.CreateApiClient();

        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_is_anonymous(string path)
    {
        using var client = app.CreateApiClient();
        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_signed_in_user_gets_404_problem_details_for_an_unknown_path()
    {
        using var client = await app.SignInAsync("counsellor1");
        using var response = await client.GetAsync("/api/does-not-exist", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>Only the allowed set of endpoints may be anonymous: everything else falls under the fallback policy.</summary>
    [Fact]
    public void Only_allowed_endpoints_are_anonymous()
    {
        using var client = app.CreateApiClient(); // starts the server
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.NotEmpty(endpoints);

        string[] allowedPrefixes = ["/health/", "/api/auth/login", "/telephony/twilio/"];
        var anonymous = endpoints
            .Where(endpoint => endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            .Select(endpoint => "/" + endpoint.RoutePattern.RawText!.TrimStart('/'))
            .ToList();
        Assert.Contains("/api/auth/login", anonymous);
        // The console's page (index.html for its client-side routes); the public contact page, its script, style and
        // endpoint (families write without an account); and in Development (this app) the OpenAPI document, which
        // needs a session elsewhere (ApiDocumentTests); and /metrics on the public port, which only ever answers 404 (the
        // metrics are on the management port: MetricsTests).
        string[] allowedPaths = ["/{*path:nonfile}", "/openapi/{documentName}.json", "/metrics/{**rest}",
            "/contact", "/contact/en", "/contact/contact.js", "/contact/contact.css", "/api/public/contact"];
        Assert.All(anonymous, path => Assert.True(
            allowedPaths.Contains(path) || allowedPrefixes.Any(prefix => path.StartsWith(prefix, StringComparison.Ordinal)),
            $"{path} is anonymous"));
    }
}
