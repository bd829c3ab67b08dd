using System.Security.Claims;
using ContactBox.Api.GraphQL.DataLoading;
using ContactBox.Api.GraphQL.Relay;
using ContactBox.Api.Members;
using ContactBox.Domain.Auth;
using ContactBox.Domain.Members;
using ContactBox.Domain.Workspaces;
using ContactBox.Infrastructure.Auth;
using ContactBox.Infrastructure.Persistence;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;

namespace ContactBox.Api.Auth;

/// <summary>Who is calling: a team member or an OAuth client, in a workspace, with the token's scopes.</summary>
public sealed record Viewer(Guid WorkspaceId, Guid? MemberId, string? ClientId, IReadOnlyList<string> Scopes)
{
    public static Viewer From(ClaimsPrincipal user) => new(
        user.WorkspaceId() ?? throw new InvalidOperationException("The caller is not authenticated."),
        user.MemberId(),
        user.IsClient() ? user.GetClaim(OpenIddictConstants.Claims.Subject) : null,
        [.. user.GetScopes().Order(StringComparer.Ordinal)]);
}

public static class ViewerQueries
{
    public static void Add(ObjectGraphType query) =>
        query.Field<NonNullGraphType<ViewerType>>("me")
            .Description("The caller: the team member or OAuth client the access token speaks for.")
            .Authorize()
            .Resolve(c => Viewer.From(c.User!));
}

public sealed class ViewerType : ObjectGraphType<Viewer>
{
    public ViewerType()
    {
        Name = "Viewer";
        Description = "The caller of a request. Exactly one of member and client is set.";
        this.Authorize();
        Field<MemberType>("member").Description("The team member, when a person signed in.")
            .Resolve(c => c.Source.MemberId is { } id ? c.Loaders().ById<Member>().Load(id) : null);
        Field<OAuthClientType>("client").Description("The OAuth client, when an integration calls with its own credentials.")
            .ResolveAsync(async c => c.Source.ClientId is { } clientId
                ? await Db(c).OAuthClients.AsNoTracking().SingleOrDefaultAsync(x => x.ClientId == clientId, c.CancellationToken)
                : null);
        Field<NonNullGraphType<WorkspaceType>>("workspace")
            .ResolveAsync(async c => await Db(c).Workspaces.AsNoTracking().SingleAsync(w => w.Id == c.Source.WorkspaceId, c.CancellationToken));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("scopes").Description("The scopes the access token carries.")
            .Resolve(c => c.Source.Scopes);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ConsentType>>>>("consents")
            .Description("The third-party clients the member allowed to act for her (withdraw with revokeMyConsent); none for a client.")
            .ResolveAsync(async c =>
            {
                if (c.Source.MemberId is not { } memberId)
                {
                    return Array.Empty<Consent>();
                }

                var consents = await c.RequestServices!.GetRequiredService<MemberConsents>().ListAsync(memberId, c.CancellationToken);
                var clientIds = consents.Select(x => x.ClientId).ToList();
                var clients = await Db(c).OAuthClients.AsNoTracking()
                    .Where(x => clientIds.Contains(x.ClientId) && x.RevokedAt == null).ToDictionaryAsync(x => x.ClientId, c.CancellationToken);
                return consents.Where(x => clients.ContainsKey(x.ClientId)).Select(x => new Consent(clients[x.ClientId], x.Scopes, x.GivenAt)).ToList();
            });
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MemberRoleType>>>>("roles").Description("The member's roles; none for a client.")
            .ResolveAsync(async c => c.Source.MemberId is { } id && await c.Loaders().ById<Member>().Load(id).GetResultAsync(c.CancellationToken) is { } member
                ? MemberType.RolesOf(member)
                : (object)Array.Empty<MemberRoles>());
    }

    private static ContactBoxDbContext Db(IResolveFieldContext context) => context.Db();
}

/// <summary>A consent the member gave a client, as the schema shows it.</summary>
public sealed record Consent(OAuthClient Client, IReadOnlyList<string> Scopes, DateTimeOffset? GivenAt);

public sealed class ConsentType : ObjectGraphType<Consent>
{
    public ConsentType()
    {
        Name = "Consent";
        Description = "A member's remembered consent to a third-party client.";
        Field<NonNullGraphType<OAuthClientType>>("client").Resolve(c => c.Source.Client);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("scopes").Description("The scopes she allowed.").Resolve(c => c.Source.Scopes);
        Field(x => x.GivenAt, nullable: true);
    }
}

public sealed class WorkspaceType : ObjectGraphType<Workspace>
{
    public WorkspaceType()
    {
        Name = "Workspace";
        Description = "A customer account: every contact, member and client belongs to one.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => GlobalId.Format(Name, c.Source.Id));
        Field(w => w.Name);
    }
}

public sealed class OAuthClientType : ObjectGraphType<OAuthClient>
{
    public OAuthClientType()
    {
        Name = "OAuthClient";
        Description = "An OAuth client of the workspace.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => GlobalId.Format(Name, c.Source.Id));
        Field(c => c.ClientId);
        Field(c => c.DisplayName);
        Field<NonNullGraphType<EnumerationGraphType<OAuthClientKind>>>("kind").Resolve(c => c.Source.Kind);
        Field(c => c.IsThirdParty).Description("Members must consent before a third-party client acts for them.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("allowedScopes").Resolve(c => c.Source.AllowedScopes);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("allowedOrigins")
            .Description("Browser origins allowed to call the API cross-origin with this client's tokens.").Resolve(c => c.Source.Origins);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("redirectUris")
            .Description("Where the authorization code may be sent; none for a client-credentials client.")
            .ResolveAsync(async c => await c.RequestServices!.GetRequiredService<WorkspaceProvisioning>().RedirectUrisAsync(c.Source.ClientId, c.CancellationToken));
        Field(c => c.RevokedAt, nullable: true);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<Privacy.ProcessingPurposeType>>>>("exportPurposes")
            .Description("The purposes this client may export for (setClientExportPurposes).").ResolveAsync(async c => await Export.ClientExportPurposeMutations.OfAsync(c, c.Source.Id));
    }
}
