using System.Security.Cryptography;
using ContactBox.Domain.Auth;
using ContactBox.Domain.Common;
using ContactBox.Domain.Workspaces;
using ContactBox.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ContactBox.Infrastructure.Auth;

/// <summary>A client's credentials as created: the secret is shown once and only its hash is stored.</summary>
public sealed record ClientCredentials(string ClientId, string ClientSecret);

/// <summary>What an admin changes on a registered client; null keeps the current value.</summary>
public sealed record OAuthClientChange(
    string? DisplayName = null,
    IReadOnlyCollection<string>? Scopes = null,
    IReadOnlyCollection<Uri>? RedirectUris = null,
    IReadOnlyCollection<string>? AllowedOrigins = null,
    bool? IsThirdParty = null);

/// <summary>
/// Creates workspaces and their OAuth clients: the workspace-owned <see cref="OAuthClient"/> row and the
/// authorization server's application, always together. Used by the CLI verb, the demo set-up and the tests.
/// Runs in a scope whose <see cref="Tenancy.CurrentWorkspace"/> is the workspace the client belongs to.
/// </summary>
public sealed class WorkspaceProvisioning(ContactBoxDbContext db, IOpenIddictApplicationManager applications, IOpenIddictTokenManager tokens, TimeProvider clock)
{
    public async Task<Workspace> CreateWorkspaceAsync(string name, CancellationToken cancellationToken)
    {
        var workspace = new Workspace(name, clock.GetUtcNow());
        db.Workspaces.Add(workspace);
        await db.SaveChangesAsync(cancellationToken);
        return workspace;
    }

    /// <summary>A confidential client (client credentials grant) of the current workspace.</summary>
    public async Task<ClientCredentials> CreateConfidentialClientAsync(string displayName, IReadOnlyCollection<string> scopes, CancellationToken cancellationToken)
    {
        var clientId = "cb_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var client = new OAuthClient(clientId, displayName, OAuthClientKind.Confidential, scopes);

        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = secret,
            ClientType = ClientTypes.Confidential,
            DisplayName = client.DisplayName,
            Permissions =
            {
                Permissions.Endpoints.Token,
                Permissions.Endpoints.Introspection,
                Permissions.Endpoints.Revocation,
                Permissions.GrantTypes.ClientCredentials,
            },
        };
        SetScopes(descriptor, client);

