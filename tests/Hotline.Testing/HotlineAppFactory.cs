using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Xunit;

namespace Hotline.Testing;

/// <summary>
/// The real server on a database of its own (copied from the migrated template), in Development so
/// the demo accounts exist. Override <see cref="Settings"/> before the first request to change
/// configuration; use as an xUnit class fixture.
/// </summary>
public class HotlineAppFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string DemoPassword = "Test-Demo-Password-2026";

    public string ConnectionString { get; private set; } = "";

    public string EnvironmentName { get; init; } = "Development";

    /// <summary>Configuration applied over appsettings and environment variables.</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    public virtual async ValueTask InitializeAsync() => ConnectionString = await TestDatabases.CreateAsync();

    /// <summary>Points the server at another database (set before the first request).</summary>
    public void UseDatabase(string connectionString) => ConnectionString = connectionString;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        builder.ConfigureAppConfiguration(configuration =>
        {
            var settings = new Dictionary<string, string?>
            {
                ["ConnectionStrings:Hotline"] = ConnectionString,
                ["Demo:Password"] = DemoPassword,
            };
            foreach (var (key, value) in Settings)
            {
                settings[key] = value;
            }

            configuration.AddInMemoryCollection(settings);
        });
    }

    /// <summary>A client that keeps cookies and never follows redirects (an API must not redirect).</summary>
    public HttpClient CreateApiClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>A client signed in as one of the demo accounts.</summary>
    public async Task<HttpClient> SignInAsync(string userName)
    {
        var client = CreateApiClient();
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { userName, password = DemoPassword });
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Sign-in as {userName} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return client;
    }
}
