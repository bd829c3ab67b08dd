using System.Collections.Immutable;
using System.Security.Claims;
using ContactBox.Domain.Auth;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;

namespace ContactBox.Api.Auth;

/// <summary>
/// Which resource servers a token is for: ContactBox's API (<see cref="AuthOptions.Audience"/>) when it carries a
/// ContactBox scope, and the resources that OpenIddict's scope store names for any other scope (another resource
/// server sharing this authorization server). A token with OpenID scopes only is for the userinfo endpoint.
/// </summary>
public sealed class TokenAudiences(IOpenIddictScopeManager scopeStore, IOptions<AuthOptions> options)
{
    public async Task SetAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var scopes = principal.GetScopes();
        var resources = new List<string>();
        if (scopes.Any(AuthScopes.All.Contains))
        {
            resources.Add(options.Value.Audience);
        }

        var others = scopes.Where(s => !AuthScopes.All.Contains(s) && !MemberPrincipal.ProtocolScopes.Contains(s)).ToImmutableArray();
        if (others.Length > 0)
        {
            await foreach (var resource in scopeStore.ListResourcesAsync(others, cancellationToken))
            {
                resources.Add(resource);
            }
        }

        principal.SetResources(resources.Distinct(StringComparer.Ordinal));
    }
}
