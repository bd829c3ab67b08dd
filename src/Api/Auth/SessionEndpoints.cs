using ContactBox.Infrastructure.Persistence;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Antiforgery;
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

    private const string ConfirmField = "confirm";

    /// <summary>
    /// <c>/connect/endsession</c>: ends the member's sign-in; OpenIddict then returns to the post-logout URI registered
    /// for the client (or to the sign-in page). Signing out is only done without asking when the request clearly comes
    /// from the member's own application: an <c>id_token_hint</c> this server issued for the member signed in here.
    /// Otherwise (no hint, another member's, a link someone else planted) the member confirms on a plain form first.
    /// </summary>
    public static async Task<IResult> EndSessionAsync(HttpContext context, IAntiforgery antiforgery)
    {
        var request = context.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");
        var signedIn = (await context.AuthenticateAsync(AccountEndpoints.CookieScheme)).Principal;
        if (signedIn is not null)
        {
            var hint = (await context.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal;
            // Member IDs are unique across workspaces: the subject alone names the member.
            var fromTheMember = hint is not null && hint.GetClaim(Claims.Subject) == signedIn.GetClaim(Claims.Subject);
            if (!fromTheMember)
            {
                var answer = HttpMethods.IsPost(context.Request.Method) ? (await context.Request.ReadFormAsync(context.RequestAborted))[ConfirmField].ToString() : "";
                if (answer.Length > 0 && !await antiforgery.IsRequestValidAsync(context))
                {
                    return Results.BadRequest();
                }

                if (answer == "stay")
                {
                    return Results.Content(AccountPages.StillSignedIn(AccountTexts.For(context, request.UiLocales), signedIn.GetClaim(Claims.Name)), "text/html; charset=utf-8");
                }

                if (answer != "signout")
                {
                    return Results.Content(
                        AccountPages.ConfirmSignOut(AccountTexts.For(context, request.UiLocales), antiforgery.GetAndStoreTokens(context), signedIn.GetClaim(Claims.Name), AccountPages.RequestParameters(request, ConfirmField)),
                        "text/html; charset=utf-8");
                }
            }
        }

        await context.SignOutAsync(AccountEndpoints.CookieScheme);
        return Results.SignOut(new AuthenticationProperties { RedirectUri = AccountEndpoints.SignInPath }, [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }
}
