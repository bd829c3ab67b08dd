using System.Net;
using System.Text.Json;
using ContactBox.Api.GraphQL.Relay;
using ContactBox.Api.Tests.Support;
using ContactBox.Domain.Auth;
using ContactBox.Domain.Members;
using ContactBox.Infrastructure.Auth;

namespace ContactBox.Api.Tests.Auth;

/// <summary>The admin mutations over real HTTP with real tokens: who may use them, what they change, and workspaces.</summary>
public abstract class AdminTests(ApiHost api)
{
    private const string CreateMember = """
        mutation($input: CreateMemberInput!) { createMember(input: $input) {
          member { name email roles isActive lastSignInAt }
          errors { __typename ... on Error { message } ... on ValidationError { field } } } }
        """;

    private const string RegisterClient = """
        mutation($input: RegisterOAuthClientInput!) { registerOAuthClient(input: $input) {
          registration { clientSecret client { id clientId displayName kind isThirdParty allowedScopes revokedAt } }
          errors { __typename ... on Error { message } } } }
        """;

    private ApiHost Api
    {
        get
        {
            api.SkipIfUnavailable();
            return api;
        }
    }

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}@example.com";

    [SkippableFact]
    public async Task An_admin_member_creates_a_member_who_can_then_sign_in()
    {
        var admin = await Api.DemoMemberGraphQLAsync();
        var email = Unique("new");

        var member = await admin.MutateAsync(CreateMember, "createMember", "member",
            new { input = new { name = "New Person", email, roles = new[] { "DPO" }, password = "a long enough password" } });
        using var browser = await api.BrowserAsync(api.DemoWorkspaceId);
        var tokens = await browser.SignInAsync(email, "a long enough password");
        var me = await new GraphQLClient(api.WithToken(tokens.AccessToken)).QueryAsync("{ me { roles } }");

        Assert.Equal($$"""{"name":"New Person","email":"{{email}}","roles":["MEMBER","DPO"],"isActive":true,"lastSignInAt":null}""", member.GetRawText());
        Assert.Equal("""{"me":{"roles":["MEMBER","DPO"]}}""", me.GetRawText());
    }

    [SkippableFact]
    public async Task A_member_without_a_password_cannot_sign_in_and_a_short_password_is_refused()
    {
        var email = Unique("nopass");

        await Api.GraphQL.MutateAsync(CreateMember, "createMember", "member", new { input = new { name = "No Password", email, roles = new[] { "MEMBER" } } });
        using var browser = await api.BrowserAsync(api.DemoWorkspaceId);
        using var code = await browser.SubmitSignInAsync(await browser.RedirectOfAsync(browser.AuthorizeUrl()), email, "anything at all here");
        var shortPassword = await api.GraphQL.QueryAsync(CreateMember, new { input = new { name = "Short", email = Unique("short"), roles = new[] { "MEMBER" }, password = "short" } });

        Assert.Equal(HttpStatusCode.Unauthorized, code.StatusCode);
        Assert.Equal("""{"createMember":{"member":null,"errors":[{"__typename":"ValidationError","message":"A password needs at least 12 characters.","field":"password"}]}}""", shortPassword.GetRawText());
    }

    [SkippableFact]
    public async Task Roles_change_and_a_deactivated_member_cannot_sign_in_and_their_token_stops_working()
    {
        var email = Unique("changed");
        var memberId = await Api.CreateMemberAsync(api.DemoWorkspaceId, email, "the member's password");
        var id = GlobalId.Format("Member", memberId);
        using var before = await api.BrowserAsync(api.DemoWorkspaceId);
        var memberGraphQL = new GraphQLClient(api.WithToken((await before.SignInAsync(email, "the member's password")).AccessToken));

        var changed = await api.GraphQL.MutateAsync("mutation($input: ChangeMemberRolesInput!) { changeMemberRoles(input: $input) { member { id roles } errors { __typename } } }",
            "changeMemberRoles", "member", new { input = new { id, roles = new[] { "ADMIN" } } });
        var deactivated = await api.GraphQL.MutateAsync("mutation($input: DeactivateMemberInput!) { deactivateMember(input: $input) { member { id isActive } errors { __typename } } }",
            "deactivateMember", "member", new { input = new { id } });
        using var browser = await api.BrowserAsync(api.DemoWorkspaceId);
        using var signIn = await browser.SubmitSignInAsync(await browser.RedirectOfAsync(browser.AuthorizeUrl()), email, "the member's password");
        var withOldToken = await memberGraphQL.SendAsync("{ me { roles } }");

        Assert.Equal($$"""{"id":"{{id}}","roles":["MEMBER","ADMIN"]}""", changed.GetRawText());
        Assert.Equal($$"""{"id":"{{id}}","isActive":false}""", deactivated.GetRawText());
        Assert.Equal(HttpStatusCode.Unauthorized, signIn.StatusCode);
        Assert.Equal((HttpStatusCode.Unauthorized, "AUTH_NOT_AUTHENTICATED"), (withOldToken.Status, withOldToken.FirstErrorCode));
    }

    [SkippableFact]
    public async Task A_role_change_ends_the_members_access_tokens_and_a_refresh_carries_the_new_roles()
    {
        var email = Unique("promoted");
        var memberId = await Api.CreateMemberAsync(api.DemoWorkspaceId, email, "the member's password");
        using var browser = await api.BrowserAsync(api.DemoWorkspaceId);
        var tokens = await browser.SignInAsync(email, "the member's password");
        var before = await new GraphQLClient(api.WithToken(tokens.AccessToken)).QueryAsync("{ me { roles } }");
        var otherMember = await api.DemoMemberGraphQLAsync();

        await api.GraphQL.MutateAsync("mutation($input: ChangeMemberRolesInput!) { changeMemberRoles(input: $input) { member { id } errors { __typename } } }",
            "changeMemberRoles", "member", new { input = new { id = GlobalId.Format("Member", memberId), roles = new[] { "ADMIN" } } });
        var withOldToken = await new GraphQLClient(api.WithToken(tokens.AccessToken)).SendAsync("{ me { roles } }");
        using var refreshed = await browser.RefreshAsync(tokens.RefreshToken!);
        var after = await new GraphQLClient(api.WithToken((await MemberBrowser.ReadTokensAsync(refreshed)).AccessToken)).QueryAsync("{ me { roles } }");
        var someoneElse = await otherMember.QueryAsync("{ me { roles } }");

        Assert.Equal("""{"me":{"roles":["MEMBER"]}}""", before.GetRawText());
        Assert.Equal((HttpStatusCode.Unauthorized, "AUTH_NOT_AUTHENTICATED"), (withOldToken.Status, withOldToken.FirstErrorCode));
        Assert.Equal("""{"me":{"roles":["MEMBER","ADMIN"]}}""", after.GetRawText());
        Assert.Equal("""{"me":{"roles":["MEMBER","DPO","ADMIN"]}}""", someoneElse.GetRawText()); // another member's token still works
    }

    [SkippableFact]
    public async Task A_secret_is_shown_once_and_after_rotation_only_the_new_one_works()
    {
        var registration = await Api.GraphQL.MutateAsync(RegisterClient, "registerOAuthClient", "registration",
            new { input = new { displayName = "Partner", kind = "CONFIDENTIAL", scopes = new[] { "contacts.read" }, isThirdParty = false } });
        var client = registration.GetProperty("client");
        var first = new ClientCredentials(client.GetProperty("clientId").GetString()!, registration.GetProperty("clientSecret").GetString()!);
        var token = await api.TokenAsync(first);
        var me = await new GraphQLClient(api.WithToken(token)).QueryAsync("{ me { scopes } }");

        var rotated = await api.GraphQL.MutateAsync("mutation($input: RotateOAuthClientSecretInput!) { rotateOAuthClientSecret(input: $input) { registration { clientSecret client { clientId } } errors { __typename } } }",
            "rotateOAuthClientSecret", "registration", new { input = new { id = client.GetProperty("id").GetString() } });
        var second = first with { ClientSecret = rotated.GetProperty("clientSecret").GetString()! };
        using var old = await api.RequestTokenAsync(first);
        using var fresh = await api.RequestTokenAsync(second);

        Assert.Equal($$"""{"id":"{{client.GetProperty("id").GetString()}}","clientId":"{{first.ClientId}}","displayName":"Partner","kind":"CONFIDENTIAL","isThirdParty":false,"allowedScopes":["contacts.read"],"revokedAt":null}""", client.GetRawText());
        Assert.Equal("""{"me":{"scopes":["contacts.read"]}}""", me.GetRawText());
        Assert.NotEqual(first.ClientSecret, second.ClientSecret);
        Assert.Equal(HttpStatusCode.Unauthorized, old.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
    }

    [SkippableFact]
    public async Task A_public_client_gets_no_secret_and_is_listed()
    {
        var registration = await Api.GraphQL.MutateAsync(RegisterClient, "registerOAuthClient", "registration",
            new { input = new { displayName = "Browser app", kind = "PUBLIC", scopes = new[] { "contacts.read" }, redirectUris = new[] { "https://app.example.com/callback" }, isThirdParty = true } });
        var clientId = registration.GetProperty("client").GetProperty("clientId").GetString();
        var list = await api.GraphQL.QueryAsync("{ oauthClients(first: 100) { nodes { clientId kind isThirdParty } } }");

        Assert.Equal(JsonValueKind.Null, registration.GetProperty("clientSecret").ValueKind);
        Assert.Contains($$"""{"clientId":"{{clientId}}","kind":"PUBLIC","isThirdParty":true}""", list.GetProperty("oauthClients").GetProperty("nodes").EnumerateArray().Select(n => n.GetRawText()));
    }

    [SkippableFact]
    public async Task A_revoked_client_token_stops_working()
    {
        var client = await Api.CreateClientAsync(api.DemoWorkspaceId, [AuthScopes.ContactsRead]);
        var graphQL = new GraphQLClient(api.WithToken(await api.TokenAsync(client)));
        var id = await ClientIdAsync(client.ClientId);

        var revoked = await api.GraphQL.MutateAsync("mutation($input: RevokeOAuthClientInput!) { revokeOAuthClient(input: $input) { client { clientId revokedAt } errors { __typename } } }",
            "revokeOAuthClient", "client", new { input = new { id } });
        var response = await graphQL.SendAsync("{ contacts { totalCount } }");

        Assert.Equal(client.ClientId, revoked.GetProperty("clientId").GetString());
        Assert.NotEqual(JsonValueKind.Null, revoked.GetProperty("revokedAt").ValueKind);
        Assert.Equal((HttpStatusCode.Unauthorized, "AUTH_NOT_AUTHENTICATED"), (response.Status, response.FirstErrorCode));
    }

    [SkippableFact]
    public async Task A_plain_member_and_a_client_without_admin_are_not_authorized_and_nothing_changes()
    {
        var email = Unique("plain");
        await Api.CreateMemberAsync(api.DemoWorkspaceId, email, "the plain password");
        using var browser = await api.BrowserAsync(api.DemoWorkspaceId);
        var plainMember = new GraphQLClient(api.WithToken((await browser.SignInAsync(email, "the plain password")).AccessToken));
        var client = await api.CreateClientAsync(api.DemoWorkspaceId, AuthScopes.All.Except([AuthScopes.Admin]).ToList());
        var plainClient = new GraphQLClient(api.WithToken(await api.TokenAsync(client)));
        var victim = Unique("victim");
        var input = new { input = new { name = "Should Not Exist", email = victim, roles = new[] { "ADMIN" } } };

        var byMember = await plainMember.SendAsync(CreateMember, input);
        var byClient = await plainClient.SendAsync(CreateMember, input);
        var members = await api.GraphQL.QueryAsync("{ members(first: 100) { nodes { email } } }");

        Assert.Equal((HttpStatusCode.Forbidden, "AUTH_NOT_AUTHORIZED"), (byMember.Status, byMember.FirstErrorCode));
        Assert.Equal((HttpStatusCode.Forbidden, "AUTH_NOT_AUTHORIZED"), (byClient.Status, byClient.FirstErrorCode));
        Assert.DoesNotContain(victim, members.GetProperty("members").GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("email").GetString()));
    }

    [SkippableFact]
    public async Task Another_workspace_admin_finds_neither_members_nor_clients()
    {
        var other = await Api.CreateWorkspaceAsync("Other " + Guid.NewGuid().ToString("N"));
        var otherAdmin = new GraphQLClient(api.WithToken(await api.TokenAsync(await api.CreateClientAsync(other, AuthScopes.All))));
        var memberId = GlobalId.Format("Member", await api.CreateMemberAsync(api.DemoWorkspaceId, Unique("kept"), "the kept password"));
        var client = await api.CreateClientAsync(api.DemoWorkspaceId, [AuthScopes.ContactsRead]);
        var clientId = await ClientIdAsync(client.ClientId);

        var deactivate = await otherAdmin.QueryAsync("mutation($input: DeactivateMemberInput!) { deactivateMember(input: $input) { member { id } errors { __typename } } }", new { input = new { id = memberId } });
        var revoke = await otherAdmin.QueryAsync("mutation($input: RevokeOAuthClientInput!) { revokeOAuthClient(input: $input) { client { clientId } errors { __typename } } }", new { input = new { id = clientId } });
        var stillWorks = await api.RequestTokenAsync(client);

        Assert.Equal("""{"deactivateMember":{"member":null,"errors":[{"__typename":"NotFoundError"}]}}""", deactivate.GetRawText());
        Assert.Equal("""{"revokeOAuthClient":{"client":null,"errors":[{"__typename":"NotFoundError"}]}}""", revoke.GetRawText());
        Assert.Equal(HttpStatusCode.OK, stillWorks.StatusCode);
    }

    [SkippableFact]
    public async Task Only_a_registered_client_origin_passes_the_cors_preflight()
    {
        var registration = await Api.GraphQL.MutateAsync(RegisterClient.Replace("revokedAt", "revokedAt allowedOrigins"), "registerOAuthClient", "registration",
            new { input = new { displayName = "SPA", kind = "PUBLIC", scopes = new[] { "contacts.read" }, redirectUris = new[] { "https://spa.example.com/callback" }, allowedOrigins = new[] { "https://SPA.example.com:8443" } } });
        var invalid = await api.GraphQL.QueryAsync(RegisterClient,
            new { input = new { displayName = "Bad", kind = "PUBLIC", scopes = new[] { "contacts.read" }, redirectUris = new[] { "https://spa.example.com/callback" }, allowedOrigins = new[] { "https://spa.example.com/path" } } });

        using var allowed = await PreflightAsync("https://spa.example.com:8443");
        using var other = await PreflightAsync("https://evil.example.com");

        Assert.Equal("""["https://spa.example.com:8443"]""", registration.GetProperty("client").GetProperty("allowedOrigins").GetRawText());
        Assert.Equal("""{"registerOAuthClient":{"registration":null,"errors":[{"__typename":"ValidationError","message":"Not an origin (scheme://host[:port]): https://spa.example.com/path"}]}}""", invalid.GetRawText());
        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Equal("https://spa.example.com:8443", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private async Task<HttpResponseMessage> PreflightAsync(string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/graphql");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");
        return await api.Anonymous.SendAsync(request);
    }

    private async Task<string> ClientIdAsync(string clientId)
    {
        var list = await api.GraphQL.QueryAsync("{ oauthClients(first: 100) { nodes { id clientId } } }");
        return list.GetProperty("oauthClients").GetProperty("nodes").EnumerateArray()
            .Single(n => n.GetProperty("clientId").GetString() == clientId).GetProperty("id").GetString()!;
    }
}

public sealed class SqliteAdminTests(SqliteApi api) : AdminTests(api), IClassFixture<SqliteApi>;

public sealed class PostgreSqlAdminTests(PostgresApi api) : AdminTests(api), IClassFixture<PostgresApi>;
