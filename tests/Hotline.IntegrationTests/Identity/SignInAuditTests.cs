using System.Net;
using System.Net.Http.Json;
using Hotline.Server.Audit;
using Hotline.Server.Data;
using Hotline.Server.Identity;
using Hotline.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.IntegrationTests.Identity;

/// <summary>Sign-ins leave a trail (without the typed user name); the hub only opens for the console's own origin.</summary>
public sealed class SignInAuditTests(HotlineAppFactory app) : IClassFixture<HotlineAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<List<AuditEntry>> EntriesAsync(Func<AuditEntry, bool> match)
    {
        await using var scope = app.Scope();
        return [.. (await scope.ServiceProvider.GetRequiredService<HotlineDbContext>().AuditEntries.AsNoTracking().ToListAsync(Ct)).Where(match)];
    }

    private async Task<HttpStatusCode> LoginAsync(string userName, string password)
    {
        using var client = app.CreateApiClient();
        using var response = await client.PostAsJsonAsync("/api/auth/login", new { userName, password }, Ct);
        return response.StatusCode;
    }

    [Fact]
    public async Task Successful_failed_unknown_locked_and_two_factor_sign_ins_are_audited()
    {
        using var admin = await app.SignInAsync("admin");
        var user = await app.CreateReadyUserAsync(admin, Roles.Counsellor);
        var typedUnknown = $"nobody-{Guid.NewGuid():N}"[..20];

        Assert.Equal(HttpStatusCode.Unauthorized, await LoginAsync(typedUnknown, "Whatever-Password-1"));
        Assert.Equal(HttpStatusCode.OK, await LoginAsync(user.UserName, user.Password));
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await LoginAsync(user.UserName, "Wrong-Password-123"));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await LoginAsync(user.UserName, user.Password)); // locked

        var mine = await EntriesAsync(e => e.UserId == user.Id && e.Action == AuditAction.SignIn && e.EntityType.StartsWith("Session", StringComparison.Ordinal));
        Assert.Contains(mine, e => e.EntityType == "Session" && e.Outcome == AuditOutcome.Allowed);
        Assert.Equal(4, mine.Count(e => e.EntityType == "Session" && e.Outcome == AuditOutcome.Denied));
        Assert.Equal(2, mine.Count(e => e.EntityType == "Session.LockedOut" && e.Outcome == AuditOutcome.Denied));
        Assert.Contains(await EntriesAsync(e => e.UserId is null && e.Action == AuditAction.SignIn && e.EntityType == "Session"), e => e.Outcome == AuditOutcome.Denied && e.EntityId == "-");
        Assert.DoesNotContain(await EntriesAsync(_ => true), e => e.EntityId.Contains(typedUnknown, StringComparison.Ordinal) || e.EntityType.Contains(typedUnknown, StringComparison.Ordinal));

        // The code step.
        var enrolled = await app.CreateReadyUserAsync(admin, Roles.Counsellor);
        string key;
        using (var session = await app.SignInAsync(enrolled.UserName, enrolled.Password))
        {
            (key, _) = await session.EnrolAsync();
        }

        using var client = app.CreateApiClient();
        using (await client.PostAsJsonAsync("/api/auth/login", new { userName = enrolled.UserName, password = enrolled.Password }, Ct))
        {
        }

        using (await client.PostAsJsonAsync("/api/auth/login/two-factor", new { code = AuthenticatorApp.WrongCode(key) }, Ct))
        {
        }

        using (var ok = await client.PostAsJsonAsync("/api/auth/login/two-factor", new { code = AuthenticatorApp.Code(key, 1) }, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        var steps = await EntriesAsync(e => e.UserId == enrolled.Id && e.Action == AuditAction.SignIn && e.EntityType.StartsWith("Session", StringComparison.Ordinal));
        Assert.Contains(steps, e => e.EntityType == "Session.TwoFactorRequired" && e.Outcome == AuditOutcome.Allowed);
        Assert.Contains(steps, e => e.EntityType == "Session.TwoFactor" && e.Outcome == AuditOutcome.Denied);
        Assert.Contains(steps, e => e.EntityType == "Session.TwoFactor" && e.Outcome == AuditOutcome.Allowed);
    }

    [Theory]
    [InlineData("https://evil.test", HttpStatusCode.Forbidden)]
    [InlineData("http://localhost", HttpStatusCode.OK)]
    public async Task The_hub_opens_only_for_the_consoles_own_origin(string origin, HttpStatusCode expected)
    {
        using var client = await app.SignInAsync("counsellor1");
        using var negotiate = new HttpRequestMessage(HttpMethod.Post, "/hubs/console/negotiate?negotiateVersion=1");
        negotiate.Headers.Add("Origin", origin);

        using var response = await client.SendAsync(negotiate, Ct);

        Assert.Equal(expected, response.StatusCode);
    }
}
