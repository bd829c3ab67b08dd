using ContactBox.Domain.Common;

namespace ContactBox.Domain.Auth;

/// <summary>
/// An OAuth client (a partner integration or a frontend) of a workspace. The authorization server keeps the
/// client's credentials; this row says which workspace its tokens act in and which scopes it may ever get.
/// </summary>
public sealed class OAuthClient : WorkspaceEntity
{
    private OAuthClient() { }

    public OAuthClient(string clientId, string displayName, OAuthClientKind kind, IEnumerable<string> scopes, bool isThirdParty = false, IEnumerable<string>? allowedOrigins = null)
    {
        ClientId = Guard.Required(clientId, "clientId", Limits.ShortText);
        Kind = kind;
        Change(displayName, scopes, isThirdParty, allowedOrigins ?? []);
    }

    public string ClientId { get; private set; } = null!;
    public string DisplayName { get; private set; } = null!;
    public OAuthClientKind Kind { get; private set; }

    /// <summary>A client built by someone other than the workspace: members must consent before it acts for them.</summary>
    public bool IsThirdParty { get; private set; }

    /// <summary>The scopes this client may be granted, space-separated as in OAuth.</summary>
    public string Scopes { get; private set; } = "";

    public DateTimeOffset? RevokedAt { get; private set; }

    /// <summary>The browser origins (<c>https://app.example.com</c>) that may call the API with this client's tokens, space-separated.</summary>
    public string AllowedOrigins { get; private set; } = "";

    public IReadOnlyList<string> Origins => AllowedOrigins.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    public bool IsRevoked => RevokedAt is not null;

    public IReadOnlyList<string> AllowedScopes => Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>An origin as browsers send it: scheme, host and a non-default port, lower case, nothing else.</summary>
    public static string NormalizeOrigin(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            && uri.AbsolutePath == "/" && uri.Query.Length == 0 && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0
            && !origin.TrimEnd('/').EndsWith('/')
            ? uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant()
            : throw new DomainValidationException("allowedOrigins", $"Not an origin (scheme://host[:port]): {origin}");

    /// <summary>Sets what an admin may change after the registration; the rules are the registration's.</summary>
    public void Change(string displayName, IEnumerable<string> scopes, bool isThirdParty, IEnumerable<string> allowedOrigins)
    {
        if (IsRevoked)
        {
            throw new DomainValidationException("id", "A revoked client cannot be changed.");
        }

        DisplayName = Guard.Required(displayName, "displayName", Limits.Name);
        var allowed = scopes.Distinct(StringComparer.Ordinal).ToList();
        var unknown = allowed.Except(AuthScopes.All, StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw new DomainValidationException("scopes", $"Unknown scopes: {string.Join(", ", unknown)}.");
        }

        Scopes = string.Join(' ', allowed);
        IsThirdParty = isThirdParty;
        var origins = allowedOrigins.Select(NormalizeOrigin).Distinct(StringComparer.Ordinal).ToList();
        AllowedOrigins = Guard.Optional(string.Join(' ', origins), "allowedOrigins", Limits.Subject) ?? "";
    }

    public void Revoke(DateTimeOffset at) => RevokedAt ??= Guard.Utc(at);
}
