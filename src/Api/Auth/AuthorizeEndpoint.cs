using ContactBox.Domain.Auth;
using ContactBox.Domain.Members;
using ContactBox.Infrastructure.Persistence;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ContactBox.Api.Auth;

/// <summary>
/// <c>/connect/authorize</c> after OpenIddict has checked the client, its redirect URI and the PKCE challenge:
/// sends a member who is not signed in to the sign-in page, asks for consent for third-party clients, and issues
/// the code for the member, in the client's workspace.
/// </summary>
public static class AuthorizeEndpoint
{
    private const string ConsentField = "consent";

    public static async Task<IResult> AuthorizeAsync(
        HttpContext context, ContactBoxDbContext db, IAntiforgery antiforgery, TimeProvider clock, MemberConsents consents, TokenAudiences audiences)
    {
        var request = context.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenID Connect request cannot be retrieved.");
        var client = await db.OAuthClients.IgnoreQueryFilters().AsNoTracking()
            .SingleOrDefaultAsync(c => c.ClientId == request.ClientId && c.RevokedAt == null, context.RequestAborted);
        if (client is null)
        {
            return Refuse(Errors.InvalidClient, "The client is unknown or was revoked.");
        }

        // prompt=login asks for a fresh sign-in: once, so the sign-in page returns here without it.
        if (request.HasPromptValue(PromptValues.Login))
        {
            var withoutLogin = string.Join(' ', request.GetPromptValues().Remove(PromptValues.Login));
            var parameters = AuthorizeParameters(request).Where(p => p.Key != Parameters.Prompt)
                .Concat(withoutLogin.Length > 0 ? [KeyValuePair.Create(Parameters.Prompt, (string?)withoutLogin)] : []);
            return Results.Redirect(AccountEndpoints.SignInPath + QueryString.Create("returnUrl", AuthRegistration.AuthorizePath + QueryString.Create(parameters)));
        }

        // A member signs in for the client's workspace; a sign-in to another workspace does not count here.
        var (member, authTime) = await SignedInMemberAsync(context, db, client.WorkspaceId);
        if (member is null || !member.CanSignIn(clock.GetUtcNow()))
        {
            return request.HasPromptValue(PromptValues.None)
                ? Refuse(Errors.LoginRequired, "The member is not signed in.")
                : Results.Redirect(AccountEndpoints.SignInPath + QueryString.Create("returnUrl", AuthorizeUrl(request)));
        }

        // max_age: a sign-in longer ago than that (max_age=0: any) is made again; the sign-in page then returns here
        // without max_age, since the sign-in it leads to is fresh.
        if (request.MaxAge is { } maxAge && (maxAge == 0 || authTime is null || clock.GetUtcNow().ToUnixTimeSeconds() - authTime > maxAge))
        {
            return request.HasPromptValue(PromptValues.None)
                ? Refuse(Errors.LoginRequired, "The member's sign-in is older than max_age.")
                : Results.Redirect(AccountEndpoints.SignInPath + QueryString.Create("returnUrl",
                    AuthRegistration.AuthorizePath + QueryString.Create(AuthorizeParameters(request).Where(p => p.Key != Parameters.MaxAge))));
        }

        var scopes = MemberPrincipal.GrantedScopes(request.GetScopes(), client);
        var principal = MemberPrincipal.Create(member, scopes, authTime);
        if (client.IsThirdParty)
        {
            // A consent given before for these scopes (or more) is remembered, unless the client asks again (prompt=consent).
            var consentId = request.HasPromptValue(PromptValues.Consent) ? null : await consents.FindAsync(member, client.ClientId, scopes, context.RequestAborted);
            if (consentId is null)
            {
                var consent = HttpMethods.IsPost(context.Request.Method) ? (await context.Request.ReadFormAsync(context.RequestAborted))[ConsentField].ToString() : "";
                if (consent.Length > 0 && !await antiforgery.IsRequestValidAsync(context))
                {
                    return Results.BadRequest();
                }

                switch (consent)
                {
                    case "accept":
                        consentId = await consents.RememberAsync(principal, member, client.ClientId, context.RequestAborted);
                        break;
                    case "deny":
                        return Refuse(Errors.AccessDenied, "The member denied the client access.");
                    default:
                        return request.HasPromptValue(PromptValues.None)
                            ? Refuse(Errors.ConsentRequired, "The member has not consented to this client.")
                            : Results.Content(
                                AccountPages.Consent(AccountTexts.For(context, request.UiLocales), antiforgery.GetAndStoreTokens(context), client.DisplayName, scopes, AuthorizeParameters(request)),
                                "text/html; charset=utf-8");
                }
            }

            principal.SetAuthorizationId(consentId);
        }

        await audiences.SetAsync(principal, context.RequestAborted);
        return Results.SignIn(principal, properties: null, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>The member the sign-in cookie names, and when she signed in (Unix seconds; null for a cookie from before that was kept).</summary>
    private static async Task<(Member? Member, long? AuthTime)> SignedInMemberAsync(HttpContext context, ContactBoxDbContext db, Guid workspaceId)
    {
        var cookie = await context.AuthenticateAsync(AccountEndpoints.CookieScheme);
        if (cookie.Principal is not { } user
            || user.GetClaim(AuthClaims.Workspace) != workspaceId.ToString()
            || !Guid.TryParse(user.GetClaim(Claims.Subject), out var memberId))
        {
            return (null, null);
        }

        var member = await db.Members.IgnoreQueryFilters().AsNoTracking()
            .SingleOrDefaultAsync(m => m.Id == memberId && m.WorkspaceId == workspaceId, context.RequestAborted);
        return (member, MemberPrincipal.AuthTime(user));
    }

    /// <summary>The authorize request's own parameters (without the consent form's fields), to come back to or repost.</summary>
    private static IEnumerable<KeyValuePair<string, string?>> AuthorizeParameters(OpenIddictRequest request) =>
        AccountPages.RequestParameters(request, ConsentField);

    private static string AuthorizeUrl(OpenIddictRequest request) => AuthRegistration.AuthorizePath + QueryString.Create(AuthorizeParameters(request));

    private static IResult Refuse(string error, string description) =>
        Results.Forbid(
            new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
            }),
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
