using System.Net;
using System.Text.Json;
using ContactBox.Api.GraphQL.Relay;
using ContactBox.Api.Tests.Support;
using ContactBox.Domain.Auth;

namespace ContactBox.Api.Tests.Auth;

/// <summary>
/// Passwords after creation (an admin's one-time password, a member's own change), reactivation and editing a
/// client, over real HTTP with real tokens: each change is checked where it bites (sign-in, token, authorize, CORS).
/// </summary>
public abstract class MemberAdministrationTests(ApiHost api)
{
    private const string Password = "the member's first password";

    private const string Reset = """
        mutation($input: ResetMemberPasswordInput!) { resetMemberPassword(input: $input) {
          reset { oneTimePassword member { isActive mustChangePassword oneTimePasswordExpiresAt } }
          errors { __typename ... on Error { message } ... on ValidationError { field } } } }
        """;

    private const string ChangeMine = """
        mutation($input: ChangeMyPasswordInput!) { changeMyPassword(input: $input) {
          member { email mustChangePassword }
          errors { __typename ... on Error { message } ... on ValidationError { field } } } }
        """;

    private const string Update = """
        mutation($input: UpdateOAuthClientInput!) { updateOAuthClient(input: $input) {
          client { displayName allowedScopes redirectUris allowedOrigins isThirdParty }
          errors { __typename ... on Error { message } ... on ValidationError { field } } } }
        """;

    private ApiHost Api
    {
        get
        {
            api.SkipIfUnavailable();
            return api;
        }
    }

    private static string NewEmail() => $"a{Guid.NewGuid():N}"[..13] + "@example.de";

