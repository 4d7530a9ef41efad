using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace Hotline.Server.Data;

/// <summary>
/// Section <c>DataProtection</c>: the certificate that encrypts the Data Protection key ring at rest. The
/// ring lives in the database next to what it protects (session cookies, summaries, referral notes,
/// callback numbers); without this, whoever reads the database reads the keys too.
/// </summary>
public sealed class KeyRingOptions
{
    public const string Section = "DataProtection";

    /// <summary>A PKCS#12 (.pfx) file with the certificate and its private key.</summary>
    public string? CertificatePath { get; set; }

    public string? CertificatePassword { get; set; }

    /// <summary>Or: the thumbprint of a certificate with its private key in the CurrentUser or LocalMachine "My" store.</summary>
    public string? CertificateThumbprint { get; set; }

    internal bool HasPath => !string.IsNullOrWhiteSpace(CertificatePath);

    internal bool HasThumbprint => !string.IsNullOrWhiteSpace(CertificateThumbprint);
}

internal static class KeyRingProtection
{
    public const string RequiredMessage =
        "DataProtection:CertificatePath (with DataProtection:CertificatePassword) or DataProtection:CertificateThumbprint is required "
        + "outside Development: the certificate encrypts the Data Protection key ring stored in the database (cookies, summaries, notes, callback numbers).";

    /// <summary>Protects the key ring with the configured certificate; checks the settings when the host starts.</summary>
    public static IDataProtectionBuilder ProtectKeyRing(this IDataProtectionBuilder dataProtection, WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<KeyRingOptions>()
            .BindConfiguration(KeyRingOptions.Section)
            .Validate<IHostEnvironment>((options, environment) => environment.IsDevelopment() || options.HasPath || options.HasThumbprint, RequiredMessage)
            .Validate(options => !(options.HasPath && options.HasThumbprint),
                "DataProtection:CertificatePath and DataProtection:CertificateThumbprint: set one, not both.")
            .Validate(options => !options.HasPath || TryLoad(options) is not null,
                "DataProtection:CertificatePath: the file cannot be read as a PKCS#12 certificate with its private key using DataProtection:CertificatePassword.")
            .Validate(options => !options.HasThumbprint || FindInStores(options.CertificateThumbprint!),
                "DataProtection:CertificateThumbprint: no certificate with this thumbprint and its private key in the CurrentUser or LocalMachine 'My' store.")
            .ValidateOnStart();

        // The certificate is needed now, while services are registered; a bad file is reported by the
        // validation above when the host starts (before anything can write a key).
        var configured = builder.Configuration.GetSection(KeyRingOptions.Section).Get<KeyRingOptions>() ?? new KeyRingOptions();
        if (configured.HasPath && !configured.HasThumbprint && TryLoad(configured) is { } certificate)
        {
            dataProtection.ProtectKeysWithCertificate(certificate);
        }
        else if (configured.HasThumbprint && !configured.HasPath && FindInStores(configured.CertificateThumbprint!))
        {
            dataProtection.ProtectKeysWithCertificate(configured.CertificateThumbprint!.Trim());
        }
        else if (builder.Environment.IsDevelopment())
        {
            builder.Services.AddHostedService<UnprotectedKeyRingWarning>();
        }

        return dataProtection;
    }

    private static X509Certificate2? TryLoad(KeyRingOptions options)
    {
        try
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(options.CertificatePath!, options.CertificatePassword, X509KeyStorageFlags.EphemeralKeySet);
            if (certificate.HasPrivateKey)
            {
                return certificate;
            }

            certificate.Dispose();
            return null;
        }
        catch (Exception exception) when (exception is CryptographicException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool FindInStores(string thumbprint)
    {
        foreach (var location in new[] { StoreLocation.CurrentUser, StoreLocation.LocalMachine })
        {
            try
            {
                using var store = new X509Store(StoreName.My, location);
                store.Open(OpenFlags.ReadOnly | OpenFlags.OpenExistingOnly);
                var found = store.Certificates.Find(X509FindType.FindByThumbprint, thumbprint.Trim(), validOnly: false);
                if (found.Any(certificate => certificate.HasPrivateKey))
                {
                    return true;
                }
            }
            catch (CryptographicException)
            {
                // This store does not exist on this machine.
            }
        }

        return false;
    }

    /// <summary>Development may run with an unprotected key ring, but says so.</summary>
    private sealed class UnprotectedKeyRingWarning(ILogger<UnprotectedKeyRingWarning> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            logger.LogWarning("The Data Protection key ring is stored unencrypted in the database (Development only). Set DataProtection:CertificatePath or DataProtection:CertificateThumbprint to protect it");
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
