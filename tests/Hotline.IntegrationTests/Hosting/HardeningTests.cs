using System.Net;
using System.Net.Http.Json;
using Hotline.IntegrationTests.Telephony;
using Hotline.Testing;

namespace Hotline.IntegrationTests.Hosting;

public sealed class LowLimitsApp : HotlineAppFactory
{
    public LowLimitsApp()
    {
        Settings["RateLimits:LoginPerMinutePerAddress"] = "3";
        Settings["RateLimits:WebhooksPerSecond"] = "5";
    }
}

public sealed class HardeningTests(LowLimitsApp app) : IClassFixture<LowLimitsApp>
{
    [Fact]
    public async Task Sign_in_attempts_from_one_address_are_limited_with_a_429_problem()
    {
        using var client = app.CreateApiClient();
        var statuses = new List<HttpStatusCode>();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var response = await client.PostAsJsonAsync("/api/auth/login", new { userName = "nobody", password = "wrong-password-1" }, TestContext.Current.CancellationToken);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                Assert.True(response.Headers.Contains("Retry-After"));
            }
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], statuses.Take(3));
        Assert.All(statuses.Skip(3), status => Assert.Equal(HttpStatusCode.TooManyRequests, status));
    }

    [Fact]
    public async Task A_burst_of_webhooks_beyond_the_limit_gets_429_and_stores_nothing_for_the_refused_ones()
    {
        var callSids = Enumerable.Range(0, 12).Select(_ => Twiml.NewCallSid()).ToList();
        var responses = await Task.WhenAll(callSids.Select(sid => app.PostTwilioAsync("/telephony/twilio/voice", Twiml.Fields(sid))));

        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.TooManyRequests);
        for (var i = 0; i < callSids.Count; i++)
        {
            var stored = await app.FindCallAsync(callSids[i]) is not null;
            Assert.Equal(responses[i].StatusCode == HttpStatusCode.OK, stored);
        }
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/api/auth/me")]
    [InlineData("/")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        using var client = app.CreateApiClient();
        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }
}

public sealed class AntiforgeryTests(HotlineAppFactory app) : IClassFixture<HotlineAppFactory>
{
    [Fact]
    public async Task A_signed_in_unsafe_request_without_the_antiforgery_token_is_refused()
    {
        using var client = app.CreateApiClient();
        using (await client.PostAsJsonAsync("/api/auth/login", new { userName = "counsellor1", password = HotlineAppFactory.DemoPassword }, TestContext.Current.CancellationToken))
        {
        }

        using var refused = await client.PutAsJsonAsync("/api/console/answering", new { mode = "Browser" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        // The console retries on the code, never on the (translated) title.
        var problem = await refused.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("antiforgery-invalid", problem.GetProperty("code").GetString());
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);

        using var signedIn = await app.SignInAsync("counsellor1"); // carries the token, as the console does
        using var accepted = await signedIn.PutAsJsonAsync("/api/console/answering", new { mode = "Browser" }, TestContext.Current.CancellationToken);
        Assert.NotEqual(HttpStatusCode.BadRequest, accepted.StatusCode);
        using var logout = await signedIn.PostAsync("/api/auth/logout", null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
    }
}

/// <summary>The server on a real socket: body size limits are Kestrel's (the in-memory test server has none).</summary>
public sealed class KestrelApiApp : HotlineAppFactory
{
    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        UseKestrel(0);
        StartServer();
    }
}

public sealed class RequestSizeTests(KestrelApiApp app) : IClassFixture<KestrelApiApp>
{
    [Fact]
    public async Task An_oversized_body_is_refused_with_413_before_anything_reads_it()
    {
        using var client = app.CreateApiClient();
        var huge = new string('x', 300 * 1024);

        using var response = await client.PostAsJsonAsync("/api/auth/login", new { userName = huge, password = huge }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task The_directory_import_accepts_a_larger_file_than_the_default_limit()
    {
        using var admin = await app.SignInAsync("admin");
        var csv = "id,organization,name,kind,status,departements,communes\n" + string.Concat(Enumerable.Repeat(",Mairie,Cellule,CommuneCell,Active,,99999\n", 8000));
        Assert.True(csv.Length > 300 * 1024);

        using var content = new StringContent(csv, System.Text.Encoding.UTF8, "text/csv");
        using var response = await admin.PostAsync("/api/directory/services/import?dryRun=true", content, TestContext.Current.CancellationToken);

        // Read and reported row by row (99999 is no commune), not refused for its size.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
