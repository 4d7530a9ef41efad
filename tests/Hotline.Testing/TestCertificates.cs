using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Hotline.Testing;

/// <summary>Throwaway certificates for the Data Protection key ring (DataProtection:CertificatePath).</summary>
public static class TestCertificates
{
    private static readonly Lazy<(string Path, string Password)> Shared = new(Create);

    /// <summary>One certificate for the whole run (RSA key generation costs CPU).</summary>
    public static (string Path, string Password) KeyRing => Shared.Value;

    /// <summary>A new self-signed certificate with its private key, as a password-protected .pfx in the temp folder.</summary>
    public static (string Path, string Password) Create()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Hotline test key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"hotline-keyring-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, password));
        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.Delete(path);
        return (path, password);
    }
}
