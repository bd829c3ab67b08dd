using ContactBox.Api.Auth;
using ContactBox.Api.GraphQL;
using ContactBox.Api.GraphQL.Authorization;
using ContactBox.Api.GraphQL.DataLoading;
using ContactBox.Api.GraphQL.Mutations;
using ContactBox.Api.GraphQL.Paging;
using ContactBox.Api.GraphQL.Sorting;
using ContactBox.Api.Members;
using ContactBox.Domain.Auth;
using ContactBox.Domain.Common;
using ContactBox.Domain.Members;
using ContactBox.Infrastructure.Auth;
using ContactBox.Infrastructure.Persistence;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;

namespace ContactBox.Api.Admin;

/// <summary>
/// Managing the workspace's members and OAuth clients: scope <c>admin</c>, and for a member the role ADMIN. The
/// data layer limits every lookup to the token's workspace, so another workspace's IDs are simply not found.
/// </summary>
public static class AdminMutations
{
    public static void Add(ObjectGraphType mutation, SchemaKit kit)
    {
        Type[] errors = [typeof(ValidationErrorType), typeof(NotFoundErrorType)];

        mutation.Mutation(kit, "createMember", new CreateMemberInputType(), "member", typeof(MemberType), errors, async (context, input) =>
        {
            var services = context.RequestServices!;
            var db = context.Db();
            var member = new Member(input.String("name")!, input.String("email")!, RolesOf(input));
            if (await db.Members.AnyAsync(m => m.Email == member.Email, context.CancellationToken))
            {
                throw new DomainValidationException("email", "A member of this workspace already has this e-mail address.");
            }

            if (input.String("password") is { } password)
            {
                services.GetRequiredService<MemberSignIn>().SetPassword(member, PasswordRules.Validate(password, "password"));
            }

            db.Members.Add(member);
            await db.SaveChangesAsync(context.CancellationToken);
            return member;
        }).Description("Adds a team member. Without a password the member cannot sign in until one is set.")
            .RequireAdmin();

        mutation.Mutation(kit, "changeMemberRoles", new ChangeMemberRolesInputType(), "member", typeof(MemberType), errors, async (context, input) =>
        {
            var db = context.Db();
            var member = await db.RequireAsync<Member>(input.Id("id", "Member"), "id", context.CancellationToken);
            member.ChangeRoles(RolesOf(input));
            await db.SaveChangesAsync(context.CancellationToken);
            // Access tokens carry the roles they were issued with: end them now, so the member's next request (a demoted
            // admin's included) needs a refresh, which issues the new roles. Refresh tokens and the sign-in stay.
            await context.RequestServices!.GetRequiredService<IOpenIddictTokenManager>()
                .RevokeAsync(member.Id.ToString(), client: null, status: OpenIddictConstants.Statuses.Valid, type: OpenIddictConstants.TokenTypeIdentifiers.AccessToken, context.CancellationToken);
            return member;
        }).Description("Sets a member's roles (MEMBER is always kept). The member's access tokens stop working at once; a refresh issues tokens with the new roles.")
            .RequireAdmin();

        mutation.Mutation(kit, "deactivateMember", new IdInputType("DeactivateMemberInput"), "member", typeof(MemberType), errors, async (context, input) =>
        {
            var services = context.RequestServices!;
            var db = context.Db();
            var member = await db.RequireAsync<Member>(input.Id("id", "Member"), "id", context.CancellationToken);
            if (context.User?.MemberId() == member.Id)
            {
                throw new DomainValidationException("id", "You cannot deactivate yourself.");
            }

            member.Deactivate();
            await db.SaveChangesAsync(context.CancellationToken);
            // Refresh tokens of an inactive member are refused anyway; revoking them also ends them at introspection.
            await services.GetRequiredService<IOpenIddictTokenManager>().RevokeBySubjectAsync(member.Id.ToString(), context.CancellationToken);
            return member;
        }).Description("Deactivates a member: no more sign-ins, and their refresh tokens stop working.")
            .RequireAdmin();

        mutation.Mutation(kit, "reactivateMember", new IdInputType("ReactivateMemberInput"), "member", typeof(MemberType), errors, async (context, input) =>
        {
            var db = context.Db();
            var member = await db.RequireAsync<Member>(input.Id("id", "Member"), "id", context.CancellationToken);
            member.Activate();
            await db.SaveChangesAsync(context.CancellationToken);
            return member;
        }).Description("Lets a deactivated member sign in again, with the password they had (reset it if in doubt).")
            .RequireAdmin();

        mutation.Mutation(kit, "resetMemberPassword", new IdInputType("ResetMemberPasswordInput"), "reset", typeof(MemberPasswordResetType), errors, async (context, input) =>
        {
            var services = context.RequestServices!;
            var db = context.Db();
            var member = await db.RequireAsync<Member>(input.Id("id", "Member"), "id", context.CancellationToken);
            if (context.User?.MemberId() == member.Id)
            {
                throw new DomainValidationException("id", "Change your own password with changeMyPassword.");
            }

            var oneTimePassword = services.GetRequiredService<MemberSignIn>().SetOneTimePassword(member);
            await db.SaveChangesAsync(context.CancellationToken);
            // A reset usually means the old password is in doubt: whatever was signed in with it stops now.
            await services.GetRequiredService<IOpenIddictTokenManager>().RevokeBySubjectAsync(member.Id.ToString(), context.CancellationToken);
            return new MemberPasswordReset(member, oneTimePassword);
        }).Description("Gives a member a generated one-time password, shown once: the old password and the member's tokens stop working, "
                + "and the next sign-in, within ContactBox:Auth:OneTimePasswordLifetime (3 days), asks the member to choose a new password. Also lifts a lock-out.")
            .RequireAdmin();

        mutation.Mutation(kit, "registerOAuthClient", new RegisterOAuthClientInputType(), "registration", typeof(OAuthClientRegistrationType), errors, async (context, input) =>
        {
            var services = context.RequestServices!;
            var provisioning = services.GetRequiredService<WorkspaceProvisioning>();
            var kind = input.Get<OAuthClientKind>("kind");
            var scopes = input.List<string>("scopes");
            var redirectUris = RedirectUris(input) ?? [];
            var isThirdParty = input.GetStruct<bool>("isThirdParty") ?? false;
            var origins = input.Has("allowedOrigins") ? input.List<string>("allowedOrigins") : [];
            _ = new OAuthClient("validation", input.String("displayName")!, kind, scopes, isThirdParty, origins); // the domain rules, before anything is created
            ClientCredentials credentials;
            if (redirectUris.Count == 0)
            {
                if (kind != OAuthClientKind.Confidential)
                {
                    throw new DomainValidationException("redirectUris", "A public client signs members in: it needs at least one redirect URI.");
                }

                if (origins.Count > 0)
                {
                    throw new DomainValidationException("allowedOrigins", "Only a client that signs members in (with redirect URIs) calls from a browser.");
                }

                credentials = await provisioning.CreateConfidentialClientAsync(input.String("displayName")!, scopes, context.CancellationToken);
            }
            else
            {
                credentials = await provisioning.CreateMemberClientAsync(input.String("displayName")!, kind, scopes, redirectUris, isThirdParty, context.CancellationToken, allowedOrigins: origins);
            }

            var db = context.Db();
            var client = await db.OAuthClients.SingleAsync(c => c.ClientId == credentials.ClientId, context.CancellationToken);
            return new OAuthClientRegistration(client, kind == OAuthClientKind.Confidential ? credentials.ClientSecret : null);
        }).Description("Registers an OAuth client. The secret of a confidential client is in the payload, once.")
            .RequireAdmin();

        mutation.Mutation(kit, "updateOAuthClient", new UpdateOAuthClientInputType(), "client", typeof(OAuthClientType), errors, async (context, input) =>
        {
            var services = context.RequestServices!;
            var db = context.Db();
            var client = await db.RequireAsync<OAuthClient>(input.Id("id", "OAuthClient"), "id", context.CancellationToken);
            var change = new OAuthClientChange(
                input.Has("displayName") ? input.String("displayName") ?? "" : null,
                input.Has("scopes") ? input.List<string>("scopes") : null,
                RedirectUris(input),
                input.Has("allowedOrigins") ? input.List<string>("allowedOrigins") : null,
                input.GetStruct<bool>("isThirdParty"));
            await services.GetRequiredService<WorkspaceProvisioning>().UpdateClientAsync(client, change, context.CancellationToken);
            return client;
        }).Description("Changes a client's display name, scopes, redirect URIs, allowed origins or consent; fields left out keep their value. "
                + "Removing a scope revokes the client's tokens (members sign in again); removed redirect URIs and origins are refused at once.")
            .RequireAdmin();

        mutation.Mutation(kit, "rotateOAuthClientSecret", new IdInputType("RotateOAuthClientSecretInput"), "registration", typeof(OAuthClientRegistrationType), errors, async (context, input) =>
        {
            var services = context.RequestServices!;
            var db = context.Db();
            var client = await db.RequireAsync<OAuthClient>(input.Id("id", "OAuthClient"), "id", context.CancellationToken);
            if (client.Kind != OAuthClientKind.Confidential || client.IsRevoked)
            {
                throw new DomainValidationException("id", "Only an active confidential client has a secret.");
            }

            var secret = await services.GetRequiredService<WorkspaceProvisioning>().RotateSecretAsync(client.ClientId, context.CancellationToken);
            return new OAuthClientRegistration(client, secret);
        }).Description("Gives a confidential client a new secret, shown once; the old one stops working at once.")
            .RequireAdmin();

        mutation.Mutation(kit, "revokeOAuthClient", new IdInputType("RevokeOAuthClientInput"), "client", typeof(OAuthClientType), errors, async (context, input) =>
        {
            var services = context.RequestServices!;
            var db = context.Db();
            var client = await db.RequireAsync<OAuthClient>(input.Id("id", "OAuthClient"), "id", context.CancellationToken);
            await services.GetRequiredService<WorkspaceProvisioning>().RevokeClientAsync(client.ClientId, context.CancellationToken);
            return client;
        }).Description("Revokes a client: it gets no new token and its tokens stop working.")
            .RequireAdmin();
    }

    private static MemberRoles RolesOf(InputReader input) =>
        input.List<MemberRoles>("roles").Aggregate(MemberRoles.None, (all, role) => all | role);

    /// <summary>The redirect URIs of the input, or null when it leaves them out.</summary>
    private static List<Uri>? RedirectUris(InputReader input) =>
        input.Has("redirectUris") ? input.List<string>("redirectUris").Select(RedirectUri).ToList() : null;

    private static Uri RedirectUri(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) && uri.Fragment.Length == 0
            ? uri
            : throw new DomainValidationException("redirectUris", $"Not an absolute http(s) URI without a fragment: {value}");
}

public static class AdminQueries
{
    public static void Add(ObjectGraphType query, SchemaKit kit) =>
        query.Connection(kit, "oauthClients", "OAuthClients", typeof(OAuthClientType),
                c => c.Db().OAuthClients,
                SortKey.Asc((OAuthClient c) => c.DisplayName))
            .Description("The workspace's OAuth clients, revoked ones included.")
            .RequireAdmin();
}
