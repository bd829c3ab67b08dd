using System.Collections.Immutable;
using System.Security.Claims;
using ContactBox.Domain.Members;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ContactBox.Api.Auth;

/// <summary>A remembered consent: the client's <c>client_id</c>, the scopes allowed and when.</summary>
public sealed record MemberConsent(string ClientId, IReadOnlyList<string> Scopes, DateTimeOffset? GivenAt);

/// <summary>
/// A member's authorizations in OpenIddict's store. Her consent to a third-party client is a permanent authorization: asked once for a set of
/// scopes, remembered until the member withdraws it (which also ends the tokens issued under it).
/// </summary>
public sealed class MemberConsents(IOpenIddictApplicationManager applications, IOpenIddictAuthorizationManager authorizations, IOpenIddictTokenManager tokens)
{
    /// <summary>The ID of a valid consent of the member to the client covering all <paramref name="scopes"/>, if any.</summary>
    public async Task<string?> FindAsync(Member member, string clientId, IEnumerable<string> scopes, CancellationToken cancellationToken)
    {
        var applicationId = await ApplicationIdAsync(clientId, cancellationToken);
        await foreach (var authorization in authorizations.FindAsync(
            member.Id.ToString(), applicationId, Statuses.Valid, AuthorizationTypes.Permanent, [.. scopes], cancellationToken))
        {
            return await authorizations.GetIdAsync(authorization, cancellationToken);
        }

        return null;
    }

    /// <summary>The consents the member gave and has not withdrawn, oldest first.</summary>
    public async Task<IReadOnlyList<MemberConsent>> ListAsync(Guid memberId, CancellationToken cancellationToken)
    {
        var found = new List<object>();
        await foreach (var authorization in authorizations.FindBySubjectAsync(memberId.ToString(), cancellationToken))
        {
            if (await authorizations.HasTypeAsync(authorization, AuthorizationTypes.Permanent, cancellationToken)
                && await authorizations.HasStatusAsync(authorization, Statuses.Valid, cancellationToken))
            {
                found.Add(authorization);
            }
        }

        var consents = new List<MemberConsent>();
        foreach (var authorization in found)
        {
            if (await authorizations.GetApplicationIdAsync(authorization, cancellationToken) is { } applicationId
                && await applications.FindByIdAsync(applicationId, cancellationToken) is { } application
                && await applications.GetClientIdAsync(application, cancellationToken) is { } clientId)
            {
                consents.Add(new MemberConsent(
                    clientId,
                    [.. (await authorizations.GetScopesAsync(authorization, cancellationToken)).Order(StringComparer.Ordinal)],
                    await authorizations.GetCreationDateAsync(authorization, cancellationToken)));
            }
        }

        return [.. consents.OrderBy(c => c.GivenAt)];
    }

    /// <summary>Records the member's consent to the scopes of <paramref name="principal"/>; returns its ID.</summary>
    public async Task<string> RememberAsync(ClaimsPrincipal principal, Member member, string clientId, CancellationToken cancellationToken)
    {
        var applicationId = await ApplicationIdAsync(clientId, cancellationToken);
        var authorization = await authorizations.CreateAsync(
            principal, member.Id.ToString(), applicationId, AuthorizationTypes.Permanent, principal.GetScopes(), cancellationToken);
        return await authorizations.GetIdAsync(authorization, cancellationToken)
            ?? throw new InvalidOperationException("The new authorization has no ID.");
    }

    /// <summary>
    /// Withdraws every consent and authorization the member gave the client, and ends the tokens issued under them:
    /// the client's next authorize request asks again. Returns how many authorizations were withdrawn.
    /// </summary>
    public async Task<int> RevokeAsync(Guid memberId, string clientId, CancellationToken cancellationToken)
    {
        var applicationId = await ApplicationIdAsync(clientId, cancellationToken);
        var ids = new List<string>();
        await foreach (var authorization in authorizations.FindAsync(memberId.ToString(), applicationId, Statuses.Valid, type: null, scopes: null, cancellationToken))
        {
            ids.Add(await authorizations.GetIdAsync(authorization, cancellationToken) ?? "");
        }

        foreach (var id in ids.Where(id => id.Length > 0))
        {
            await tokens.RevokeByAuthorizationIdAsync(id, cancellationToken);
        }

        await authorizations.RevokeAsync(memberId.ToString(), applicationId, Statuses.Valid, type: null, cancellationToken);
        return ids.Count;
    }

    /// <summary>
    /// Ends every sign-in of the member but the one under <paramref name="keepAuthorizationId"/> (the caller's own):
    /// after a password change, whoever else held a token or refresh token for her is out.
    /// </summary>
    public async Task RevokeOtherSessionsAsync(Guid memberId, string? keepAuthorizationId, CancellationToken cancellationToken)
    {
        var others = new List<object>();
        await foreach (var token in tokens.FindBySubjectAsync(memberId.ToString(), cancellationToken))
        {
            if (keepAuthorizationId is null || await tokens.GetAuthorizationIdAsync(token, cancellationToken) != keepAuthorizationId)
            {
                others.Add(token);
            }
        }

        foreach (var token in others)
        {
            await tokens.TryRevokeAsync(token, cancellationToken);
        }
    }

    private async Task<string> ApplicationIdAsync(string clientId, CancellationToken cancellationToken) =>
        await applications.FindByClientIdAsync(clientId, cancellationToken) is { } application
            && await applications.GetIdAsync(application, cancellationToken) is { } id
            ? id
            : throw new InvalidOperationException($"The client {clientId} has no application.");
}
