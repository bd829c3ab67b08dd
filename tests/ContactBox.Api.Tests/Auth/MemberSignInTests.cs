using System.Net;
using System.Text.Json;
using ContactBox.Api.Tests.Support;
using ContactBox.Domain.Members;
using Microsoft.AspNetCore.WebUtilities;

namespace ContactBox.Api.Tests.Auth;

/// <summary>Team members sign in: authorization code with PKCE, refresh token rotation, lock-out and consent, against the real server.</summary>
public abstract class MemberSignInTests(ApiHost api)
{
    private const string Password = "correct horse battery staple";

    private ApiHost Api
    {
        get
        {
            api.SkipIfUnavailable();
            return api;
        }
    }

    private static string NewEmail() => $"m{Guid.NewGuid():N}"[..13] + "@example.de";

    [SkippableFact]
    public async Task A_member_signs_in_with_the_code_flow_and_PKCE_and_queries_as_herself()
    {
        var email = NewEmail();
        await Api.CreateMemberAsync(api.DemoWorkspaceId, email, Password, MemberRoles.Dpo);
        using var browser = await api.BrowserAsync(api.DemoWorkspaceId);

        var signInPage = await browser.RedirectOfAsync(browser.AuthorizeUrl());
        using var signedIn = await browser.SubmitSignInAsync(signInPage, email.ToUpperInvariant(), Password);
        var backToAuthorize = signedIn.Headers.Location!.ToString();
        var code = browser.CodeFrom(await browser.RedirectOfAsync(backToAuthorize));
        using var tokenResponse = await browser.RedeemCodeAsync(code);
        var tokens = await MemberBrowser.ReadTokensAsync(tokenResponse);
        var me = await new GraphQLClient(api.WithToken(tokens.AccessToken)).QueryAsync("{ me { member { email roles } client { clientId } } }");

        Assert.Equal("/account/signin", signInPage.AbsolutePath);
        Assert.StartsWith("/connect/authorize?", backToAuthorize);
        Assert.NotNull(tokens.RefreshToken);
        Assert.NotNull(tokens.IdToken);
        Assert.Equal($$$"""{"me":{"member":{"email":"{{{email}}}","roles":["MEMBER","DPO"]},"client":null}}""", me.GetRawText());
    }

    [SkippableFact]
    public async Task The_sign_in_page_is_a_plain_accessible_form()
    {
        using var browser = await Api.BrowserAsync(api.DemoWorkspaceId);
        var signInPage = await browser.RedirectOfAsync(browser.AuthorizeUrl());

        var html = await browser.Http.GetStringAsync(signInPage);

        Assert.Contains("""<html lang="en">""", html);
        Assert.Contains("""<label for="email">""", html);
        Assert.Contains("""autocomplete="username" """.TrimEnd(), html);
        Assert.Contains("""autocomplete="current-password" """.TrimEnd(), html);
        Assert.DoesNotContain("<script", html);
    }

    [SkippableFact]
    public async Task A_wrong_password_and_an_unknown_email_get_the_same_answer()
    {
        var email = NewEmail();
        await Api.CreateMemberAsync(api.DemoWorkspaceId, email, Password);
        using var browser = await api.BrowserAsync(api.DemoWorkspaceId);
        var signInPage = await browser.RedirectOfAsync(browser.AuthorizeUrl());

        using var wrongPassword = await browser.SubmitSignInAsync(signInPage, email, "wrong");
        using var unknown = await browser.SubmitSignInAsync(signInPage, NewEmail(), "wrong");

        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Contains("The e-mail address or the password is not correct.", await wrongPassword.Content.ReadAsStringAsync());
        Assert.Contains("The e-mail address or the password is not correct.", await unknown.Content.ReadAsStringAsync());
    }

