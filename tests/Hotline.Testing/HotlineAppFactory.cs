using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
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
    public const string TwilioAccountSid = "AC0123456789abcdef0123456789abcdef";
    public const string TwilioAuthToken = "test-auth-token-0123456789abcdef";
    private const string KeyRingSection = "DataProtection:";

    public const string CallerKey = "dGVzdC1vbmx5LWNhbGxlci1rZXktZm9yLWhvdGxpbmUh";

    /// <summary>The URL Twilio "sees": not the test server's own, as behind a TLS proxy.</summary>
    public string PublicBaseUrl { get; init; } = "https://hotline.test";

    /// <summary>Where webhooks are journaled while the database is down: a folder of its own.</summary>
    public string JournalPath { get; } = Path.Combine(Path.GetTempPath(), "hotline-journal-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>Every log event the server wrote, rendered with its properties and exception (privacy tests read it).</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Logs { get; } = new();

    /// <summary>A clock to control (opening hours, waits); the system clock when null.</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>Identity's own password hashing cost (100,000 iterations) instead of the tests' 1,000: for tests about that cost.</summary>
    public bool ProductionPasswordHashing { get; init; }

    public string ConnectionString { get; private set; } = "";

    public string EnvironmentName { get; init; } = "Development";

    /// <summary>Configuration applied over appsettings and environment variables.</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    public virtual async ValueTask InitializeAsync() => ConnectionString = await TestDatabases.CreateAsync();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (System.IO.Directory.Exists(JournalPath))
        {
            System.IO.Directory.Delete(JournalPath, recursive: true);
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Points the server at another database (set before the first request).</summary>
    public void UseDatabase(string connectionString) => ConnectionString = connectionString;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(EnvironmentName);
        // The key-ring certificate is loaded while services are registered, before the configuration
        // below applies: pass its settings as host settings, which Program sees from the start.
        foreach (var (key, value) in Settings.Where(s => s.Key.StartsWith(KeyRingSection, StringComparison.Ordinal)))
        {
            builder.UseSetting(key, value);
        }

        if (EnvironmentName != "Development" && !Settings.ContainsKey(KeyRingSection + "CertificatePath") && !Settings.ContainsKey(KeyRingSection + "CertificateThumbprint"))
        {
            // Outside Development the key ring must be protected: a throwaway certificate.
            var (path, password) = TestCertificates.KeyRing;
            builder.UseSetting(KeyRingSection + "CertificatePath", path);
            builder.UseSetting(KeyRingSection + "CertificatePassword", password);
        }

        builder.ConfigureAppConfiguration(configuration =>
        {
            var settings = new Dictionary<string, string?>
            {
                ["ConnectionStrings:Hotline"] = ConnectionString,
                ["Demo:Password"] = DemoPassword,
                ["Twilio:AccountSid"] = TwilioAccountSid,
                ["Twilio:AuthToken"] = TwilioAuthToken,
                ["Twilio:PublicBaseUrl"] = PublicBaseUrl,
                ["Twilio:ApiBaseUrl"] = "http://127.0.0.1:9",
                ["Privacy:CallerKey"] = CallerKey,
                ["Telephony:AlwaysOpen"] = "true",
                ["Telephony:OutageJournalPath"] = JournalPath,
                ["Telephony:HoldMusicUrl"] = "https://hold.test/music.mp3",
                // Test servers sign in and post webhooks far faster than people; RateLimitTests lower these.
                ["RateLimits:LoginPerMinutePerAddress"] = "100000",
                ["RateLimits:WebhooksPerSecond"] = "100000",
                ["RateLimits:InvalidWebhooksPerMinutePerAddress"] = "100000",
                // Most tests are about what happens once a counsellor answers, not about choosing Disponible after
                // sign-in (the default, false, is tested by AvailabilityTests and the browser tests that set it).
                ["Console:AvailableOnSignIn"] = "true",
                // Hosts run side by side: each management listener on a port of its own (ManagementEndpoint.Addresses).
                ["Management:Urls"] = "http://127.0.0.1:0",
            };

            if (Time is not null)
            {
                // A clock the test moves by tens of seconds, while the heartbeat's timer on it fires at no predictable
                // moment: the 10 s heartbeat (30 s expiry) the clocked tests were written for. DeadInstanceTests sets its own.
                settings["Console:HeartbeatInterval"] = "00:00:10";
            }

            foreach (var (key, value) in Settings)
            {
                settings[key] = value;
            }

            configuration.AddInMemoryCollection(settings);
        });
        // Hashing a password is a deliberate ~50 ms of CPU (Identity's PBKDF2, 100,000 iterations): each test server
        // creates the nine demo accounts, and the tests sign in hundreds of times. Test servers hash with 1,000
        // iterations; the algorithm, the format and every code path (sign-in, change, rehash) stay Identity's own.
        if (!ProductionPasswordHashing)
        {
            builder.ConfigureTestServices(services => services.Configure<PasswordHasherOptions>(options => options.IterationCount = 1_000));
        }

        // Serilog reads sinks from the services: this one keeps every event as text.
        builder.ConfigureTestServices(services => services.AddSingleton<Serilog.Core.ILogEventSink>(new CapturingSink(Logs)));
        if (Time is not null)
        {
            builder.ConfigureTestServices(services => services.AddSingleton(Time));
        }
    }

    /// <summary>Opens a scope on the server's services, e.g. to read the database a test wrote through HTTP.</summary>
    public AsyncServiceScope Scope() => Services.CreateAsyncScope();

    /// <summary>Posts a webhook signed as Twilio would, for the public URL of <paramref name="pathAndQuery"/>.</summary>
    public async Task<HttpResponseMessage> PostTwilioAsync(
        string pathAndQuery, IReadOnlyDictionary<string, string> fields, string? signature = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var client = CreateApiClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, pathAndQuery) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add("X-Twilio-Signature", signature ?? TwilioSigner.Sign(TwilioAuthToken, PublicBaseUrl + pathAndQuery, fields));
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.Add(name, value);
        }

        return await client.SendAsync(request);
    }

    /// <summary>A client that keeps cookies and never follows redirects (an API must not redirect).</summary>
    public HttpClient CreateApiClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = ClientOptions.BaseAddress });

    /// <summary>A client signed in as one of the demo accounts (or another account with its password).</summary>
    public async Task<HttpClient> SignInAsync(string userName, string? password = null)
    {
        var client = CreateApiClient();
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { userName, password = password ?? DemoPassword });
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Sign-in as {userName} failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        // As the console does: unsafe requests carry the antiforgery token of this session.
        var antiforgery = await client.GetFromJsonAsync<Hotline.Server.Identity.AntiforgeryToken>("/api/auth/antiforgery");
        client.DefaultRequestHeaders.Add(antiforgery!.HeaderName, antiforgery.Token);
        return client;
    }
}

internal sealed class CapturingSink(System.Collections.Concurrent.ConcurrentQueue<string> logs) : Serilog.Core.ILogEventSink
{
    public void Emit(Serilog.Events.LogEvent logEvent) =>
        logs.Enqueue($"{logEvent.RenderMessage(System.Globalization.CultureInfo.InvariantCulture)} {string.Join(' ', logEvent.Properties.Values)} {logEvent.Exception}");
}
