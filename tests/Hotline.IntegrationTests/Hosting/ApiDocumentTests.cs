using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Hotline.Testing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.IntegrationTests.Hosting;

/// <summary>The OpenAPI document the console's types are generated from: complete, and not public outside Development.</summary>
public sealed partial class ApiDocumentTests(HotlineAppFactory app) : IClassFixture<HotlineAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_api_endpoint_is_in_the_document_with_a_summary_and_its_refusals()
    {
        using var client = app.CreateApiClient();
        using var response = await client.GetAsync("/openapi/v1.json", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("paths");

        var failures = new List<string>();
        var endpoints = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.TrimStart('/').StartsWith("api/", StringComparison.Ordinal) && !e.RoutePattern.RawText.Contains("{**", StringComparison.Ordinal))
            .ToList();
        Assert.True(endpoints.Count >= 40, $"only {endpoints.Count} API endpoints found");
        foreach (var endpoint in endpoints)
        {
            // "/api/calls/{callId:guid}/triage" → "/api/calls/{callId}/triage"; "/api/audit/" → "/api/audit".
            var path = "/" + Constraint().Replace(endpoint.RoutePattern.RawText!.Trim('/'), "{$1}");
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods)
            {
                var key = $"{method} {path}";
                if (!paths.TryGetProperty(path, out var item) || !item.TryGetProperty(method.ToLowerInvariant(), out var operation))
                {
                    failures.Add($"{key}: not in the document");
                    continue;
                }

                if (!operation.TryGetProperty("summary", out var summary) || string.IsNullOrWhiteSpace(summary.GetString()))
                {
                    failures.Add($"{key}: no summary");
                }

                var responses = operation.GetProperty("responses");
                var signedIn = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null;
                var unsafeMethod = method is not ("GET" or "HEAD");
                foreach (var status in (signedIn ? ["401", "403"] : Array.Empty<string>()).Concat(signedIn && unsafeMethod ? ["400"] : []))
                {
                    if (!responses.TryGetProperty(status, out var refusal))
                    {
                        failures.Add($"{key}: no {status} response");
                    }
                    else if (!refusal.GetProperty("content").TryGetProperty("application/problem+json", out _))
                    {
                        failures.Add($"{key}: its {status} is not a problem+json");
                    }
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task Problem_details_declare_the_stable_code_clients_match()
    {
        using var client = app.CreateApiClient();
        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json", Ct);

        foreach (var name in new[] { "ProblemDetails", "HttpValidationProblemDetails" })
        {
            var properties = document.GetProperty("components").GetProperty("schemas").GetProperty(name).GetProperty("properties");
            Assert.Equal("string", properties.GetProperty("code").GetProperty("type").GetString());
        }
    }

    [Fact]
    public async Task Outside_development_only_a_signed_in_user_reads_the_document()
    {
        await using var production = new HotlineAppFactory { EnvironmentName = "Production" };
        await production.InitializeAsync();
        using var anonymous = production.CreateApiClient();

        using var refused = await anonymous.GetAsync("/openapi/v1.json", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        // Any role: the endpoint asks for a signed-in user, nothing more.
        var endpoint = production.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Single(e => e.RoutePattern.RawText == "/openapi/{documentName}.json");
        var requirements = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>();
        Assert.NotEmpty(requirements);
        Assert.All(requirements, data => Assert.True(data.Roles is null && data.Policy is null));
    }

    [GeneratedRegex(@"\{([A-Za-z]+):[^}]+\}")]
    private static partial Regex Constraint();
}
