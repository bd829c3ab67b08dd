using System.Net.Http.Headers;
using System.Text.Json;
using ContactBox.Api.Workspaces;
using ContactBox.Api.Auth;
using ContactBox.Domain.Auth;
using ContactBox.Domain.Members;
using ContactBox.Infrastructure.Auth;
using ContactBox.Infrastructure.Persistence;
using ContactBox.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace ContactBox.Api.Tests.Support;

/// <summary>
/// The real API (Program.cs) on Kestrel at a free loopback port, with its own database: a fresh SQLite file,
/// or a fresh database on the shared throwaway PostgreSQL server. One per test class.
/// <see cref="GraphQL"/> and <see cref="Http"/> carry a real access token from <c>/connect/token</c>, for a client
/// with every scope in the demo workspace, created the way the <c>workspace create</c> verb creates one.
/// </summary>
public abstract class ApiHost : IAsyncLifetime
{
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), "contactbox-tests", Guid.NewGuid().ToString("N"));
    private WebApplicationFactory<Program>? _factory;
    private string? _unavailable;

    public StatementCounter Statements { get; } = new();

    /// <summary>GraphQL as the test client of the demo workspace (every scope).</summary>
    public GraphQLClient GraphQL { get; private set; } = null!;

    /// <summary>HTTP with the test client's token.</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>HTTP without any token.</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    public string AccessToken { get; private set; } = null!;

    public Guid DemoWorkspaceId => Services.GetRequiredService<DefaultWorkspace>().WorkspaceId;

    public Guid DemoMemberId => Services.GetRequiredService<DefaultWorkspace>().MemberId;

    public Uri BaseAddress => Http.BaseAddress!;

    public IServiceProvider Services => _factory!.Services;

    protected abstract DatabaseProvider Provider { get; }

    /// <summary>Extra configuration for hosts that test a setting (e.g. a short token lifetime).</summary>
    protected virtual IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string>();

    /// <summary>Changes to the API's services for hosts that need them, applied after Program.cs registered its own.</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>Connection string for the provider, or null for the SQLite default under the data folder.</summary>
    protected abstract Task<string?> ConnectionStringAsync();

    /// <summary>Skips the calling test (outside CI) when this host's database cannot run here.</summary>
    public void SkipIfUnavailable() => Skip.If(_unavailable is not null, _unavailable);

    public async Task InitializeAsync()
    {
        string? connectionString;
        try
        {
            connectionString = await ConnectionStringAsync();
        }
        catch (DatabaseUnavailableException e)
        {
            _unavailable = e.Message;
            return;
        }

        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("ContactBox:DataPath", _dataPath);
            web.UseSetting("ContactBox:Database:Provider", Provider.ToString());
            if (connectionString is not null)
            {
                web.UseSetting("ContactBox:Database:ConnectionString", connectionString);
            }

            web.UseSetting("Logging:LogLevel:Default", "Warning");
            // The production default; Development's appsettings opens introspection to anonymous callers.
            web.UseSetting("ContactBox:GraphQL:AllowAnonymousIntrospection", "false");
            web.UseUrls("http://127.0.0.1:0");
            // Tests run far more requests per minute than anyone should; the rate limit tests set their own limits.
            web.UseSetting("ContactBox:RateLimits:TokenPerIp", "100000");
            web.UseSetting("ContactBox:RateLimits:TokenPerClient", "100000");
            web.UseSetting("ContactBox:RateLimits:SignInPerIp", "100000");
            web.UseSetting("ContactBox:RateLimits:GraphQLPerSubject", "100000");
            web.UseSetting("ContactBox:RateLimits:GraphQLPerIp", "100000");
            foreach (var (key, value) in Settings)
            {
                web.UseSetting(key, value);
            }

            web.ConfigureServices(services => services.AddSingleton<IInterceptor>(Statements));
            web.ConfigureTestServices(ConfigureServices);
        });
        _factory.UseKestrel();
        _factory.StartServer();
        Anonymous = _factory.CreateClient();
        var client = await CreateClientAsync(DemoWorkspaceId, AuthScopes.All);
        AccessToken = await TokenAsync(client);
        Http = WithToken(AccessToken);
        GraphQL = new GraphQLClient(Http);
    }

    /// <summary>A new workspace, as the <c>workspace create</c> verb makes one.</summary>
    public async Task<Guid> CreateWorkspaceAsync(string name)
    {
        await using var scope = Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<WorkspaceProvisioning>().CreateWorkspaceAsync(name, CancellationToken.None)).Id;
    }

    /// <summary>A confidential client of a workspace with the given scopes.</summary>
    public async Task<ClientCredentials> CreateClientAsync(Guid workspaceId, IReadOnlyCollection<string> scopes)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ContactBoxDbContext>().Workspace.Set(workspaceId, null);
        return await scope.ServiceProvider.GetRequiredService<WorkspaceProvisioning>().CreateConfidentialClientAsync("Test client", scopes, CancellationToken.None);
    }

    public async Task RevokeClientAsync(Guid workspaceId, string clientId)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ContactBoxDbContext>().Workspace.Set(workspaceId, null);
        Assert.True(await scope.ServiceProvider.GetRequiredService<WorkspaceProvisioning>().RevokeClientAsync(clientId, CancellationToken.None));
    }

    public static readonly Uri TestRedirectUri = new("http://127.0.0.1/callback");

    /// <summary>A client that acts for signed-in members (authorization code with PKCE), redirecting to <see cref="TestRedirectUri"/>.</summary>
    public async Task<ClientCredentials> CreateMemberClientAsync(Guid workspaceId, bool isThirdParty = false, OAuthClientKind kind = OAuthClientKind.Public, Uri? redirectUri = null)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ContactBoxDbContext>().Workspace.Set(workspaceId, null);
        return await scope.ServiceProvider.GetRequiredService<WorkspaceProvisioning>().CreateMemberClientAsync(
            isThirdParty ? "Third-party app" : "Test frontend", kind, AuthScopes.All, [redirectUri ?? TestRedirectUri], isThirdParty, CancellationToken.None);
    }

    /// <summary>A member of a workspace with a password, as an admin would create one.</summary>
    public async Task<Guid> CreateMemberAsync(Guid workspaceId, string email, string password, MemberRoles roles = MemberRoles.Member)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactBoxDbContext>();
        db.Workspace.Set(workspaceId, null);
        var member = new Member(email.Split('@')[0], email, roles);
        scope.ServiceProvider.GetRequiredService<MemberSignIn>().SetPassword(member, password);
        db.Members.Add(member);
        await db.SaveChangesAsync();
        return member.Id;
    }

    /// <summary>Changes a member in the database (deactivate, …), as the admin mutations will.</summary>
    public async Task ChangeMemberAsync(Guid workspaceId, Guid memberId, Action<Member> change)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactBoxDbContext>();
        db.Workspace.Set(workspaceId, null);
        change(await db.Members.FindAsync(memberId) ?? throw new InvalidOperationException("No such member."));
        await db.SaveChangesAsync();
    }

    /// <summary>A browser for a member client of the workspace (a new public client unless one is given).</summary>
    public async Task<MemberBrowser> BrowserAsync(Guid workspaceId, ClientCredentials? client = null)
    {
        client ??= await CreateMemberClientAsync(workspaceId);
        return new MemberBrowser(BaseAddress, client.ClientId, TestRedirectUri);
    }

    /// <summary>
    /// GraphQL as the demo member (ADMIN and DPO), with a token from the real authorization code flow: the
    /// sign-in page, the demo member's generated password and PKCE, as the explorer gets one.
    /// </summary>
    public async Task<GraphQLClient> DemoMemberGraphQLAsync()
    {
        var demo = Services.GetRequiredService<DefaultWorkspace>().DemoMember ?? throw new InvalidOperationException("The demo member has no password.");
        using var browser = await BrowserAsync(DemoWorkspaceId);
        var tokens = await browser.SignInAsync(demo.Email, demo.Password);
        return new GraphQLClient(WithToken(tokens.AccessToken));
    }

    /// <summary>The token endpoint's raw answer to a client credentials request.</summary>
    public async Task<HttpResponseMessage> RequestTokenAsync(ClientCredentials client, string? scope = null)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = client.ClientId,
            ["client_secret"] = client.ClientSecret,
        };
        if (scope is not null)
        {
            form["scope"] = scope;
        }

        return await Anonymous.PostAsync("/connect/token", new FormUrlEncodedContent(form));
    }

    /// <summary>An access token for the client (with the scopes asked for, or all it may have).</summary>
    public async Task<string> TokenAsync(ClientCredentials client, string? scope = null)
    {
        using var response = await RequestTokenAsync(client, scope);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"The token request failed: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>An HTTP client that sends this bearer token.</summary>
    public HttpClient WithToken(string token)
    {
        var http = _factory!.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        if (Directory.Exists(_dataPath))
        {
            Directory.Delete(_dataPath, recursive: true);
        }
    }
}

public class SqliteApi : ApiHost
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override Task<string?> ConnectionStringAsync() => Task.FromResult<string?>(null);
}

/// <summary>A host whose explorer files are missing, as on a machine without npm.</summary>
public sealed class SqliteApiWithoutExplorer : ApiHost
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override IReadOnlyDictionary<string, string> Settings { get; } =
        new Dictionary<string, string> { ["ContactBox:Explorer:Path"] = Path.Combine(Path.GetTempPath(), "no-explorer-here") };

    protected override Task<string?> ConnectionStringAsync() => Task.FromResult<string?>(null);
}

public class PostgresApi : ApiHost
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    protected override async Task<string?> ConnectionStringAsync()
    {
        if (!PostgresServer.IsAvailable(out var reason))
        {
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                throw new InvalidOperationException($"PostgreSQL is required in CI: {reason}");
            }

            throw new DatabaseUnavailableException($"PostgreSQL is not installed here, so this PostgreSQL test was skipped: {reason}");
        }

        var server = await PostgresServer.Shared;
        return await server.CreateDatabaseAsync("api");
    }
}

internal sealed class DatabaseUnavailableException(string message) : Exception(message);