    [SkippableFact]
    public async Task A_sign_in_without_the_antiforgery_token_is_refused()
    {
        var email = NewEmail();
        await Api.CreateMemberAsync(api.DemoWorkspaceId, email, Password);
        using var browser = await api.BrowserAsync(api.DemoWorkspaceId);
        var signInPage = await browser.RedirectOfAsync(browser.AuthorizeUrl());

        using var response = await browser.Http.PostAsync("/account/signin", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["returnUrl"] = QueryHelpers.ParseQuery(signInPage.Query)["returnUrl"].ToString(), ["email"] = email, ["password"] = Password,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [SkippableFact]
    public async Task A_wrong_code_verifier_gets_no_token()
    {
        var email = NewEmail();
        await Api.CreateMemberAsync(api.DemoWorkspaceId, email, Password);
        using var browser = await api.BrowserAsync(api.DemoWorkspaceId);
        var code = await browser.CodeAsync(email, Password);

        using var response = await browser.RedeemCodeAsync(code, codeVerifier: new string('x', 43));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_grant", Error(await response.Content.ReadAsStringAsync()));
    }

    [SkippableFact]
    public async Task An_authorize_request_without_a_code_challenge_is_refused()
    {
        using var browser = await Api.BrowserAsync(api.DemoWorkspaceId);
        var url = browser.AuthorizeUrl().Replace("code_challenge_method=S256", "").Replace("&code_challenge=", "&x=");

        using var response = await browser.Http.GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("The mandatory 'code_challenge' parameter is missing.", await response.Content.ReadAsStringAsync());
    }

    [SkippableFact]
    public async Task A_refresh_token_is_replaced_on_use_and_the_used_one_is_refused()
    {
        var email = NewEmail();
        await Api.CreateMemberAsync(api.DemoWorkspaceId, email, Password);
        using var browser = await api.BrowserAsync(api.DemoWorkspaceId);
        var first = await browser.SignInAsync(email, Password);

        using var refreshed = await browser.RefreshAsync(first.RefreshToken!);
        var second = await MemberBrowser.ReadTokensAsync(refreshed);
        var me = await new GraphQLClient(api.WithToken(second.AccessToken)).QueryAsync("{ me { member { email } } }");
        using var reused = await browser.RefreshAsync(first.RefreshToken!);

        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        Assert.Equal(email, me.GetProperty("me").GetProperty("member").GetProperty("email").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        Assert.Equal("invalid_grant", Error(await reused.Content.ReadAsStringAsync()));
    }

    [SkippableFact]
    public async Task Replaying_a_used_refresh_token_revokes_the_tokens_issued_after_it()
    {
        var email = NewEmail();
        await Api.CreateMemberAsync(api.DemoWorkspaceId, email, Password);
        using var browser = await api.BrowserAsync(api.DemoWorkspaceId);
        var first = await browser.SignInAsync(email, Password);
        using var refreshed = await browser.RefreshAsync(first.RefreshToken!);
        var second = await MemberBrowser.ReadTokensAsync(refreshed);

        using var replayed = await browser.RefreshAsync(first.RefreshToken!);
        using var afterReplay = await browser.RefreshAsync(second.RefreshToken!);
        var response = await new GraphQLClient(api.WithToken(second.AccessToken)).SendAsync("{ me { member { email } } }");

        Assert.Equal(HttpStatusCode.BadRequest, replayed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, afterReplay.StatusCode);
        Assert.Equal((HttpStatusCode.Unauthorized, "AUTH_NOT_AUTHENTICATED"), (response.Status, response.FirstErrorCode));
    }

    [SkippableFact]
    public async Task A_deactivated_member_gets_no_new_token_from_her_refresh_token()
    {
        var email = NewEmail();
        var memberId = await Api.CreateMemberAsync(api.DemoWorkspaceId, email, Password);
        using var browser = await api.BrowserAsync(api.DemoWorkspaceId);
        var tokens = await browser.SignInAsync(email, Password);

        await api.ChangeMemberAsync(api.DemoWorkspaceId, memberId, m => m.Deactivate());
        using var response = await browser.RefreshAsync(tokens.RefreshToken!);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_grant", Error(await response.Content.ReadAsStringAsync()));
    }

    [SkippableFact]
    public async Task Brute_force_on_the_sign_in_page_locks_the_member_out_and_then_the_right_password_is_refused_too()
    {
        var email = NewEmail();
        await Api.CreateMemberAsync(api.DemoWorkspaceId, email, Password);
        using var browser = await api.BrowserAsync(api.DemoWorkspaceId);
        var signInPage = await browser.RedirectOfAsync(browser.AuthorizeUrl());

        var answers = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            using var attempt = await browser.SubmitSignInAsync(signInPage, email, "guess" + i);
            answers.Add(await attempt.Content.ReadAsStringAsync());
        }

        using var right = await browser.SubmitSignInAsync(signInPage, email, Password);

        Assert.All(answers.Take(4), a => Assert.Contains("is not correct", a));
        Assert.Contains("locked", answers[4]);
        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.Contains("locked", await right.Content.ReadAsStringAsync());
    }

    [SkippableFact]
    public async Task A_sign_in_to_another_workspace_does_not_count_for_this_client()
    {
        var otherWorkspace = await Api.CreateWorkspaceAsync("Elsewhere");
        var email = NewEmail();
        await api.CreateMemberAsync(otherWorkspace, email, Password);
        var otherClient = await api.CreateMemberClientAsync(otherWorkspace);
        var demoClient = await api.CreateMemberClientAsync(api.DemoWorkspaceId);
        using var browser = await api.BrowserAsync(otherWorkspace, otherClient);
        await browser.CodeAsync(email, Password);

        using var demoBrowser = new MemberBrowser(api.BaseAddress, demoClient.ClientId, ApiHost.TestRedirectUri);
        var signInPage = await demoBrowser.RedirectOfAsync(demoBrowser.AuthorizeUrl());
        using var wrongWorkspace = await demoBrowser.SubmitSignInAsync(signInPage, email, Password);

        Assert.Equal("/account/signin", signInPage.AbsolutePath);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongWorkspace.StatusCode);
    }

    [SkippableFact]
    public async Task Max_age_asks_for_a_sign_in_again_when_the_last_one_is_older_and_auth_time_says_when()
    {
        var email = NewEmail();
        await Api.CreateMemberAsync(api.DemoWorkspaceId, email, Password);
        using var browser = await api.BrowserAsync(api.DemoWorkspaceId);
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        var first = await browser.SignInAsync(email, Password);
        var signedInAt = AuthTime(first.IdToken);
        var afterFirst = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var recent = await browser.RedirectOfAsync(QueryHelpers.AddQueryString(browser.AuthorizeUrl(), "max_age", "3600"));
        var recentTokens = await MemberBrowser.ReadTokensAsync(await browser.RedeemCodeAsync(browser.CodeFrom(recent)));
        var silentlyTooOld = await browser.RedirectOfAsync(QueryHelpers.AddQueryString(browser.AuthorizeUrl(prompt: "none"), "max_age", "0"));
        var signInAgain = await browser.RedirectOfAsync(QueryHelpers.AddQueryString(browser.AuthorizeUrl(), "max_age", "0"));
        using var signedInAgain = await browser.SubmitSignInAsync(signInAgain, email, Password);
        var again = await MemberBrowser.ReadTokensAsync(await browser.RedeemCodeAsync(browser.CodeFrom(await browser.RedirectOfAsync(signedInAgain.Headers.Location!.ToString()))));
        using var refreshed = await browser.RefreshAsync(again.RefreshToken!);
        var afterRefresh = await MemberBrowser.ReadTokensAsync(refreshed);

        Assert.InRange(signedInAt, before, afterFirst);
        Assert.Equal(signedInAt, AuthTime(recentTokens.IdToken));
        Assert.Equal("login_required", QueryHelpers.ParseQuery(silentlyTooOld.Query)["error"].ToString());
        Assert.Equal("/account/signin", signInAgain.AbsolutePath);
        Assert.DoesNotContain("max_age", QueryHelpers.ParseQuery(signInAgain.Query)["returnUrl"].ToString());
        Assert.InRange(AuthTime(again.IdToken), afterFirst, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.Equal(AuthTime(again.IdToken), AuthTime(afterRefresh.IdToken));
    }

    /// <summary>The auth_time claim of an ID token (a signed JWT: its payload is readable).</summary>
    private static long AuthTime(string? idToken)
    {
        var payload = idToken!.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
        using var json = JsonDocument.Parse(Convert.FromBase64String(payload));
        return json.RootElement.GetProperty("auth_time").GetInt64();
    }

    [SkippableFact]
    public async Task Prompt_none_without_a_sign_in_returns_login_required_to_the_client()
    {
        using var browser = await Api.BrowserAsync(api.DemoWorkspaceId);

        var redirect = await browser.RedirectOfAsync(browser.AuthorizeUrl(prompt: "none"));

        Assert.StartsWith(ApiHost.TestRedirectUri.ToString(), redirect.ToString());
        Assert.Equal("login_required", QueryHelpers.ParseQuery(redirect.Query)["error"].ToString());
    }

    [SkippableFact]
    public async Task Prompt_login_asks_a_signed_in_member_to_sign_in_again()
    {
        var email = NewEmail();
        await Api.CreateMemberAsync(api.DemoWorkspaceId, email, Password);
        using var browser = await api.BrowserAsync(api.DemoWorkspaceId);
        await browser.CodeAsync(email, Password);

        var signInPage = await browser.RedirectOfAsync(browser.AuthorizeUrl(prompt: "login"));
        using var signedIn = await browser.SubmitSignInAsync(signInPage, email, Password);
        var code = browser.CodeFrom(await browser.RedirectOfAsync(signedIn.Headers.Location!.ToString()));

        Assert.Equal("/account/signin", signInPage.AbsolutePath);
        Assert.DoesNotContain("prompt", QueryHelpers.ParseQuery(signInPage.Query)["returnUrl"].ToString());
        Assert.NotEmpty(code);
    }

    [SkippableFact]
    public async Task A_third_party_client_asks_for_consent_and_deny_returns_access_denied()
    {
        var email = NewEmail();
        await Api.CreateMemberAsync(api.DemoWorkspaceId, email, Password);
        var thirdParty = await api.CreateMemberClientAsync(api.DemoWorkspaceId, isThirdParty: true);
        using var browser = await api.BrowserAsync(api.DemoWorkspaceId, thirdParty);

        var signInPage = await browser.RedirectOfAsync(browser.AuthorizeUrl("openid contacts.read"));
        using var signedIn = await browser.SubmitSignInAsync(signInPage, email, Password);
        var consentPage = await browser.Http.GetStringAsync(signedIn.Headers.Location);
        using var denied = await browser.SubmitFormAsync(consentPage, "/connect/authorize", "consent", "deny");

        Assert.Contains("Allow Third-party app to access ContactBox?", consentPage);
        Assert.Contains("<ul><li>Know who you are (your sign-in)</li><li>Read your contacts, their timeline and follow-ups</li></ul>", consentPage);
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.StartsWith(ApiHost.TestRedirectUri.ToString(), denied.Headers.Location!.ToString());
        Assert.Equal("access_denied", QueryHelpers.ParseQuery(denied.Headers.Location!.Query)["error"].ToString());
    }

    [SkippableFact]
    public async Task The_demo_member_signs_in_with_the_generated_password()
    {
        var graphQL = await Api.DemoMemberGraphQLAsync();

        var me = await graphQL.QueryAsync("{ me { member { email roles } } }");

        Assert.Equal("""{"me":{"member":{"email":"admin@contactbox.example","roles":["MEMBER","DPO","ADMIN"]}}}""", me.GetRawText());
    }

    [SkippableFact]
    public async Task What_a_signed_in_member_writes_names_her_as_its_author()
    {
        var member = await Api.DemoMemberGraphQLAsync();
        var data = new TestData(member);

        var contactId = await data.PersonIdAsync("Autor", "Probe");
        await data.TimelineEntryAsync(contactId, "Anruf", "2026-01-05T10:00:00Z");
        var written = await member.QueryAsync(
            "query ($id: ID!) { contact(id: $id) { createdBy { name } updatedBy { name } timeline { nodes { author { name } } } } }", new { id = contactId });

        Assert.Equal("""{"contact":{"createdBy":{"name":"Demo Admin"},"updatedBy":{"name":"Demo Admin"},"timeline":{"nodes":[{"author":{"name":"Demo Admin"}}]}}}""", written.GetRawText());
    }

    [SkippableFact]
    public async Task Userinfo_names_the_member_as_far_as_the_scopes_allow()
    {
        var email = NewEmail();
        var memberId = await Api.CreateMemberAsync(api.DemoWorkspaceId, email, Password, MemberRoles.Admin);
        using var browser = await api.BrowserAsync(api.DemoWorkspaceId);
        var tokens = await browser.SignInAsync(email, Password, "openid email roles contacts.read");

        var userInfo = JsonDocument.Parse(await api.WithToken(tokens.AccessToken).GetStringAsync("/connect/userinfo")).RootElement;

        Assert.Equal(memberId.ToString(), userInfo.GetProperty("sub").GetString());
        Assert.Equal(email, userInfo.GetProperty("email").GetString());
        Assert.Equal(["MEMBER", "ADMIN"], userInfo.GetProperty("role").EnumerateArray().Select(r => r.GetString()));
        Assert.False(userInfo.TryGetProperty("name", out _));
    }

    [SkippableFact]
    public async Task After_end_session_the_member_must_sign_in_again()
    {
        var email = NewEmail();
        await Api.CreateMemberAsync(api.DemoWorkspaceId, email, Password);
        using var browser = await api.BrowserAsync(api.DemoWorkspaceId);
        var tokens = await browser.SignInAsync(email, Password);
        var stillSignedIn = await browser.RedirectOfAsync(browser.AuthorizeUrl());

        // With the member's own ID token as the hint the request is clearly hers: no confirmation page.
        await browser.RedirectOfAsync("/connect/endsession?id_token_hint=" + tokens.IdToken);
        var afterEnd = await browser.RedirectOfAsync(browser.AuthorizeUrl());

        Assert.StartsWith(ApiHost.TestRedirectUri.ToString(), stillSignedIn.ToString());
        Assert.Equal("/account/signin", afterEnd.AbsolutePath);
    }

    [SkippableFact]
    public async Task Password_hashes_and_lock_out_counters_cannot_be_filtered_on()
    {
        var response = await Api.GraphQL.SendAsync("""{ members(where: {passwordHash: {startsWith: "A"}}) { totalCount } }""");

        Assert.NotNull(response.Errors);
        Assert.Contains("passwordHash", response.Body.GetRawText());
    }

    private static string? Error(string body) => JsonDocument.Parse(body).RootElement.GetProperty("error").GetString();
}

public sealed class SqliteMemberSignInTests(SqliteApi api) : MemberSignInTests(api), IClassFixture<SqliteApi>;

public sealed class PostgreSqlMemberSignInTests(PostgresApi api) : MemberSignInTests(api), IClassFixture<PostgresApi>;
