using System.Security.Claims;
using OpenIddict.Abstractions;

namespace ContactBox.Api.Auth;

/// <summary>The claims ContactBox puts into its access tokens, beside <c>sub</c> and the scopes.</summary>
public static class AuthClaims
{
    /// <summary>The workspace ID the token acts in.</summary>
    public const string Workspace = "workspace";

    /// <summary><see cref="ActorTypes.Client"/> or <see cref="ActorTypes.Member"/>.</summary>
    public const string ActorType = "actor_type";

    public static class ActorTypes
    {
        public const string Client = "client";
        public const string Member = "member";
    }

    /// <summary>The workspace of an authenticated caller, or null when the request carries no valid token.</summary>
    public static Guid? WorkspaceId(this ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && Guid.TryParse(user.FindFirst(Workspace)?.Value, out var id) ? id : null;

    /// <summary>The member acting, when the subject is a team member; null for clients.</summary>
    public static Guid? MemberId(this ClaimsPrincipal user) =>
        user.FindFirst(ActorType)?.Value == ActorTypes.Member && Guid.TryParse(user.GetClaim(OpenIddictConstants.Claims.Subject), out var id) ? id : null;

    public static bool IsClient(this ClaimsPrincipal user) => user.FindFirst(ActorType)?.Value == ActorTypes.Client;
}
