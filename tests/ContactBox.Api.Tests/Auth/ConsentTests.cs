using System.Net;
using ContactBox.Api.Tests.Support;
using Microsoft.AspNetCore.WebUtilities;

namespace ContactBox.Api.Tests.Auth;

/// <summary>A member's consent to a third-party client is remembered as an OpenIddict authorization until she withdraws it.</summary>
public abstract class ConsentTests(ApiHost api)
{
    private const string Password = "a consenting password";
    private const string Scopes = "openid offline_access contacts.read";

    private ApiHost Api
    {
        get
        {
            api.SkipIfUnavailable();
            return api;
        }
    }

    [SkippableFact]
    public async Task Consent_is_remembered_for_the_same_scopes_asked_again_for_more_and_again_after_the_member_withdraws_it()
    {
        var email = $"c{Guid.NewGuid():N}"[..13] + "@example.de";
        await Api.CreateMemberAsync(api.DemoWorkspaceId, email, Password);
        var thirdParty = await api.CreateMemberClientAsync(api.DemoWorkspaceId, isThirdParty: true);
        using var browser = await api.BrowserAsync(api.DemoWorkspaceId, thirdParty);

        using var signedIn = await browser.SubmitSignInAsync(await browser.RedirectOfAsync(browser.AuthorizeUrl(Scopes)), email, Password);
        var firstConsent = await browser.Http.GetStringAsync(signedIn.Headers.Location);
        using var accepted = await browser.SubmitFormAsync(firstConsent, "/connect/authorize", "consent", "accept");
        var tokens = await MemberBrowser.ReadTokensAsync(await browser.RedeemCodeAsync(browser.CodeFrom(accepted.Headers.Location!)));
        var again = await browser.RedirectOfAsync(browser.AuthorizeUrl(Scopes));
        var silently = await browser.RedirectOfAsync(browser.AuthorizeUrl(Scopes, prompt: "none"));
        using var moreScopes = await browser.Http.GetAsync(browser.AuthorizeUrl(Scopes + " contacts.write"));

        var member = new GraphQLClient(api.WithToken(tokens.AccessToken));
        var listed = await member.QueryAsync("{ me { consents { client { clientId displayName } scopes } } }");
        var unknown = await member.QueryAsync(
            "mutation { revokeMyConsent(input: { clientId: \"cb_nobody\" }) { client { clientId } errors { __typename } } }");
        var revoked = await member.QueryAsync(
            "mutation($input: RevokeMyConsentInput!) { revokeMyConsent(input: $input) { client { clientId } errors { __typename } } }",
            new { input = new { clientId = thirdParty.ClientId } });
        var oldAccess = await member.SendAsync("{ me { scopes } }");
        using var oldRefresh = await browser.RefreshAsync(tokens.RefreshToken!);
        using var afterRevoking = await browser.Http.GetAsync(browser.AuthorizeUrl(Scopes));
        var silentlyAfterRevoking = await browser.RedirectOfAsync(browser.AuthorizeUrl(Scopes, prompt: "none"));

        // Consenting again, to fewer scopes: only the new consent is listed.
        var newTokens = await MemberBrowser.ReadTokensAsync(await browser.RedeemCodeAsync(browser.CodeFrom(
            (await browser.SubmitFormAsync(await browser.Http.GetStringAsync(browser.AuthorizeUrl("openid contacts.read")), "/connect/authorize", "consent", "accept")).Headers.Location!)));
        var listedAfterRevoking = await new GraphQLClient(api.WithToken(newTokens.AccessToken)).QueryAsync("{ me { consents { scopes } } }");

        Assert.Contains("Allow Third-party app to access ContactBox?", firstConsent);
        Assert.NotEmpty(browser.CodeFrom(again));
        Assert.NotEmpty(browser.CodeFrom(silently));
        Assert.Equal(HttpStatusCode.OK, moreScopes.StatusCode);
        Assert.Contains("<li>Create, change and delete contacts, timeline entries and follow-ups</li>", await moreScopes.Content.ReadAsStringAsync());
        Assert.Equal($$$$"""{"me":{"consents":[{"client":{"clientId":"{{{{thirdParty.ClientId}}}}","displayName":"Third-party app"},"scopes":["contacts.read","offline_access","openid"]}]}}""", listed.GetRawText());
        Assert.Equal("""{"revokeMyConsent":{"client":null,"errors":[{"__typename":"NotFoundError"}]}}""", unknown.GetRawText());
        Assert.Equal($$$"""{"revokeMyConsent":{"client":{"clientId":"{{{thirdParty.ClientId}}}"},"errors":null}}""", revoked.GetRawText());
        Assert.Equal((HttpStatusCode.Unauthorized, "AUTH_NOT_AUTHENTICATED"), (oldAccess.Status, oldAccess.FirstErrorCode));
        Assert.Equal("""{"me":{"consents":[{"scopes":["contacts.read","openid"]}]}}""", listedAfterRevoking.GetRawText());
        Assert.Equal(HttpStatusCode.BadRequest, oldRefresh.StatusCode);
        Assert.Equal(HttpStatusCode.OK, afterRevoking.StatusCode);
        Assert.Contains("Allow Third-party app to access ContactBox?", await afterRevoking.Content.ReadAsStringAsync());
        Assert.Equal("consent_required", QueryHelpers.ParseQuery(silentlyAfterRevoking.Query)["error"].ToString());
    }

    [SkippableFact]
    public async Task Prompt_consent_asks_again_although_consent_was_given()
    {
        var email = $"c{Guid.NewGuid():N}"[..13] + "@example.de";
        await Api.CreateMemberAsync(api.DemoWorkspaceId, email, Password);
        var thirdParty = await api.CreateMemberClientAsync(api.DemoWorkspaceId, isThirdParty: true);
        using var browser = await api.BrowserAsync(api.DemoWorkspaceId, thirdParty);
        using var signedIn = await browser.SubmitSignInAsync(await browser.RedirectOfAsync(browser.AuthorizeUrl(Scopes)), email, Password);
        using var accepted = await browser.SubmitFormAsync(await browser.Http.GetStringAsync(signedIn.Headers.Location), "/connect/authorize", "consent", "accept");

        using var prompted = await browser.Http.GetAsync(browser.AuthorizeUrl(Scopes, prompt: "consent"));

        Assert.NotEmpty(browser.CodeFrom(accepted.Headers.Location!));
        Assert.Equal(HttpStatusCode.OK, prompted.StatusCode);
        Assert.Contains("Allow Third-party app to access ContactBox?", await prompted.Content.ReadAsStringAsync());
    }
}

public sealed class SqliteConsentTests(SqliteApi api) : ConsentTests(api), IClassFixture<SqliteApi>;

public sealed class PostgreSqlConsentTests(PostgresApi api) : ConsentTests(api), IClassFixture<PostgresApi>;
