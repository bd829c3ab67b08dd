using System.Security.Claims;
using ContactBox.Domain.Auth;
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
    public static async Task<IResult> ExchangeAsync(HttpContext context, ContactBoxDbContext db, TimeProvider clock, TokenAudiences audiences)
    {
        var request = context.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");

        if (request.IsClientCredentialsGrantType())
        {
            return await ClientCredentialsAsync(request, db, audiences, context.RequestAborted);
        }

        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            return await MemberGrantAsync(context, request, db, clock, audiences);
        }

        return Refuse(Errors.UnsupportedGrantType, "This grant type is not supported.");
    }

    private static async Task<IResult> ClientCredentialsAsync(OpenIddictRequest request, ContactBoxDbContext db, TokenAudiences audiences, CancellationToken cancellationToken)
    {
        // No workspace is known yet: the client ID names it.
        var client = await db.OAuthClients.IgnoreQueryFilters().AsNoTracking()
            .SingleOrDefaultAsync(c => c.ClientId == request.ClientId, cancellationToken);
        if (client is null || client.IsRevoked)
        {
            return Refuse(Errors.InvalidClient, "The client is unknown or was revoked.");
        }

        // OpenIddict already refused scopes the client has no permission for; none requested means all allowed. Scopes
        // of other resource servers (OpenIddict's scope store) are granted as OpenIddict permitted them.
        var requested = request.GetScopes();
        var scopes = requested.IsEmpty
            ? client.AllowedScopes
            : requested.Where(s => client.AllowedScopes.Contains(s) || !AuthScopes.All.Contains(s)).ToList();

        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, client.ClientId)
            .SetClaim(Claims.Name, client.DisplayName)
            .SetClaim(AuthClaims.Workspace, client.WorkspaceId.ToString())
            .SetClaim(AuthClaims.ActorType, AuthClaims.ActorTypes.Client);
        identity.SetScopes(scopes);
        identity.SetDestinations(_ => [Destinations.AccessToken]);
        var principal = new ClaimsPrincipal(identity);
        await audiences.SetAsync(principal, cancellationToken);
        return Results.SignIn(principal, properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>
    /// A code or refresh token that OpenIddict has validated (PKCE, client, not yet redeemed): the member is loaded
    /// again, refused when deactivated or locked out, and the new tokens carry the database's current claims and no
    /// scope the client lost since. They stay in the code's authorization, so that revoking it (a consent withdrawn,
    /// a replayed refresh token) ends them too.
    /// </summary>
    private static async Task<IResult> MemberGrantAsync(HttpContext context, OpenIddictRequest request, ContactBoxDbContext db, TimeProvider clock, TokenAudiences audiences)
    {
        var principal = (await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal;
        var member = principal?.MemberId() is { } memberId && principal.WorkspaceId() is { } workspaceId
            ? await db.Members.IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(m => m.Id == memberId && m.WorkspaceId == workspaceId, context.RequestAborted)
            : null;
        var client = await db.OAuthClients.IgnoreQueryFilters().AsNoTracking()
            .SingleOrDefaultAsync(c => c.ClientId == request.ClientId && c.RevokedAt == null, context.RequestAborted);
        if (principal is null || member is null || client is null || client.WorkspaceId != member.WorkspaceId || !member.CanSignIn(clock.GetUtcNow()))
        {
            return Refuse(Errors.InvalidGrant, "The member no longer may sign in.");
        }

        var renewed = MemberPrincipal.Create(member, MemberPrincipal.GrantedScopes(principal.GetScopes(), client), MemberPrincipal.AuthTime(principal));
        renewed.SetAuthorizationId(principal.GetAuthorizationId());
        await audiences.SetAsync(renewed, context.RequestAborted);
        return Results.SignIn(renewed, properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
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
