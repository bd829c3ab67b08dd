using ContactBox.Infrastructure.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ContactBox.Api.Auth;

/// <summary>OpenID Connect's userinfo and end-session endpoints, for members' tokens.</summary>
public static class SessionEndpoints
{
    /// <summary><c>/connect/userinfo</c>: who the member's access token speaks for, as far as its scopes allow, read from the database.</summary>
    public static async Task<IResult> UserInfoAsync(HttpContext context, ContactBoxDbContext db)
    {
        var principal = (await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal;
        var member = principal?.MemberId() is { } memberId && principal.WorkspaceId() is { } workspaceId
            ? await db.Members.IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(m => m.Id == memberId && m.WorkspaceId == workspaceId, context.RequestAborted)
            : null;
        if (principal is null || member is null)
        {
            return Results.Challenge(
                new AuthenticationProperties(new Dictionary<string, string?>
                {
                    [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.InvalidToken,
                    [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "The token does not speak for a member.",
                }),
                [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }

        var claims = new Dictionary<string, object>(StringComparer.Ordinal) { [Claims.Subject] = member.Id.ToString(), [AuthClaims.Workspace] = member.WorkspaceId.ToString() };
        if (principal.HasScope(Scopes.Profile))
        {
            claims[Claims.Name] = member.Name;
        }

        if (principal.HasScope(Scopes.Email))
        {
            claims[Claims.Email] = member.Email;
        }

        if (principal.HasScope(Scopes.Roles))
        {
            claims[Claims.Role] = Api.Members.MemberType.RolesOf(member).Select(MemberPrincipal.RoleName).ToArray();
        }

        return Results.Ok(claims);
    }

    /// <summary><c>/connect/endsession</c>: ends the member's sign-in; OpenIddict then returns to the client's registered post-logout URI.</summary>
    public static async Task<IResult> EndSessionAsync(HttpContext context)
    {
        await context.SignOutAsync(AccountEndpoints.CookieScheme);
        return Results.SignOut(new AuthenticationProperties { RedirectUri = AccountEndpoints.SignInPath }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }
}
