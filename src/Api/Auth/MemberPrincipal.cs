using System.Globalization;
using System.Security.Claims;
using ContactBox.Api.Members;
using ContactBox.Domain.Auth;
using ContactBox.Domain.Members;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ContactBox.Api.Auth;

/// <summary>The principal of a token issued for a team member: built from the database at authorize and at every refresh.</summary>
public static class MemberPrincipal
{
    /// <summary>The OpenID Connect scopes a member's client may ask for beside the ContactBox scopes.</summary>
    public static IReadOnlyList<string> ProtocolScopes { get; } = [Scopes.OpenId, Scopes.OfflineAccess, Scopes.Profile, Scopes.Email, Scopes.Roles];

    /// <summary>The scopes granted: those requested that the client may have (OpenIddict already refused unknown ones).</summary>
    public static IReadOnlyList<string> GrantedScopes(IEnumerable<string> requested, OAuthClient client) =>
        [.. requested.Where(s => ProtocolScopes.Contains(s) || client.AllowedScopes.Contains(s)).Distinct(StringComparer.Ordinal)];

    /// <param name="authTime">When the member signed in (Unix seconds): the ID token's <c>auth_time</c>, kept through refreshes.</param>
    public static ClaimsPrincipal Create(Member member, IEnumerable<string> scopes, long? authTime)
    {
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        if (authTime is { } signedInAt)
        {
            identity.AddClaim(new Claim(Claims.AuthenticationTime, signedInAt.ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64));
        }

        identity.SetClaim(Claims.Subject, member.Id.ToString())
            .SetClaim(Claims.Name, member.Name)
            .SetClaim(Claims.Email, member.Email)
            .SetClaim(AuthClaims.Workspace, member.WorkspaceId.ToString())
            .SetClaim(AuthClaims.ActorType, AuthClaims.ActorTypes.Member)
            .SetClaims(Claims.Role, [.. MemberType.RolesOf(member).Select(RoleName)]);
        identity.SetScopes(scopes);
        identity.SetDestinations(claim => claim.Type switch
        {
            Claims.Name when identity.HasScope(Scopes.Profile) => [Destinations.AccessToken, Destinations.IdentityToken],
            Claims.Email when identity.HasScope(Scopes.Email) => [Destinations.AccessToken, Destinations.IdentityToken],
            Claims.Role when identity.HasScope(Scopes.Roles) => [Destinations.AccessToken, Destinations.IdentityToken],
            Claims.AuthenticationTime => [Destinations.IdentityToken],
            _ => [Destinations.AccessToken],
        });
        return new ClaimsPrincipal(identity);
    }

    /// <summary>The sign-in time a principal carries (the sign-in cookie's, or a code's or refresh token's), in Unix seconds.</summary>
    public static long? AuthTime(ClaimsPrincipal? principal) =>
        long.TryParse(principal?.GetClaim(Claims.AuthenticationTime), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>The role as the schema's <c>MemberRole</c> enum spells it (MEMBER, DPO, ADMIN).</summary>
    public static string RoleName(MemberRoles role) => role.ToString().ToUpperInvariant();
}
