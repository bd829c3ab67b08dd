using System.Net;
using System.Text.Json;
using ContactBox.Api.GraphQL;
using ContactBox.Api.Tests.Support;
using ContactBox.Domain.Auth;
using GraphQL.Types;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;

namespace ContactBox.Api.Tests.Auth;

/// <summary>OAuth 2.0 client credentials against the real server: tokens, their scopes and every way a token fails.</summary>
public abstract class ClientCredentialsTests(ApiHost api)
{
    private ApiHost Api
    {
        get
        {
            api.SkipIfUnavailable();
            return api;
        }
    }

    [SkippableFact]
    public async Task Discovery_lists_the_token_endpoint_and_no_password_or_implicit_grant()
    {
        var discovery = JsonDocument.Parse(await Api.Anonymous.GetStringAsync("/.well-known/openid-configuration")).RootElement;

        Assert.Equal(new Uri(api.BaseAddress, "connect/token").ToString(), discovery.GetProperty("token_endpoint").GetString());
        Assert.Equal(new Uri(api.BaseAddress, "connect/introspect").ToString(), discovery.GetProperty("introspection_endpoint").GetString());
        Assert.Equal(new Uri(api.BaseAddress, "connect/revoke").ToString(), discovery.GetProperty("revocation_endpoint").GetString());
        Assert.Equal(["authorization_code", "client_credentials", "refresh_token"], discovery.GetProperty("grant_types_supported").EnumerateArray().Select(g => g.GetString()).Order(StringComparer.Ordinal));
        Assert.True(discovery.TryGetProperty("jwks_uri", out _));
    }

