using System.Security.Claims;
using ContactBox.Api.Auth;
using ContactBox.Domain.Auth;
using ContactBox.Domain.Members;
using ContactBox.Domain.Operations;
using OpenIddict.Abstractions;

namespace ContactBox.Api.Operations;

/// <summary>An operation is its requester's: they (and the workspace's admins) see it, its events, its files, and may cancel it.</summary>
public static class OperationAccess
{
    public static string Requester(ClaimsPrincipal? user) => user?.GetClaim(OpenIddictConstants.Claims.Subject) ?? string.Empty;

    /// <summary>Scope admin and, for a member, the role ADMIN (a client acts with its scopes alone).</summary>
    public static bool IsAdmin(ClaimsPrincipal? user) =>
        user is not null && user.HasScope(AuthScopes.Admin)
        && (user.MemberId() is null || user.HasClaim(OpenIddictConstants.Claims.Role, MemberPrincipal.RoleName(MemberRoles.Admin)));

    public static bool CanSee(ClaimsPrincipal? user, BackgroundOperation operation) =>
        IsAdmin(user) || (operation.Requester.Length > 0 && operation.Requester == Requester(user));

    /// <summary>The operations of the workspace the caller may see.</summary>
    public static IQueryable<BackgroundOperation> Visible(IQueryable<BackgroundOperation> operations, ClaimsPrincipal? user)
    {
        if (IsAdmin(user))
        {
            return operations;
        }

        var requester = Requester(user);
        return operations.Where(o => o.Requester == requester && requester != "");
    }
}
