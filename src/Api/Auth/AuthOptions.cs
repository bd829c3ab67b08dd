namespace ContactBox.Api.Auth;

/// <summary><c>ContactBox:Auth</c>: token lifetimes and where the signing and encryption certificates come from.</summary>
public sealed class AuthOptions
{
    public const string Section = "ContactBox:Auth";

    /// <summary>How long an access token is valid (default one hour).</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a refresh token is valid (default 14 days); each use replaces it with a new one.</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How long the member's sign-in cookie lasts (default 8 hours, sliding).</summary>
    public TimeSpan SignInLifetime { get; set; } = TimeSpan.FromHours(8);

    public LockoutOptions Lockout { get; set; } = new();

    /// <summary>How long a one-time password from <c>resetMemberPassword</c> opens the account (default 3 days).</summary>
    public TimeSpan OneTimePasswordLifetime { get; set; } = TimeSpan.FromDays(3);

    /// <summary>
    /// The audience (OAuth resource) of ContactBox's API: every token carrying a ContactBox scope names it, and the API
    /// accepts no token without it, so that a token this server issued for another resource server is refused here.
    /// </summary>
    public string Audience { get; set; } = "contactbox-api";

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

/// <summary><c>ContactBox:Auth:Lockout</c>: how many wrong passwords in a row lock a member out, and for how long.</summary>
public sealed class LockoutOptions
{
    public int MaxFailedAttempts { get; set; } = 5;

    public TimeSpan Duration { get; set; } = TimeSpan.FromMinutes(15);
}
