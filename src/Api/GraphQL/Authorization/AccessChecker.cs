using System.Security.Claims;
using ContactBox.Api.Auth;
using ContactBox.Api.GraphQL.Paging;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;

namespace ContactBox.Api.GraphQL.Authorization;

/// <summary>A refusal with its <c>extensions.code</c>.</summary>
public sealed record AccessDenial(string Code, string Message);

/// <summary>The one place that decides whether a caller may use a field or type (see <see cref="AccessRules"/>).</summary>
public sealed class AccessChecker(IOptions<GraphQLOptions> options)
{
    /// <summary>Null when allowed; otherwise why not. <paramref name="what"/> names the element in the message.</summary>
    public AccessDenial? Check(ClaimsPrincipal? user, IMetadataReader element, string what)
    {
        if (element.IsAnonymousAllowed() || !element.IsAuthorizationRequired())
        {
            return null;
        }

        if (!IsAuthenticated(user))
        {
            return NotAuthenticated(what);
        }

        var missing = element.GetScopes().Where(scope => !user!.HasScope(scope)).ToList();
        if (missing.Count > 0)
        {
            return new AccessDenial(ErrorCodes.NotAuthorized, $"{what} needs the scope {string.Join(" ", missing)}, which the token does not carry.");
        }

        if (element.IsMemberOnly() && user!.MemberId() is null)
        {
            return new AccessDenial(ErrorCodes.NotAuthorized, $"{what} needs a signed-in member's token; an OAuth client acting for itself cannot use it.");
        }

        // Roles bind members only: a client acts with its scopes alone (an admin registers it with the scopes it may have).
        var roles = element.GetRoles();
        return roles.Count == 0 || user!.MemberId() is null || roles.Any(role => user!.HasClaim(OpenIddictConstants.Claims.Role, role))
            ? null
            : new AccessDenial(ErrorCodes.NotAuthorized, $"{what} needs a member with the role {string.Join(" or ", roles)} (and a token with the roles scope).");
    }

    /// <summary>Introspection (<c>__schema</c>, <c>__type</c>, the SDL): for authenticated callers, for everyone when configured.</summary>
    public AccessDenial? CheckIntrospection(ClaimsPrincipal? user) =>
        options.Value.AllowAnonymousIntrospection || IsAuthenticated(user) ? null : NotAuthenticated("Introspection");

    /// <summary>A request is authenticated when it carries a valid token of a workspace.</summary>
    public static bool IsAuthenticated(ClaimsPrincipal? user) => user?.WorkspaceId() is not null;

    /// <summary>Throws the denial as an execution error: for checks made while resolving (<c>node</c>).</summary>
    public void Demand(IResolveFieldContext context, IMetadataReader element, string what)
    {
        if (Check(context.User, element, what) is { } denial)
        {
            throw new ExecutionError(denial.Message) { Code = denial.Code };
        }
    }

    private static AccessDenial NotAuthenticated(string what) =>
        new(ErrorCodes.NotAuthenticated, $"{what} needs a valid access token (Authorization: Bearer …).");
}
