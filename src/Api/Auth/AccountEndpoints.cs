using System.Security.Claims;
using ContactBox.Domain.Auth;
using ContactBox.Infrastructure.Persistence;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ContactBox.Api.Auth;

/// <summary>
/// The team members' sign-in page (<c>/account/signin</c>) and sign-out. Members sign in to the workspace of the
/// OAuth client whose authorize request sent them here; the result is a cookie of its own scheme that only the
/// authorize endpoint reads; the API itself only accepts access tokens.
/// </summary>
public static class AccountEndpoints
{
    public const string CookieScheme = "ContactBox.Member";
    public const string SignInPath = "/account/signin";
    public const string SignOutPath = "/account/signout";

    public static void Map(WebApplication app)
    {
        app.MapGet(SignInPath, ShowAsync);
        app.MapPost(SignInPath, SubmitAsync);
        app.MapPost(SignOutPath, SignOutAsync);
    }

    private static async Task<IResult> ShowAsync(HttpContext context, ContactBoxDbContext db, IAntiforgery antiforgery, string? returnUrl)
    {
        if (await ClientOfAsync(db, returnUrl, context.RequestAborted) is null)
        {
            return Page(context, antiforgery, returnUrl: null, email: null, AccountPages.NoClient, StatusCodes.Status400BadRequest);
        }

        return Page(context, antiforgery, returnUrl, email: null, error: null);
    }

    private static async Task<IResult> SubmitAsync(HttpContext context, ContactBoxDbContext db, IAntiforgery antiforgery, MemberSignIn signIn)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Page(context, antiforgery, returnUrl: null, email: null, AccountPages.Expired, StatusCodes.Status400BadRequest);
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var returnUrl = form["returnUrl"].ToString();
        var email = form["email"].ToString();
        if (await ClientOfAsync(db, returnUrl, context.RequestAborted) is not { } client)
        {
            return Page(context, antiforgery, returnUrl: null, email, AccountPages.NoClient, StatusCodes.Status400BadRequest);
        }

        db.Workspace.Set(client.WorkspaceId, null);
        var (outcome, member) = await signIn.SignInAsync(email, form["password"].ToString(), context.RequestAborted);
        if (outcome != SignInOutcome.SignedIn || member is null)
        {
            var error = outcome == SignInOutcome.LockedOut ? AccountPages.LockedOut : AccountPages.Refused;
            return Page(context, antiforgery, returnUrl, email, error, StatusCodes.Status401Unauthorized);
        }

        var identity = new ClaimsIdentity(CookieScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, member.Id.ToString())
            .SetClaim(Claims.Name, member.Name)
            .SetClaim(AuthClaims.Workspace, member.WorkspaceId.ToString());
        await context.SignInAsync(CookieScheme, new ClaimsPrincipal(identity));
        return Results.LocalRedirect(returnUrl);
    }

    private static async Task<IResult> SignOutAsync(HttpContext context, IAntiforgery antiforgery)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Results.BadRequest();
        }

        await context.SignOutAsync(CookieScheme);
        var returnUrl = (await context.Request.ReadFormAsync(context.RequestAborted))["returnUrl"].ToString();
        return Results.LocalRedirect(IsAuthorizeUrl(returnUrl) ? returnUrl : SignInPath);
    }

    /// <summary>The client named by the authorize request the member came from; only such local URLs are followed.</summary>
    private static async Task<OAuthClient?> ClientOfAsync(ContactBoxDbContext db, string? returnUrl, CancellationToken cancellationToken)
    {
        if (!IsAuthorizeUrl(returnUrl))
        {
            return null;
        }

        var query = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri("http://local" + returnUrl).Query);
        var clientId = query.TryGetValue(Parameters.ClientId, out var value) ? value.ToString() : null;
        return clientId is null
            ? null
            : await db.OAuthClients.IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(c => c.ClientId == clientId && c.RevokedAt == null, cancellationToken);
    }

    private static bool IsAuthorizeUrl(string? url) =>
        url is not null && url.StartsWith(AuthRegistration.AuthorizePath + "?", StringComparison.Ordinal) && !url.Contains('\\');

    private static IResult Page(HttpContext context, IAntiforgery antiforgery, string? returnUrl, string? email, string? error, int status = StatusCodes.Status200OK)
    {
        var tokens = antiforgery.GetAndStoreTokens(context);
        return Results.Content(AccountPages.SignIn(tokens, returnUrl, email, error), "text/html; charset=utf-8", statusCode: status);
    }
}
