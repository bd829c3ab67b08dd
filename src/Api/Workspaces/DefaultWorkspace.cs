using Microsoft.AspNetCore.Identity;
using System.Security.Cryptography;
using System.Text.Json;
using ContactBox.Api.Auth;
using ContactBox.Domain.Auth;
using ContactBox.Domain.Members;
using ContactBox.Domain.Workspaces;
using ContactBox.Infrastructure.Auth;
using ContactBox.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;

namespace ContactBox.Api.Workspaces;

/// <summary>A member's sign-in as generated for the demo: shown in Development, kept in demo-member.json.</summary>
public sealed record MemberCredentials(string Email, string Password);

/// <summary>
/// The demo workspace, created at first start with a first member. In Development (or when the installation had
/// no workspace yet) it also gets a confidential demo client, whose credentials are generated once and kept in
/// <c>{DataPath}/demo-client.json</c>, readable by the owner only, so that a newcomer can get a token at once;
/// a password for the demo member, kept in <c>{DataPath}/demo-member.json</c>; and the public client
/// <c>contactbox-explorer</c>, through which the explorer signs the member in (authorization code with PKCE).
/// </summary>
public sealed class DefaultWorkspace(ContactBoxPaths paths, IHostEnvironment environment, IConfiguration configuration)
{
    public const string ExplorerClientId = "contactbox-explorer";

    public const string Name = "Demo";
    public const string MemberName = "Demo Admin";
    public const string MemberEmail = "admin@contactbox.example";
    public const string DemoClientName = "Demo client";

    public Guid WorkspaceId { get; private set; }
    public Guid MemberId { get; private set; }

    /// <summary>The demo client's credentials, when this installation has one.</summary>
    public ClientCredentials? DemoClient { get; private set; }

    public string DemoClientFile => Path.Combine(paths.DataPath, "demo-client.json");

    /// <summary>The demo member's e-mail and password, when this installation has them.</summary>
    public MemberCredentials? DemoMember { get; private set; }

    public string DemoMemberFile => Path.Combine(paths.DataPath, "demo-member.json");

    /// <summary>
    /// Where the explorer receives the code: Banana Cake Pop opens the authorize URL in a pop-up and waits for the
    /// pop-up to land on its redirect URL, where the explorer page itself, served again, hands the code back.
    /// So the redirect URI is the explorer's own address: the GraphQL endpoint at each configured URL.
    /// </summary>
    public IReadOnlyList<Uri> ExplorerRedirectUris =>
        [.. (configuration["Urls"] ?? "http://localhost:5000").Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(url => new Uri(url.TrimEnd('/').Replace("://*", "://localhost").Replace("://+", "://localhost") + "/graphql"))];

    /// <summary>Migrates the database and makes sure the demo workspace, its first member and (in Development) its client exist.</summary>
    public async Task InitializeAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactBoxDbContext>();
        var options = scope.ServiceProvider.GetRequiredService<DatabaseOptions>();
        await db.PrepareAsync(options, cancellationToken);

        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var workspace = await db.Workspaces.OrderBy(w => w.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        var firstStart = workspace is null;
        if (workspace is null)
        {
            workspace = new Workspace(Name, clock.GetUtcNow());
            db.Workspaces.Add(workspace);
            await db.SaveChangesAsync(cancellationToken);
        }

        db.Workspace.Set(workspace.Id, null);
        var member = await db.Members.OrderBy(m => m.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        if (member is null)
        {
            member = new Member(MemberName, MemberEmail, MemberRoles.Admin | MemberRoles.Dpo);
            db.Members.Add(member);
            await db.SaveChangesAsync(cancellationToken);
        }

        WorkspaceId = workspace.Id;
        MemberId = member.Id;
        if (environment.IsDevelopment() || firstStart)
        {
            DemoClient = await EnsureDemoClientAsync(scope.ServiceProvider, cancellationToken);
            DemoMember = await EnsureDemoMemberPasswordAsync(scope.ServiceProvider, member, cancellationToken);
            await EnsureExplorerClientAsync(scope.ServiceProvider, cancellationToken);
        }
    }

    /// <summary>The password in demo-member.json while the member has a password; a new one otherwise.</summary>
    private async Task<MemberCredentials> EnsureDemoMemberPasswordAsync(IServiceProvider services, Member member, CancellationToken cancellationToken)
    {
        // The file may outlive its database (a new database, another provider on the same data folder):
        // only a password that still opens this member's account is kept.
        if (member.PasswordHash is not null && File.Exists(DemoMemberFile)
            && JsonSerializer.Deserialize<MemberCredentials>(await File.ReadAllTextAsync(DemoMemberFile, cancellationToken)) is { } stored
            && services.GetRequiredService<IPasswordHasher<Member>>().VerifyHashedPassword(member, member.PasswordHash, stored.Password) != PasswordVerificationResult.Failed)
        {
            return stored;
        }

        var credentials = new MemberCredentials(member.Email, Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('+', '-').Replace('/', '_'));
        services.GetRequiredService<MemberSignIn>().SetPassword(member, credentials.Password);
        await services.GetRequiredService<ContactBoxDbContext>().SaveChangesAsync(cancellationToken);
        Directory.CreateDirectory(paths.DataPath);
        File.Delete(DemoMemberFile);
        SigningCertificates.WriteOwnerOnly(DemoMemberFile, JsonSerializer.SerializeToUtf8Bytes(credentials));
        return credentials;
    }

    private async Task EnsureExplorerClientAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        if (await services.GetRequiredService<IOpenIddictApplicationManager>().FindByClientIdAsync(ExplorerClientId, cancellationToken) is null)
        {
            await services.GetRequiredService<WorkspaceProvisioning>().CreateMemberClientAsync(
                "ContactBox explorer", OAuthClientKind.Public, AuthScopes.All, ExplorerRedirectUris, isThirdParty: false, cancellationToken, ExplorerClientId);
        }
    }

    /// <summary>The credentials in demo-client.json while that client still exists; a new client otherwise.</summary>
    private async Task<ClientCredentials> EnsureDemoClientAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        if (File.Exists(DemoClientFile))
        {
            var stored = JsonSerializer.Deserialize<ClientCredentials>(await File.ReadAllTextAsync(DemoClientFile, cancellationToken));
            var applications = services.GetRequiredService<IOpenIddictApplicationManager>();
            if (stored is not null && await applications.FindByClientIdAsync(stored.ClientId, cancellationToken) is not null)
            {
                return stored;
            }

            File.Delete(DemoClientFile);
        }

        var created = await services.GetRequiredService<WorkspaceProvisioning>()
            .CreateConfidentialClientAsync(DemoClientName, AuthScopes.All, cancellationToken);
        Directory.CreateDirectory(paths.DataPath);
        SigningCertificates.WriteOwnerOnly(DemoClientFile, JsonSerializer.SerializeToUtf8Bytes(created));
        return created;
    }
}

/// <summary>Where the API keeps its files: the SQLite database, the signing keys, the demo client.</summary>
public sealed record ContactBoxPaths(string DataPath);