    [SkippableFact]
    public async Task A_client_gets_a_token_for_its_workspace_and_introspection_says_so()
    {
        var workspaceId = await Api.CreateWorkspaceAsync("Introspected");
        var client = await api.CreateClientAsync(workspaceId, [AuthScopes.ContactsRead, AuthScopes.Export]);

        var token = await api.TokenAsync(client);
        using var introspection = await api.Anonymous.PostAsync("/connect/introspect", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = token, ["client_id"] = client.ClientId, ["client_secret"] = client.ClientSecret,
        }));
        var claims = JsonDocument.Parse(await introspection.Content.ReadAsStringAsync()).RootElement;
        var me = await new GraphQLClient(api.WithToken(token)).QueryAsync("{ me { member { id } client { clientId kind } workspace { name } scopes roles } }");

        Assert.True(claims.GetProperty("active").GetBoolean());
        Assert.Equal(client.ClientId, claims.GetProperty("sub").GetString());
        Assert.Equal(workspaceId.ToString(), claims.GetProperty("workspace").GetString());
        Assert.Equal("client", claims.GetProperty("actor_type").GetString());
        Assert.Equal($$$"""{"me":{"member":null,"client":{"clientId":"{{{client.ClientId}}}","kind":"CONFIDENTIAL"},"workspace":{"name":"Introspected"},"scopes":["contacts.read","export"],"roles":[]}}""", me.GetRawText());
    }

    [SkippableFact]
    public async Task A_token_carries_the_requested_scopes_and_a_scope_the_client_may_not_have_is_refused()
    {
        var client = await Api.CreateClientAsync(api.DemoWorkspaceId, [AuthScopes.ContactsRead, AuthScopes.Export]);

        var narrow = await api.TokenAsync(client, "contacts.read");
        var me = await new GraphQLClient(api.WithToken(narrow)).QueryAsync("{ me { scopes } }");
        using var refused = await api.RequestTokenAsync(client, "contacts.read contacts.write");

        Assert.Equal("""{"me":{"scopes":["contacts.read"]}}""", me.GetRawText());
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        // OpenIddict answers a scope outside the client's permissions with invalid_request.
        Assert.Equal("invalid_request", JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
    }

    [SkippableFact]
    public async Task A_token_this_server_signed_for_another_resource_server_is_not_authenticated()
    {
        // Another resource server shares this authorization server: its scope is in OpenIddict's scope store, and an
        // operator permitted the client to ask for it, as OpenIddict's own applications and scopes are set up.
        var scope = "reports.read." + Guid.NewGuid().ToString("N")[..8];
        var client = await Api.CreateClientAsync(api.DemoWorkspaceId, [AuthScopes.ContactsRead]);
        await using (var services = api.Services.CreateAsyncScope())
        {
            await services.ServiceProvider.GetRequiredService<IOpenIddictScopeManager>()
                .CreateAsync(new OpenIddictScopeDescriptor { Name = scope, Resources = { "reports-api" } });
            var applications = services.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
            var application = await applications.FindByClientIdAsync(client.ClientId) ?? throw new InvalidOperationException("No application.");
            var descriptor = new OpenIddictApplicationDescriptor();
            await applications.PopulateAsync(descriptor, application);
            descriptor.Permissions.Add(OpenIddictConstants.Permissions.Prefixes.Scope + scope);
            await applications.UpdateAsync(application, descriptor);
        }

        var foreign = await api.TokenAsync(client, scope);
        var own = await api.TokenAsync(client, AuthScopes.ContactsRead);
        var foreignClaims = await IntrospectAsync(client, foreign);
        var ownClaims = await IntrospectAsync(client, own);
        var refused = await new GraphQLClient(api.WithToken(foreign)).SendAsync("{ me { scopes } }");
        var accepted = await new GraphQLClient(api.WithToken(own)).SendAsync("{ me { scopes } }");

        // Both are valid tokens of this server for the same client; only the audience differs.
        Assert.True(foreignClaims.GetProperty("active").GetBoolean());
        Assert.Equal("reports-api", foreignClaims.GetProperty("aud").GetString());
        Assert.Equal("contactbox-api", ownClaims.GetProperty("aud").GetString());
        Assert.Equal((HttpStatusCode.Unauthorized, "AUTH_NOT_AUTHENTICATED"), (refused.Status, refused.FirstErrorCode));
        Assert.Equal("""{"data":{"me":{"scopes":["contacts.read"]}}}""", accepted.Body.GetRawText());
    }

    private async Task<JsonElement> IntrospectAsync(ContactBox.Infrastructure.Auth.ClientCredentials client, string token)
    {
        using var introspection = await api.Anonymous.PostAsync("/connect/introspect", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = token, ["client_id"] = client.ClientId, ["client_secret"] = client.ClientSecret,
        }));
        return JsonDocument.Parse(await introspection.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    [SkippableFact]
    public async Task A_wrong_secret_gets_no_token()
    {
        var client = await Api.CreateClientAsync(api.DemoWorkspaceId, AuthScopes.All);

        using var response = await api.RequestTokenAsync(client with { ClientSecret = "wrong" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_client", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
    }

    [SkippableFact]
    public async Task Every_root_field_without_a_token_is_not_authenticated()
    {
        var schema = Api.Services.GetRequiredService<ContactBoxSchema>();
        schema.Initialize();
        var anonymous = new GraphQLClient(api.Anonymous);
        var roots = new (string Operation, IObjectGraphType Type)[] { ("query", schema.Query), ("mutation", schema.Mutation!) };

        foreach (var (operation, type) in roots)
        {
            foreach (var field in type.Fields)
            {
                // The document need not be otherwise valid: the refusal names the field whatever else is wrong with it.
                var response = await anonymous.SendAsync($"{operation} {{ {field.Name} {{ __typename }} }}");

                Assert.False(response.Body.TryGetProperty("data", out _), $"{type.Name}.{field.Name} was executed without a token.");
                Assert.Contains(response.Errors!.Value.EnumerateArray(), e =>
                    e.GetProperty("extensions").GetProperty("code").GetString() == "AUTH_NOT_AUTHENTICATED"
                    && e.GetProperty("message").GetString()!.Contains($"{type.Name}.{field.Name} ", StringComparison.Ordinal));
            }
        }
    }

    [SkippableFact]
    public async Task A_request_without_a_token_gets_401_with_a_bearer_challenge()
    {
        var response = await new GraphQLClient(Api.Anonymous).SendAsync("{ contacts { totalCount } }");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal(("AUTH_NOT_AUTHENTICATED", "The field Query.contacts needs a valid access token (Authorization: Bearer …)."), (response.FirstErrorCode, response.FirstErrorMessage));
    }

    [SkippableFact]
    public async Task A_tampered_token_is_not_authenticated()
    {
        var token = Api.AccessToken;
        var middle = token.Length / 2;
        var tampered = token[..middle] + (token[middle] == 'A' ? 'B' : 'A') + token[(middle + 1)..];

        var response = await new GraphQLClient(api.WithToken(tampered)).SendAsync("{ contacts { totalCount } }");

        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
        Assert.Equal("AUTH_NOT_AUTHENTICATED", response.FirstErrorCode);
    }

    [SkippableFact]
    public async Task A_revoked_token_stops_working()
    {
        var client = await Api.CreateClientAsync(api.DemoWorkspaceId, AuthScopes.All);
        var token = await api.TokenAsync(client);
        var graphQL = new GraphQLClient(api.WithToken(token));
        var before = await graphQL.SendAsync("{ me { scopes } }");

        using var revocation = await api.Anonymous.PostAsync("/connect/revoke", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["token"] = token, ["token_type_hint"] = "access_token", ["client_id"] = client.ClientId, ["client_secret"] = client.ClientSecret,
        }));
        var after = await graphQL.SendAsync("{ me { scopes } }");

        Assert.Equal(HttpStatusCode.OK, before.Status);
        Assert.Equal(HttpStatusCode.OK, revocation.StatusCode);
        Assert.Equal((HttpStatusCode.Unauthorized, "AUTH_NOT_AUTHENTICATED"), (after.Status, after.FirstErrorCode));
    }

    [SkippableFact]
    public async Task A_token_signed_and_encrypted_with_the_servers_keys_but_without_a_token_entry_id_is_refused()
    {
        var client = await Api.CreateClientAsync(api.DemoWorkspaceId, AuthScopes.All);
        var issued = await api.TokenAsync(client);
        // The issued token's claims, re-issued with the server's own keys: once as they are (a control that the copy is
        // a token the API accepts), once without the entry ID that ties it to the token table.
        var server = api.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<OpenIddict.Server.OpenIddictServerOptions>>().CurrentValue;
        var handler = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler();
        var read = await handler.ValidateTokenAsync(issued, new Microsoft.IdentityModel.Tokens.TokenValidationParameters
        {
            ValidateIssuer = false, ValidateAudience = false, ValidateLifetime = false,
            IssuerSigningKeys = server.SigningCredentials.Select(c => c.Key), TokenDecryptionKeys = server.EncryptionCredentials.Select(c => c.Key),
        });
        Assert.True(read.IsValid, read.Exception?.Message);
        string Reissue(bool withEntry) => handler.CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Claims = read.Claims.Where(c => withEntry || c.Key != OpenIddictConstants.Claims.Private.TokenId).ToDictionary(c => c.Key, c => c.Value),
            TokenType = ((Microsoft.IdentityModel.JsonWebTokens.JsonWebToken)read.SecurityToken).Typ,
            SigningCredentials = server.SigningCredentials.First(),
            EncryptingCredentials = server.EncryptionCredentials.First(),
        });

        var copy = await new GraphQLClient(api.WithToken(Reissue(withEntry: true))).SendAsync("{ me { client { clientId } } }");
        var withoutEntry = await new GraphQLClient(api.WithToken(Reissue(withEntry: false))).SendAsync("{ me { client { clientId } } }");

        Assert.Equal((HttpStatusCode.OK, $$$$"""{"me":{"client":{"clientId":"{{{{client.ClientId}}}}"}}}"""), (copy.Status, copy.Data.GetRawText()));
        Assert.Equal((HttpStatusCode.Unauthorized, "AUTH_NOT_AUTHENTICATED"), (withoutEntry.Status, withoutEntry.FirstErrorCode));
    }

    [SkippableFact]
    public async Task A_revoked_client_gets_no_token_and_its_tokens_stop_working()
    {
        var client = await Api.CreateClientAsync(api.DemoWorkspaceId, AuthScopes.All);
        var graphQL = new GraphQLClient(api.WithToken(await api.TokenAsync(client)));

        await api.RevokeClientAsync(api.DemoWorkspaceId, client.ClientId);
        var response = await graphQL.SendAsync("{ contacts { totalCount } }");
        using var tokenRequest = await api.RequestTokenAsync(client);

        Assert.Equal((HttpStatusCode.Unauthorized, "AUTH_NOT_AUTHENTICATED"), (response.Status, response.FirstErrorCode));
        Assert.Equal(HttpStatusCode.Unauthorized, tokenRequest.StatusCode);
        Assert.Equal("invalid_client", JsonDocument.Parse(await tokenRequest.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
    }

    [SkippableFact]
    public async Task A_mutation_without_contacts_write_is_not_authorized_and_changes_nothing()
    {
        var data = new TestData(Api.GraphQL);
        var contact = await data.PersonAsync("Nur", "Lesend");
        var id = contact.GetProperty("id").GetString();
        var readOnly = await api.CreateClientAsync(api.DemoWorkspaceId, [AuthScopes.ContactsRead]);
        var graphQL = new GraphQLClient(api.WithToken(await api.TokenAsync(readOnly)));

        var update = await graphQL.SendAsync(
            "mutation ($id: ID!) { updateContact(input: {id: $id, version: 1, lastName: \"Geändert\"}) { contact { lastName } } }", new { id });
        var create = await graphQL.SendAsync(
            "mutation ($tag: String!) { createContact(input: {kind: PERSON, lastName: \"Neu\", tags: [$tag]}) { contact { id } } }", new { tag = data.Marker });
        var after = await api.GraphQL.QueryAsync("query ($where: ContactFilterInput) { contacts(where: $where) { nodes { lastName version } } }", new { where = data.Mine });

        Assert.Equal((HttpStatusCode.Forbidden, "AUTH_NOT_AUTHORIZED"), (update.Status, update.FirstErrorCode));
        Assert.Equal("The field Mutation.updateContact needs the scope contacts.write, which the token does not carry.", update.FirstErrorMessage);
        Assert.Equal((HttpStatusCode.Forbidden, "AUTH_NOT_AUTHORIZED"), (create.Status, create.FirstErrorCode));
        Assert.Equal("""{"contacts":{"nodes":[{"lastName":"Lesend","version":1}]}}""", after.GetRawText());
    }

    [SkippableFact]
    public async Task Node_applies_the_requirement_of_the_type_it_finds()
    {
        var id = await new TestData(Api.GraphQL).PersonIdAsync("Knoten", "Geschützt");
        var exportOnly = await api.CreateClientAsync(api.DemoWorkspaceId, [AuthScopes.Export]);
        var graphQL = new GraphQLClient(api.WithToken(await api.TokenAsync(exportOnly)));

        var node = await graphQL.SendAsync("query ($id: ID!) { node(id: $id) { id } }", new { id });
        var nodes = await graphQL.SendAsync("query ($id: ID!) { nodes(ids: [$id]) { id } }", new { id });

        Assert.Equal(("AUTH_NOT_AUTHORIZED", "The type Contact needs the scope contacts.read, which the token does not carry."), (node.FirstErrorCode, node.FirstErrorMessage));
        Assert.Equal("""{"node":null}""", node.Data.GetRawText());
        Assert.Equal("AUTH_NOT_AUTHORIZED", nodes.FirstErrorCode);
    }

    [SkippableFact]
    public async Task Introspection_and_the_sdl_need_a_token_unless_configured_otherwise()
    {
        var anonymous = await new GraphQLClient(Api.Anonymous).SendAsync("{ __schema { queryType { name } } }");
        var typename = await new GraphQLClient(api.Anonymous).SendAsync("{ __typename }");
        var authenticated = await api.GraphQL.QueryAsync("{ __schema { queryType { name } } }");
        using var sdl = await api.Anonymous.GetAsync("/graphql?sdl");

        Assert.Equal((HttpStatusCode.Unauthorized, "AUTH_NOT_AUTHENTICATED"), (anonymous.Status, anonymous.FirstErrorCode));
        Assert.Equal("""{"data":{"__typename":"Query"}}""", typename.Body.GetRawText());
        Assert.Equal("""{"__schema":{"queryType":{"name":"Query"}}}""", authenticated.GetRawText());
        Assert.Equal(HttpStatusCode.Unauthorized, sdl.StatusCode);
    }

    [SkippableFact]
    public async Task Health_and_discovery_stay_anonymous()
    {
        using var live = await Api.Anonymous.GetAsync("/health/live");
        using var ready = await api.Anonymous.GetAsync("/health/ready");
        using var jwks = await api.Anonymous.GetAsync("/.well-known/jwks");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (live.StatusCode, ready.StatusCode, jwks.StatusCode));
    }
}

