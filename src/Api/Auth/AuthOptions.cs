namespace ContactBox.Api.Auth;

/// <summary><c>ContactBox:Auth</c>: token lifetimes and where the signing and encryption certificates come from.</summary>
public sealed class AuthOptions
{
    public const string Section = "ContactBox:Auth";

    /// <summary>How long an access token is valid (default one hour).</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Whether the OAuth endpoints refuse plain HTTP. Defaults to true outside Development; put TLS in front
    /// of the API (or configure Kestrel with a certificate) in production.
    /// </summary>
    public bool? RequireHttps { get; set; }

    public CertificateOptions SigningCertificate { get; set; } = new();

    /// <summary>An RSA certificate for encrypting access tokens instead of the symmetric key below.</summary>
    public CertificateOptions EncryptionCertificate { get; set; } = new();

    /// <summary>The symmetric key (32 bytes, base64) that encrypts access tokens; generated under the data folder when unset.</summary>
    public string? EncryptionKey { get; set; }
}

/// <summary>A PFX file and its password; when no path is configured, a certificate is generated under the data folder.</summary>
public sealed class CertificateOptions
{
    public string? Path { get; set; }

    public string? Password { get; set; }
}