        // The row first: if the application cannot be created, no token can name this client anyway.
        db.OAuthClients.Add(client);
        await db.SaveChangesAsync(cancellationToken);
        await applications.CreateAsync(descriptor, cancellationToken);
        return new ClientCredentials(clientId, secret);
    }

    /// <summary>
    /// A client that acts for signed-in members (authorization code with PKCE, refresh tokens): public (a browser
    /// app, no secret) or confidential (a server-side frontend, secret returned once). Third-party clients need
    /// the member's consent.
    /// </summary>
    public async Task<ClientCredentials> CreateMemberClientAsync(
        string displayName, OAuthClientKind kind, IReadOnlyCollection<string> scopes, IReadOnlyCollection<Uri> redirectUris,
        bool isThirdParty, CancellationToken cancellationToken, string? clientId = null, IReadOnlyCollection<string>? allowedOrigins = null)
    {
        clientId ??= "cb_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        var secret = kind == OAuthClientKind.Confidential ? Base64Url(RandomNumberGenerator.GetBytes(32)) : "";
        var client = new OAuthClient(clientId, displayName, kind, scopes, isThirdParty, allowedOrigins);

        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = kind == OAuthClientKind.Confidential ? secret : null,
            ClientType = kind == OAuthClientKind.Confidential ? ClientTypes.Confidential : ClientTypes.Public,
            DisplayName = client.DisplayName,
            Permissions =
            {
                Permissions.Endpoints.Authorization,
                Permissions.Endpoints.Token,
                Permissions.Endpoints.EndSession,
                Permissions.GrantTypes.AuthorizationCode,
                Permissions.GrantTypes.RefreshToken,
                Permissions.ResponseTypes.Code,
                Permissions.Scopes.Profile,
                Permissions.Scopes.Email,
                Permissions.Scopes.Roles,
            },
            Requirements = { Requirements.Features.ProofKeyForCodeExchange },
        };
        SetMemberClient(descriptor, client, redirectUris);

        db.OAuthClients.Add(client);
        await db.SaveChangesAsync(cancellationToken);
        await applications.CreateAsync(descriptor, cancellationToken);
        return new ClientCredentials(clientId, secret);
    }

    /// <summary>
    /// Changes a client of the current workspace, its row and its application together. Redirect URIs, origins and
    /// consent belong to clients that sign members in. Narrowing the scopes revokes the client's tokens, so that no
    /// token or refresh token keeps a scope the client lost; removed redirect URIs and origins are refused at once.
    /// </summary>
    public async Task UpdateClientAsync(OAuthClient client, OAuthClientChange change, CancellationToken cancellationToken)
    {
        var application = await applications.FindByClientIdAsync(client.ClientId, cancellationToken)
            ?? throw new InvalidOperationException($"The client {client.ClientId} has no application.");
        var descriptor = new OpenIddictApplicationDescriptor();
        await applications.PopulateAsync(descriptor, application, cancellationToken);
        var signsInMembers = descriptor.Permissions.Contains(Permissions.GrantTypes.AuthorizationCode);
        if (!signsInMembers && (change.RedirectUris is not null || change.AllowedOrigins is { Count: > 0 } || change.IsThirdParty == true))
        {
            var field = change.RedirectUris is not null ? "redirectUris" : change.AllowedOrigins is { Count: > 0 } ? "allowedOrigins" : "isThirdParty";
            throw new DomainValidationException(field, "This client uses client credentials and signs no members in: register a new client for that.");
        }

        if (signsInMembers && change.RedirectUris is { Count: 0 })
        {
            throw new DomainValidationException("redirectUris", "A client that signs members in needs at least one redirect URI.");
        }

        var narrowed = change.Scopes is { } scopes && client.AllowedScopes.Except(scopes, StringComparer.Ordinal).Any();
        client.Change(change.DisplayName ?? client.DisplayName, change.Scopes ?? client.AllowedScopes, change.IsThirdParty ?? client.IsThirdParty, change.AllowedOrigins ?? client.Origins);
        descriptor.DisplayName = client.DisplayName;
        foreach (var permission in descriptor.Permissions.Where(p => p.StartsWith(Permissions.Prefixes.Scope, StringComparison.Ordinal)).ToList())
        {
            if (AuthScopes.All.Contains(permission[Permissions.Prefixes.Scope.Length..]))
            {
                descriptor.Permissions.Remove(permission);
            }
        }

        if (signsInMembers)
        {
            SetMemberClient(descriptor, client, change.RedirectUris ?? [.. descriptor.RedirectUris]);
        }
        else
        {
            SetScopes(descriptor, client);
        }

        await db.SaveChangesAsync(cancellationToken);
        await applications.UpdateAsync(application, descriptor, cancellationToken);
        if (narrowed && await applications.GetIdAsync(application, cancellationToken) is { } applicationId)
        {
            await tokens.RevokeByApplicationIdAsync(applicationId, cancellationToken);
        }
    }

    /// <summary>The redirect URIs registered for a client (none for a client-credentials client).</summary>
    public async Task<IReadOnlyList<string>> RedirectUrisAsync(string clientId, CancellationToken cancellationToken) =>
        await applications.FindByClientIdAsync(clientId, cancellationToken) is { } application
            ? [.. await applications.GetRedirectUrisAsync(application, cancellationToken)]
            : [];

    private static void SetScopes(OpenIddictApplicationDescriptor descriptor, OAuthClient client)
    {
        foreach (var scope in client.AllowedScopes)
        {
            descriptor.Permissions.Add(Permissions.Prefixes.Scope + scope);
        }
    }

    /// <summary>A member client's scopes, consent and redirect URIs (where the code goes, and where the member may return after signing out).</summary>
    private static void SetMemberClient(OpenIddictApplicationDescriptor descriptor, OAuthClient client, IReadOnlyCollection<Uri> redirectUris)
    {
        SetScopes(descriptor, client);
        descriptor.ConsentType = client.IsThirdParty ? ConsentTypes.Explicit : ConsentTypes.Implicit;
        descriptor.RedirectUris.Clear();
        descriptor.PostLogoutRedirectUris.Clear();
        foreach (var uri in redirectUris)
        {
            descriptor.RedirectUris.Add(uri);
            descriptor.PostLogoutRedirectUris.Add(uri);
        }
    }

    /// <summary>Revokes a client of the current workspace: it gets no new token and its tokens stop working.</summary>
    public async Task<bool> RevokeClientAsync(string clientId, CancellationToken cancellationToken)
    {
        var client = await db.OAuthClients.SingleOrDefaultAsync(c => c.ClientId == clientId, cancellationToken);
        if (client is null)
        {
            return false;
        }

        client.Revoke(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        if (await applications.FindByClientIdAsync(clientId, cancellationToken) is { } application
            && await applications.GetIdAsync(application, cancellationToken) is { } applicationId)
        {
            await tokens.RevokeByApplicationIdAsync(applicationId, cancellationToken);
        }

        return true;
    }

    /// <summary>A new secret for a confidential client of the current workspace; the old one stops working.</summary>
    public async Task<string> RotateSecretAsync(string clientId, CancellationToken cancellationToken)
    {
        var application = await applications.FindByClientIdAsync(clientId, cancellationToken)
            ?? throw new InvalidOperationException($"The client {clientId} has no application.");
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        await applications.UpdateAsync(application, secret, cancellationToken);
        return secret;
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
