using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using ContactBox.Domain.Auth;
using ContactBox.Domain.Common;
using ContactBox.Domain.Members;
using ContactBox.Infrastructure.Persistence;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
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
    public const string PasswordPath = "/account/password";

    /// <summary>How long the member has to choose a new password after signing in with a one-time password.</summary>
    private static readonly TimeSpan PasswordChangeWindow = TimeSpan.FromMinutes(10);

    public static void Map(WebApplication app)
    {
        app.MapGet(SignInPath, ShowAsync);
        app.MapPost(SignInPath, SubmitAsync);
        app.MapPost(SignOutPath, SignOutAsync);
        app.MapPost(PasswordPath, ChangePasswordAsync);
    }

    private static async Task<IResult> ShowAsync(HttpContext context, ContactBoxDbContext db, IAntiforgery antiforgery, string? returnUrl)
    {
        if (await ClientOfAsync(db, returnUrl, context.RequestAborted) is null)
        {
            return Page(context, antiforgery, returnUrl: null, email: null, t => t.NoClient, StatusCodes.Status400BadRequest, returnUrl);
        }

        return Page(context, antiforgery, returnUrl, email: null, error: null);
    }

    private static async Task<IResult> SubmitAsync(
        HttpContext context, ContactBoxDbContext db, IAntiforgery antiforgery, MemberSignIn signIn, IDataProtectionProvider protection, TimeProvider clock)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Page(context, antiforgery, returnUrl: null, email: null, t => t.Expired, StatusCodes.Status400BadRequest);
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var returnUrl = form["returnUrl"].ToString();
        var email = form["email"].ToString();
        if (await ClientOfAsync(db, returnUrl, context.RequestAborted) is not { } client)
        {
            return Page(context, antiforgery, returnUrl: null, email, t => t.NoClient, StatusCodes.Status400BadRequest, returnUrl);
        }

        db.Workspace.Set(client.WorkspaceId, null);
        var (outcome, member) = await signIn.SignInAsync(email, form["password"].ToString(), context.RequestAborted);
        if (outcome == SignInOutcome.PasswordChangeRequired && member is not null)
        {
            // The one-time password is spent on this step: a short-lived ticket, bound to the current hash, stands for it.
            var ticket = Tickets(protection).Protect(Stamp(member), PasswordChangeWindow);
            return PasswordPage(context, antiforgery, ticket, returnUrl, error: null);
        }

        if (outcome != SignInOutcome.SignedIn || member is null)
        {
            return Page(context, antiforgery, returnUrl, email, t => outcome == SignInOutcome.LockedOut ? t.LockedOut : t.Refused, StatusCodes.Status401Unauthorized);
        }

        return await SignInAndReturnAsync(context, member, returnUrl, clock);
    }

    /// <summary>After a one-time password: the member's new password, then the sign-in continues where it was going.</summary>
    private static async Task<IResult> ChangePasswordAsync(
        HttpContext context, ContactBoxDbContext db, IAntiforgery antiforgery, MemberSignIn signIn, IDataProtectionProvider protection, TimeProvider clock)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Page(context, antiforgery, returnUrl: null, email: null, t => t.Expired, StatusCodes.Status400BadRequest);
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var returnUrl = form["returnUrl"].ToString();
        var ticket = form["ticket"].ToString();
        string stamp;
        try
        {
            stamp = Tickets(protection).Unprotect(ticket);
        }
        catch (CryptographicException)
        {
            return Page(context, antiforgery, returnUrl: null, email: null, t => t.Expired, StatusCodes.Status400BadRequest);
        }

        var parts = stamp.Split(':');
        var member = parts.Length == 3 && Guid.TryParse(parts[0], out var workspaceId) && Guid.TryParse(parts[1], out var memberId)
            && await ClientOfAsync(db, returnUrl, context.RequestAborted) is { } client && client.WorkspaceId == workspaceId
            ? await db.Members.IgnoreQueryFilters().SingleOrDefaultAsync(m => m.Id == memberId && m.WorkspaceId == workspaceId, context.RequestAborted)
            : null;
        if (member is null || Stamp(member) != stamp || !member.CanSignIn(clock.GetUtcNow()))
        {
            return Page(context, antiforgery, returnUrl: null, email: null, t => t.Expired, StatusCodes.Status400BadRequest);
        }

        var newPassword = form["newPassword"].ToString();
        try
        {
            if (newPassword != form["confirmPassword"].ToString())
            {
                return PasswordPage(context, antiforgery, ticket, returnUrl, t => t.PasswordsDiffer, StatusCodes.Status400BadRequest);
            }

            signIn.ReplacePassword(member, newPassword, "newPassword");
        }
        catch (DomainValidationException e)
        {
            return PasswordPage(context, antiforgery, ticket, returnUrl, t => t.Message(e.Message), StatusCodes.Status400BadRequest);
        }

        member.RecordSignIn(clock.GetUtcNow());
        db.Workspace.Set(member.WorkspaceId, null);
        await db.SaveChangesAsync(context.RequestAborted);
        return await SignInAndReturnAsync(context, member, returnUrl, clock);
    }

    private static async Task<IResult> SignInAndReturnAsync(HttpContext context, Member member, string returnUrl, TimeProvider clock)
    {
        var identity = new ClaimsIdentity(CookieScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, member.Id.ToString())
            .SetClaim(Claims.Name, member.Name)
            .SetClaim(AuthClaims.Workspace, member.WorkspaceId.ToString())
            .SetClaim(Claims.AuthenticationTime, clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
        await context.SignInAsync(CookieScheme, new ClaimsPrincipal(identity));
        return Results.LocalRedirect(returnUrl);
    }

    private static ITimeLimitedDataProtector Tickets(IDataProtectionProvider protection) =>
        protection.CreateProtector("ContactBox.Account.PasswordChange").ToTimeLimitedDataProtector();

    /// <summary>Names the member and the password hash a ticket was made for: a changed password voids the ticket.</summary>
    private static string Stamp(Member member) =>
        $"{member.WorkspaceId}:{member.Id}:{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(member.PasswordHash ?? "")))[..16]}";

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
        var clientId = AuthorizeParameter(returnUrl, Parameters.ClientId);
        return clientId is null
            ? null
            : await db.OAuthClients.IgnoreQueryFilters().AsNoTracking().SingleOrDefaultAsync(c => c.ClientId == clientId && c.RevokedAt == null, cancellationToken);
    }

    /// <summary>One parameter of the authorize request a sign-in page returns to; null when the URL is not one.</summary>
    public static string? AuthorizeParameter(string? returnUrl, string name) =>
        IsAuthorizeUrl(returnUrl)
        && Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(new Uri("http://local" + returnUrl).Query).TryGetValue(name, out var value)
            ? value.ToString()
            : null;

    private static bool IsAuthorizeUrl(string? url) =>
        url is not null && url.StartsWith(AuthRegistration.AuthorizePath + "?", StringComparison.Ordinal) && !url.Contains('\\');

    private static IResult PasswordPage(
        HttpContext context, IAntiforgery antiforgery, string ticket, string returnUrl, Func<AccountTexts, string>? error, int status = StatusCodes.Status200OK)
    {
        var texts = AccountTexts.ForReturnUrl(context, returnUrl);
        var tokens = antiforgery.GetAndStoreTokens(context);
        return Results.Content(AccountPages.ChangePassword(texts, tokens, ticket, returnUrl, error?.Invoke(texts)), "text/html; charset=utf-8", statusCode: status);
    }

    /// <summary>The sign-in page, in the language of the authorize request behind it (<paramref name="languageFrom"/>, else <paramref name="returnUrl"/>).</summary>
    private static IResult Page(
        HttpContext context, IAntiforgery antiforgery, string? returnUrl, string? email, Func<AccountTexts, string>? error, int status = StatusCodes.Status200OK, string? languageFrom = null)
    {
        var texts = AccountTexts.ForReturnUrl(context, languageFrom ?? returnUrl);
        var tokens = antiforgery.GetAndStoreTokens(context);
        return Results.Content(AccountPages.SignIn(texts, tokens, returnUrl, email, error?.Invoke(texts)), "text/html; charset=utf-8", statusCode: status);
    }
}
