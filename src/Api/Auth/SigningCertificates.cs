using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace ContactBox.Api.Auth;

/// <summary>
/// The authorization server's signing and encryption certificates: from configuration (production), or
/// generated once as self-signed RSA certificates and kept under <c>{DataPath}/keys/</c>, readable by the
/// owner only, so tokens survive a restart.
/// </summary>
public static class SigningCertificates
{
    public static X509Certificate2 Load(CertificateOptions configured, string keysPath, string name, X509KeyUsageFlags usage)
    {
        if (!string.IsNullOrWhiteSpace(configured.Path))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(configured.Path, configured.Password, X509KeyStorageFlags.EphemeralKeySet);
        }

        var path = Path.Combine(keysPath, $"{name}.pfx");
        if (!File.Exists(path))
        {
            CreateOwnerOnlyDirectory(keysPath);
            WriteOwnerOnly(path, Create(name, usage).Export(X509ContentType.Pfx));
        }

        return X509CertificateLoader.LoadPkcs12FromFile(path, password: null, X509KeyStorageFlags.EphemeralKeySet);
    }

    /// <summary>
    /// The key that encrypts access tokens. Only this host reads them, so a symmetric key (AES key wrap) does:
    /// decrypting then costs microseconds instead of an RSA private-key operation on every request.
    /// From <c>ContactBox:Auth:EncryptionKey</c> (base64, 32 bytes), else generated once under the keys folder.
    /// </summary>
    public static byte[] LoadEncryptionKey(string? configured, string keysPath)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var key = Convert.FromBase64String(configured);
            return key.Length == 32 ? key : throw new InvalidOperationException("ContactBox:Auth:EncryptionKey must be 32 bytes, base64-encoded.");
        }

        var path = Path.Combine(keysPath, "encryption.key");
        if (!File.Exists(path))
        {
            CreateOwnerOnlyDirectory(keysPath);
            WriteOwnerOnly(path, RandomNumberGenerator.GetBytes(32));
        }

        return File.ReadAllBytes(path);
    }

    private static X509Certificate2 Create(string name, X509KeyUsageFlags usage)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN=ContactBox {name}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, critical: true));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(2));
    }

    private static void CreateOwnerOnlyDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>Writes a file that only its owner can read (on Unix; Windows inherits the folder's ACL).</summary>
    public static void WriteOwnerOnly(string path, byte[] content)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        stream.Write(content);
    }
}
