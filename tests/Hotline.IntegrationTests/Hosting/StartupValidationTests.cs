using Hotline.Testing;

namespace Hotline.IntegrationTests.Hosting;

/// <summary>A bad setting stops the server at start-up with a message naming the setting.</summary>
public sealed class StartupValidationTests
{
    [Theory]
    [InlineData("ConnectionStrings__Hotline", "", "ConnectionStrings:Hotline")]
    [InlineData("Demo__Password", "", "Demo:Password")]
    [InlineData("Demo__Password", "short", "Demo:Password")]
    [InlineData("Referrals__Transfers__CommuneCell__LegalBases__0__Code", "Not a code", "Referrals:Transfers:CommuneCell:LegalBases:0:Code")]
    [InlineData("Referrals__Deadlines__CommuneCell__AcknowledgementWorkingDays", "0", "Referrals:Deadlines:CommuneCell:AcknowledgementWorkingDays")]
    [InlineData("Referrals__AcknowledgementWorkingDays", "2", "Referrals:AcknowledgementWorkingDays is no longer read")]
    [InlineData("Referrals__Transfers__DepartementalCell__LegalBases__0__Code", "consentement-famille", "Referrals:Transfers:DepartementalCell:LegalBases: \"consentement-famille\" names consent")]
    [InlineData("Management__Urls", "https://127.0.0.1:0", "Management:Urls")]
    [InlineData("Management__Urls", "http://metrics.example:9464", "Management:Urls")]
    [InlineData("Management__Urls", "not a url", "Management:Urls")]
    [InlineData("Management__DatabaseGaugeInterval", "00:00:00", "DatabaseGaugeInterval")]
    public async Task A_bad_setting_stops_the_server_with_a_message_naming_it(string variable, string value, string setting)
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__Hotline"] = await TestDatabases.CreateAsync(),
            ["Demo__Password"] = HotlineAppFactory.DemoPassword,
        };
        environment[variable] = value;

        var outcome = await ServerProcess.RunAsync(["--urls", "http://127.0.0.1:0"], environment, TimeSpan.FromMinutes(3), TestContext.Current.CancellationToken);

        Assert.NotEqual(0, outcome.ExitCode);
        Assert.Contains(setting, outcome.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_are_never_served_on_the_public_port()
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__Hotline"] = await TestDatabases.CreateAsync(),
            ["Demo__Password"] = HotlineAppFactory.DemoPassword,
            ["Management__Urls"] = "http://127.0.0.1:59464",
        };

        var outcome = await ServerProcess.RunAsync(["--urls", "http://127.0.0.1:59464"], environment, TimeSpan.FromMinutes(3), TestContext.Current.CancellationToken);

        Assert.NotEqual(0, outcome.ExitCode);
        Assert.Contains("Management:Urls", outcome.Output, StringComparison.Ordinal);
        Assert.Contains("public port", outcome.Output, StringComparison.Ordinal);
    }

    /// <summary>Production has every setting it needs here but the key-ring certificate (or allows MFA off).</summary>
    [Theory]
    [InlineData("DataProtection__CertificatePath", "", "DataProtection:CertificatePath")]
    [InlineData("DataProtection__CertificatePath", "/nonexistent/keyring.pfx", "DataProtection:CertificatePath")]
    [InlineData("Security__RequireMfa", "false", "Security:RequireMfa")]
    public async Task Production_refuses_to_start_without_a_protected_key_ring_or_with_mfa_off(string variable, string value, string setting)
    {
        var (path, password) = TestCertificates.KeyRing;
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Hotline"] = await TestDatabases.CreateAsync(),
            ["Twilio__AccountSid"] = HotlineAppFactory.TwilioAccountSid,
            ["Twilio__AuthToken"] = HotlineAppFactory.TwilioAuthToken,
            ["Twilio__PublicBaseUrl"] = "https://hotline.test",
            ["Privacy__CallerKey"] = HotlineAppFactory.CallerKey,
            ["DataProtection__CertificatePath"] = path,
            ["DataProtection__CertificatePassword"] = password,
        };
        environment[variable] = value;

        var outcome = await ServerProcess.RunAsync(["--urls", "http://127.0.0.1:0"], environment, TimeSpan.FromMinutes(3), TestContext.Current.CancellationToken);

        Assert.NotEqual(0, outcome.ExitCode);
        Assert.Contains(setting, outcome.Output, StringComparison.Ordinal);
    }
}