    [SkippableFact]
    public async Task A_reset_gives_a_one_time_password_the_old_one_and_the_tokens_stop_and_the_member_chooses_a_new_one()
    {
        var email = NewEmail();
        var id = GlobalId.Format("Member", await Api.CreateMemberAsync(api.DemoWorkspaceId, email, Password));
        using var before = await api.BrowserAsync(api.DemoWorkspaceId);
        var oldTokens = await before.SignInAsync(email, Password);

        var reset = await api.GraphQL.MutateAsync(Reset, "resetMemberPassword", "reset", new { input = new { id } });
        var oneTimePassword = reset.GetProperty("oneTimePassword").GetString()!;
        var withOldToken = await new GraphQLClient(api.WithToken(oldTokens.AccessToken)).SendAsync("{ me { roles } }");
        using var oldRefresh = await before.RefreshAsync(oldTokens.RefreshToken!);

        using var browser = await api.BrowserAsync(api.DemoWorkspaceId);
        var signInPage = await browser.RedirectOfAsync(browser.AuthorizeUrl());
        using var oldPassword = await browser.SubmitSignInAsync(signInPage, email, Password);
        using var oneTime = await browser.SubmitSignInAsync(signInPage, email, oneTimePassword);
        var choosePage = await oneTime.Content.ReadAsStringAsync();
        using var tooShort = await browser.SubmitFormAsync(choosePage, "/account/password", "newPassword", "short", new Dictionary<string, string> { ["confirmPassword"] = "short" });
        using var same = await browser.SubmitFormAsync(choosePage, "/account/password", "newPassword", oneTimePassword, new Dictionary<string, string> { ["confirmPassword"] = oneTimePassword });
        using var chosen = await browser.SubmitFormAsync(choosePage, "/account/password", "newPassword", "my very own new password", new Dictionary<string, string> { ["confirmPassword"] = "my very own new password" });
        var code = browser.CodeFrom(await browser.RedirectOfAsync(chosen.Headers.Location!.ToString()));
        var tokens = await MemberBrowser.ReadTokensAsync(await browser.RedeemCodeAsync(code));
        var me = await new GraphQLClient(api.WithToken(tokens.AccessToken)).QueryAsync("{ me { member { email mustChangePassword } } }");
        using var replayedTicket = await browser.SubmitFormAsync(choosePage, "/account/password", "newPassword", "another new password!", new Dictionary<string, string> { ["confirmPassword"] = "another new password!" });

        using var later = await api.BrowserAsync(api.DemoWorkspaceId);
        using var oneTimeAgain = await later.SubmitSignInAsync(await later.RedirectOfAsync(later.AuthorizeUrl()), email, oneTimePassword);
        var withNewPassword = await later.SignInAsync(email, "my very own new password");

        Assert.True(reset.GetProperty("member").GetProperty("mustChangePassword").GetBoolean());
        var expiresIn = reset.GetProperty("member").GetProperty("oneTimePasswordExpiresAt").GetDateTimeOffset() - DateTimeOffset.UtcNow;
        Assert.InRange(expiresIn, TimeSpan.FromDays(3) - TimeSpan.FromMinutes(5), TimeSpan.FromDays(3));
        Assert.Equal(16, oneTimePassword.Length);
        Assert.Equal((HttpStatusCode.Unauthorized, "AUTH_NOT_AUTHENTICATED"), (withOldToken.Status, withOldToken.FirstErrorCode));
        Assert.Equal(HttpStatusCode.BadRequest, oldRefresh.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, oldPassword.StatusCode);
        Assert.Equal(HttpStatusCode.OK, oneTime.StatusCode);
        Assert.Contains("<h1>Choose a new password</h1>", choosePage);
        Assert.DoesNotContain("<script", choosePage);
        Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
        Assert.Contains("A password needs at least 12 characters.", await tooShort.Content.ReadAsStringAsync());
        Assert.Contains("Choose a password different from the current one.", await same.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        Assert.Equal($$$$"""{"me":{"member":{"email":"{{{{email}}}}","mustChangePassword":false}}}""", me.GetRawText());
        Assert.Equal(HttpStatusCode.BadRequest, replayedTicket.StatusCode);
        Assert.Contains("The form has expired.", await replayedTicket.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, oneTimeAgain.StatusCode);
        Assert.NotEmpty(withNewPassword.AccessToken);
    }

    [SkippableFact]
    public async Task An_admin_cannot_reset_her_own_password_but_changes_it_herself()
    {
        var admin = await Api.DemoMemberGraphQLAsync();

        var own = await admin.QueryAsync(Reset, new { input = new { id = GlobalId.Format("Member", api.DemoMemberId) } });

        Assert.Equal("""{"resetMemberPassword":{"reset":null,"errors":[{"__typename":"ValidationError","message":"Change your own password with changeMyPassword.","field":"id"}]}}""", own.GetRawText());
    }

    [SkippableFact]
    public async Task A_one_time_password_not_used_in_time_opens_nothing()
    {
        var email = NewEmail();
        var memberId = await Api.CreateMemberAsync(api.DemoWorkspaceId, email, Password);
        var reset = await api.GraphQL.MutateAsync(Reset, "resetMemberPassword", "reset", new { input = new { id = GlobalId.Format("Member", memberId) } });

        // Three days later: the same hash, its validity over.
        await api.ChangeMemberAsync(api.DemoWorkspaceId, memberId, m => m.SetPasswordHash(m.PasswordHash!, DateTimeOffset.UtcNow.AddMinutes(-1)));
        using var browser = await api.BrowserAsync(api.DemoWorkspaceId);
        using var expired = await browser.SubmitSignInAsync(await browser.RedirectOfAsync(browser.AuthorizeUrl()), email, reset.GetProperty("oneTimePassword").GetString()!);

        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Contains("The e-mail address or the password is not correct.", await expired.Content.ReadAsStringAsync());
    }

    [SkippableFact]
    public async Task A_member_changes_her_own_password_with_the_current_one_and_a_client_cannot()
    {
        var email = NewEmail();
        await Api.CreateMemberAsync(api.DemoWorkspaceId, email, Password);
        using var elsewhere = await api.BrowserAsync(api.DemoWorkspaceId);
        var otherSession = await elsewhere.SignInAsync(email, Password);
        using var browser = await api.BrowserAsync(api.DemoWorkspaceId);
        var member = new GraphQLClient(api.WithToken((await browser.SignInAsync(email, Password)).AccessToken));

        var wrongCurrent = await member.QueryAsync(ChangeMine, new { input = new { currentPassword = "not my password", newPassword = "a brand new password" } });
        var tooShort = await member.QueryAsync(ChangeMine, new { input = new { currentPassword = Password, newPassword = "short" } });
        var changed = await member.MutateAsync(ChangeMine, "changeMyPassword", "member", new { input = new { currentPassword = Password, newPassword = "a brand new password" } });
        var byClient = await api.GraphQL.SendAsync(ChangeMine, new { input = new { currentPassword = Password, newPassword = "a brand new password" } });
        var thisSession = await member.SendAsync("{ me { roles } }");
        var otherAccess = await new GraphQLClient(api.WithToken(otherSession.AccessToken)).SendAsync("{ me { roles } }");
        using var otherRefresh = await elsewhere.RefreshAsync(otherSession.RefreshToken!);

        using var other = await api.BrowserAsync(api.DemoWorkspaceId);
        using var oldPassword = await other.SubmitSignInAsync(await other.RedirectOfAsync(other.AuthorizeUrl()), email, Password);
        var newPassword = await other.SignInAsync(email, "a brand new password");

        Assert.Equal("""{"changeMyPassword":{"member":null,"errors":[{"__typename":"ValidationError","message":"The current password is not correct.","field":"currentPassword"}]}}""", wrongCurrent.GetRawText());
        Assert.Equal("""{"changeMyPassword":{"member":null,"errors":[{"__typename":"ValidationError","message":"A password needs at least 12 characters.","field":"newPassword"}]}}""", tooShort.GetRawText());
        Assert.Equal($$"""{"email":"{{email}}","mustChangePassword":false}""", changed.GetRawText());
        Assert.Equal((HttpStatusCode.Forbidden, "AUTH_NOT_AUTHORIZED"), (byClient.Status, byClient.FirstErrorCode));
        Assert.Equal(HttpStatusCode.OK, thisSession.Status);
        Assert.Equal((HttpStatusCode.Unauthorized, "AUTH_NOT_AUTHENTICATED"), (otherAccess.Status, otherAccess.FirstErrorCode));
        Assert.Equal(HttpStatusCode.BadRequest, otherRefresh.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, oldPassword.StatusCode);
        Assert.NotEmpty(newPassword.AccessToken);
    }

    [SkippableFact]
    public async Task A_reactivated_member_can_sign_in_again()
    {
        var email = NewEmail();
        var id = GlobalId.Format("Member", await Api.CreateMemberAsync(api.DemoWorkspaceId, email, Password));
        await api.GraphQL.MutateAsync("mutation($input: DeactivateMemberInput!) { deactivateMember(input: $input) { member { id } errors { __typename } } }",
            "deactivateMember", "member", new { input = new { id } });
        using var whileInactive = await api.BrowserAsync(api.DemoWorkspaceId);
        using var refused = await whileInactive.SubmitSignInAsync(await whileInactive.RedirectOfAsync(whileInactive.AuthorizeUrl()), email, Password);

        var reactivated = await api.GraphQL.MutateAsync("mutation($input: ReactivateMemberInput!) { reactivateMember(input: $input) { member { isActive } errors { __typename } } }",
            "reactivateMember", "member", new { input = new { id } });
        using var browser = await api.BrowserAsync(api.DemoWorkspaceId);
        var tokens = await browser.SignInAsync(email, Password);
        var me = await new GraphQLClient(api.WithToken(tokens.AccessToken)).QueryAsync("{ me { member { email isActive } } }");

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("""{"isActive":true}""", reactivated.GetRawText());
        Assert.Equal($$$$"""{"me":{"member":{"email":"{{{{email}}}}","isActive":true}}}""", me.GetRawText());
    }

    [SkippableFact]
    public async Task Editing_a_member_client_takes_effect_at_authorize_at_CORS_and_at_refresh()
    {
        var kept = new Uri("https://app.example.com/callback");
        var removed = new Uri("https://old.example.com/callback");
        var registration = await Api.GraphQL.MutateAsync(
            "mutation($input: RegisterOAuthClientInput!) { registerOAuthClient(input: $input) { registration { client { id clientId } } errors { __typename } } }",
            "registerOAuthClient", "registration", new
            {
                input = new
                {
                    displayName = "Web app", kind = "PUBLIC", scopes = new[] { "contacts.read", "contacts.write" },
                    redirectUris = new[] { kept.ToString(), removed.ToString() }, allowedOrigins = new[] { "https://app.example.com", "https://old.example.com" },
                },
            });
        var id = registration.GetProperty("client").GetProperty("id").GetString();
        var clientId = registration.GetProperty("client").GetProperty("clientId").GetString()!;
        var email = NewEmail();
        await api.CreateMemberAsync(api.DemoWorkspaceId, email, Password);
        using var before = new MemberBrowser(api.BaseAddress, clientId, removed);
        var beforeTokens = await before.SignInAsync(email, Password, "openid offline_access contacts.read contacts.write");

        var updated = await api.GraphQL.MutateAsync(Update, "updateOAuthClient", "client", new
        {
            input = new { id, displayName = "Web app 2", scopes = new[] { "contacts.read" }, redirectUris = new[] { kept.ToString() }, allowedOrigins = new[] { "https://app.example.com" } },
        });

        using var oldRedirect = await new MemberBrowser(api.BaseAddress, clientId, removed).Http.GetAsync(before.AuthorizeUrl("openid contacts.read"));
        using var keptBrowser = new MemberBrowser(api.BaseAddress, clientId, kept);
        using var removedScope = await keptBrowser.Http.GetAsync(keptBrowser.AuthorizeUrl("openid contacts.read contacts.write"));
        var afterTokens = await keptBrowser.SignInAsync(email, Password, "openid offline_access contacts.read");
        var me = await new GraphQLClient(api.WithToken(afterTokens.AccessToken)).QueryAsync("{ me { scopes } }");
        using var oldRefresh = await before.RefreshAsync(beforeTokens.RefreshToken!);
        var oldAccess = await new GraphQLClient(api.WithToken(beforeTokens.AccessToken)).SendAsync("{ me { scopes } }");
        using var keptOrigin = await PreflightAsync("https://app.example.com");
        using var removedOrigin = await PreflightAsync("https://old.example.com");

        Assert.Equal("""{"displayName":"Web app 2","allowedScopes":["contacts.read"],"redirectUris":["https://app.example.com/callback"],"allowedOrigins":["https://app.example.com"],"isThirdParty":false}""", updated.GetRawText());
        Assert.Equal(HttpStatusCode.BadRequest, oldRedirect.StatusCode);
        Assert.Contains("redirect_uri", await oldRedirect.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, removedScope.StatusCode);
        Assert.Contains("This client application is not allowed to use the specified scope.", await removedScope.Content.ReadAsStringAsync());
        Assert.Equal("""{"me":{"scopes":["contacts.read","offline_access","openid"]}}""", me.GetRawText());
        Assert.Equal(HttpStatusCode.BadRequest, oldRefresh.StatusCode);
        Assert.Equal((HttpStatusCode.Unauthorized, "AUTH_NOT_AUTHENTICATED"), (oldAccess.Status, oldAccess.FirstErrorCode));
        Assert.Equal("https://app.example.com", keptOrigin.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(removedOrigin.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [SkippableFact]
    public async Task A_client_credentials_client_loses_a_scope_and_bad_edits_are_refused_with_their_field()
    {
        var client = await Api.CreateClientAsync(api.DemoWorkspaceId, [AuthScopes.ContactsRead, AuthScopes.Export]);
        var oldToken = await api.TokenAsync(client);
        var id = await ClientIdAsync(client.ClientId);

        var updated = await api.GraphQL.MutateAsync(Update, "updateOAuthClient", "client", new { input = new { id, scopes = new[] { "contacts.read" } } });
        using var removedScope = await api.RequestTokenAsync(client, "export");
        var me = await new GraphQLClient(api.WithToken(await api.TokenAsync(client))).QueryAsync("{ me { scopes } }");
        var oldAccess = await new GraphQLClient(api.WithToken(oldToken)).SendAsync("{ me { scopes } }");
        var unknownScope = await api.GraphQL.QueryAsync(Update, new { input = new { id, scopes = new[] { "everything" } } });
        var redirectUris = await api.GraphQL.QueryAsync(Update, new { input = new { id, redirectUris = new[] { "https://app.example.com/cb" } } });
        var noName = await api.GraphQL.QueryAsync(Update, new { input = new { id, displayName = (string?)null } });
        var unchanged = await api.GraphQL.QueryAsync("{ oauthClients(first: 100) { nodes { clientId displayName allowedScopes redirectUris } } }");

        Assert.Equal("""{"displayName":"Test client","allowedScopes":["contacts.read"],"redirectUris":[],"allowedOrigins":[],"isThirdParty":false}""", updated.GetRawText());
        Assert.Equal(HttpStatusCode.BadRequest, removedScope.StatusCode);
        Assert.Equal("""{"me":{"scopes":["contacts.read"]}}""", me.GetRawText());
        Assert.Equal((HttpStatusCode.Unauthorized, "AUTH_NOT_AUTHENTICATED"), (oldAccess.Status, oldAccess.FirstErrorCode));
        Assert.Equal("""{"updateOAuthClient":{"client":null,"errors":[{"__typename":"ValidationError","message":"Unknown scopes: everything.","field":"scopes"}]}}""", unknownScope.GetRawText());
        Assert.Equal("""{"updateOAuthClient":{"client":null,"errors":[{"__typename":"ValidationError","message":"This client uses client credentials and signs no members in: register a new client for that.","field":"redirectUris"}]}}""", redirectUris.GetRawText());
        Assert.Equal("""{"updateOAuthClient":{"client":null,"errors":[{"__typename":"ValidationError","message":"displayName is required.","field":"displayName"}]}}""", noName.GetRawText());
        Assert.Contains($$"""{"clientId":"{{client.ClientId}}","displayName":"Test client","allowedScopes":["contacts.read"],"redirectUris":[]}""",
            unchanged.GetProperty("oauthClients").GetProperty("nodes").EnumerateArray().Select(n => n.GetRawText()));
    }

    [SkippableFact]
    public async Task Another_workspace_finds_neither_the_members_nor_the_clients_nor_the_consents_and_changes_nothing()
    {
        var email = NewEmail();
        var memberId = GlobalId.Format("Member", await Api.CreateMemberAsync(api.DemoWorkspaceId, email, Password));
        var client = await api.CreateClientAsync(api.DemoWorkspaceId, [AuthScopes.ContactsRead]);
        var clientId = await ClientIdAsync(client.ClientId);
        var other = await api.CreateWorkspaceAsync("Other " + Guid.NewGuid().ToString("N"));
        var otherAdmin = new GraphQLClient(api.WithToken(await api.TokenAsync(await api.CreateClientAsync(other, AuthScopes.All))));
        var otherEmail = NewEmail();
        await api.CreateMemberAsync(other, otherEmail, Password);
        using var otherBrowser = await api.BrowserAsync(other);
        var otherMember = new GraphQLClient(api.WithToken((await otherBrowser.SignInAsync(otherEmail, Password)).AccessToken));

        var attempts = new[]
        {
            await otherAdmin.QueryAsync("mutation($id: ID!) { resetMemberPassword(input: { id: $id }) { errors { __typename } } }", new { id = memberId }),
            await otherAdmin.QueryAsync("mutation($id: ID!) { reactivateMember(input: { id: $id }) { errors { __typename } } }", new { id = memberId }),
            await otherAdmin.QueryAsync("mutation($id: ID!) { updateOAuthClient(input: { id: $id, scopes: [] }) { errors { __typename } } }", new { id = clientId }),
            await otherMember.QueryAsync("mutation($id: String!) { revokeMyConsent(input: { clientId: $id }) { errors { __typename } } }", new { id = client.ClientId }),
        };
        using var browser = await api.BrowserAsync(api.DemoWorkspaceId);
        var stillSignsIn = await browser.SignInAsync(email, Password);
        var stillScoped = await new GraphQLClient(api.WithToken(await api.TokenAsync(client))).QueryAsync("{ me { scopes } }");

        Assert.All(attempts, a => Assert.Equal("""[{"__typename":"NotFoundError"}]""", a.EnumerateObject().Single().Value.GetProperty("errors").GetRawText()));
        Assert.NotEmpty(stillSignsIn.AccessToken);
        Assert.Equal("""{"me":{"scopes":["contacts.read"]}}""", stillScoped.GetRawText());
    }

    private async Task<HttpResponseMessage> PreflightAsync(string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/graphql");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        return await api.Anonymous.SendAsync(request);
    }

    private async Task<string> ClientIdAsync(string clientId)
    {
        var list = await api.GraphQL.QueryAsync("{ oauthClients(first: 100) { nodes { id clientId } } }");
        return list.GetProperty("oauthClients").GetProperty("nodes").EnumerateArray()
            .Single(n => n.GetProperty("clientId").GetString() == clientId).GetProperty("id").GetString()!;
    }
}

public sealed class SqliteMemberAdministrationTests(SqliteApi api) : MemberAdministrationTests(api), IClassFixture<SqliteApi>;

public sealed class PostgreSqlMemberAdministrationTests(PostgresApi api) : MemberAdministrationTests(api), IClassFixture<PostgresApi>;
