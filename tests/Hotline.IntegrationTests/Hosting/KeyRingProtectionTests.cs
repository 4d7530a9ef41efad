using System.Net;
using Hotline.Server.Data;
using Hotline.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.IntegrationTests.Hosting;

/// <summary>The Data Protection key ring in the database is encrypted with the configured certificate.</summary>
public sealed class KeyRingProtectionTests
{
    [Fact]
    public async Task Keys_written_with_a_certificate_are_not_plain_xml_and_useless_without_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var (path, password) = TestCertificates.KeyRing;
        await using var protectedApp = new HotlineAppFactory();
        protectedApp.Settings["DataProtection:CertificatePath"] = path;
        protectedApp.Settings["DataProtection:CertificatePassword"] = password;
        await protectedApp.InitializeAsync();

        // Signing in protects a cookie: the first key is created then.
        var cookie = await protectedApp.SignInCookieAsync("counsellor1");
        List<string> keys;
        await using (var scope = protectedApp.Scope())
        {
            keys = await scope.ServiceProvider.GetRequiredService<HotlineDbContext>().DataProtectionKeys.AsNoTracking()
                .Select(k => k.Xml!).ToListAsync(ct);
        }

        Assert.NotEmpty(keys);
        Assert.All(keys, xml =>
        {
            Assert.Contains("<EncryptedData", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("unencrypted", xml, StringComparison.Ordinal);
        });

        // The same database read by a server without the certificate: the cookie means nothing to it.
        await using var other = new HotlineAppFactory();
        other.UseDatabase(protectedApp.ConnectionString);
        using var client = other.CreateApiClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        request.Headers.Add("Cookie", cookie);
        using var response = await client.SendAsync(request, ct);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);

        // While the server with the certificate still reads it.
        using var same = protectedApp.CreateApiClient();
        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        again.Headers.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.OK, (await same.SendAsync(again, ct)).StatusCode);
    }
}
