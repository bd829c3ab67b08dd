using System.Security.Claims;
using ContactBox.Infrastructure.Persistence;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ContactBox.Api.Auth;

/// <summary>
/// <c>POST /connect/token</c> after OpenIddict has authenticated the client and checked its permissions:
/// decides who the token speaks for (subject, workspace) and which scopes it carries.
/// </summary>
public static class TokenEndpoint
{
    public static async Task<IResult> ExchangeAsync(HttpContext context, ContactBoxDbContext db, TimeProvider clock)
    {
        var request = context.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");

        if (request.IsClientCredentialsGrantType())
        {
            return await ClientCredentialsAsync(request, db, context.RequestAborted);
        }

        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            return await MemberGrantAsync(context, db, clock);
        }

        return Refuse(Errors.UnsupportedGrantType, "This grant type is not supported.");
    }

    private static async Task<IResult> ClientCredentialsAsync(OpenIddictRequest request, ContactBoxDbContext db, CancellationToken cancellationToken)
    {
        // No workspace is known yet: the client ID names it.
        var client = await db.OAuthClients.IgnoreQueryFilters().AsNoTracking()
            .SingleOrDefaultAsync(c => c.ClientId == request.ClientId, cancellationToken);
        if (client is null || client.IsRevoked)
        {
            return Refuse(Errors.InvalidClient, "The client is unknown or was revoked.");
        }

        // OpenIddict already refused scopes the client has no permission for; none requested means all allowed.
        var requested = request.GetScopes();
        var scopes = requested.IsEmpty ? client.AllowedScopes : client.AllowedScopes.Intersect(requested, StringComparer.Ordinal).ToList();

        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, client.ClientId)
            .SetClaim(Claims.Name, client.DisplayName)
            .SetClaim(AuthClaims.Workspace, client.WorkspaceId.ToString())
            .SetClaim(AuthClaims.ActorType, AuthClaims.ActorTypes.Client);
        identity.SetScopes(scopes);
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        return Results.SignIn(new ClaimsPrincipal(identity), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>
    /// A code or refresh token that OpenIddict has validated (PKCE, client, not yet redeemed): the member is loaded
    /// again, refused when deactivated or locked out, and the new tokens carry the database's current claims.
    /// </summary>
    private static async Task<IResult> MemberGrantAsync(HttpContext context, ContactBoxDbContext db, TimeProvider clock)
    {
        var principal = (await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal;
        var member = principal?.MemberId() is { } memberId && principal.WorkspaceId() is { } workspaceId
            ? await db.Members.IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(m => m.Id == memberId && m.WorkspaceId == workspaceId, context.RequestAborted)
            : null;
        if (principal is null || member is null || !member.CanSignIn(clock.GetUtcNow()))
        {
            return Refuse(Errors.InvalidGrant, "The member no longer may sign in.");
        }

        return Results.SignIn(MemberPrincipal.Create(member, principal.GetScopes()), properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    private static IResult Refuse(string error, string description) =>
        Results.Forbid(
            new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
            }),
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
