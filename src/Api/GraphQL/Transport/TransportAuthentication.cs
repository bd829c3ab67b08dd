using System.Security.Claims;
using ContactBox.Api.Auth;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Net.Http.Headers;
using OpenIddict.Abstractions;
using OpenIddict.Validation;

namespace ContactBox.Api.GraphQL.Transport;

/// <summary>
/// Token checks for the long-lived transports (WebSocket, SSE): a token given after the upgrade (in
/// <c>connection_init</c>) is validated here, as an HTTP request's is, token entry included; <see cref="TokenWatch"/>
/// then watches every open connection's token, so that expiry and revocation end its subscriptions.
/// </summary>
public sealed class TransportAuthentication(IServiceScopeFactory scopes, TimeProvider clock)
{
    /// <summary>
    /// The caller of a valid token of a workspace, or null when the token is refused (malformed, expired, revoked).
    /// Any other failure (the database did not answer) is thrown: it says nothing about the token.
    /// </summary>
    public async Task<ClaimsPrincipal?> ValidateAsync(string? token, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            return null;
        }

        await using var scope = scopes.CreateAsyncScope();
        try
        {
            var principal = await scope.ServiceProvider.GetRequiredService<OpenIddictValidationService>().ValidateAccessTokenAsync(token, cancellationToken);
            return principal.WorkspaceId() is null || IsExpired(principal) ? null : Detached(principal);
        }
        catch (OpenIddictExceptions.ProtocolException)
        {
            return null;
        }
    }

    /// <summary>
    /// The principal's claims without the parsed token its identity keeps (a JsonWebToken with its encoded and
    /// decoded parts, some KiB): a connection holds its principal for as long as it is open.
    /// </summary>
    private static ClaimsPrincipal Detached(ClaimsPrincipal principal) =>
        new(principal.Identities.Select(identity => identity is CaseSensitiveClaimsIdentity
            ? new CaseSensitiveClaimsIdentity(identity.Claims, identity.AuthenticationType, identity.NameClaimType, identity.RoleClaimType)
            : new ClaimsIdentity(identity.Claims, identity.AuthenticationType, identity.NameClaimType, identity.RoleClaimType)));

    /// <summary>When the token stops being valid, if it says.</summary>
    public static DateTimeOffset? ExpiresAt(ClaimsPrincipal principal) => principal.GetExpirationDate();

    public bool IsExpired(ClaimsPrincipal principal) => ExpiresAt(principal) is { } expires && expires <= clock.GetUtcNow();

    /// <summary>The bearer token of the request's Authorization header, if any.</summary>
    public static string? BearerToken(HttpRequest request) => BearerToken(request.Headers[HeaderNames.Authorization].ToString());

    public static string? BearerToken(string? authorization) =>
        authorization is not null && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
}