public sealed class SqliteClientCredentialsTests(SqliteApi api) : ClientCredentialsTests(api), IClassFixture<SqliteApi>;

public sealed class PostgreSqlClientCredentialsTests(PostgresApi api) : ClientCredentialsTests(api), IClassFixture<PostgresApi>;

/// <summary>A host whose tokens live one second, to see an expired token refused.</summary>
public sealed class ShortLivedTokenApi : ApiHost
{
    protected override ContactBox.Infrastructure.Persistence.DatabaseProvider Provider => ContactBox.Infrastructure.Persistence.DatabaseProvider.Sqlite;

    protected override IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string> { ["ContactBox:Auth:AccessTokenLifetime"] = "00:00:01" };

    protected override Task<string?> ConnectionStringAsync() => Task.FromResult<string?>(null);
}

public sealed class ExpiredTokenTests(ShortLivedTokenApi api) : IClassFixture<ShortLivedTokenApi>
{
    [Fact]
    public async Task An_expired_token_is_not_authenticated()
    {
        var client = await api.CreateClientAsync(api.DemoWorkspaceId, AuthScopes.All);
        var graphQL = new GraphQLClient(api.WithToken(await api.TokenAsync(client)));

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var response = await graphQL.SendAsync("{ contacts { totalCount } }");

        Assert.Equal((HttpStatusCode.Unauthorized, "AUTH_NOT_AUTHENTICATED"), (response.Status, response.FirstErrorCode));
    }
}
