using ContactBox.Api.Auth;
using ContactBox.Api.Members;
using ContactBox.Domain.Auth;
using ContactBox.Domain.Members;
using GraphQL.Types;

namespace ContactBox.Api.Admin;

/// <summary>A client as just registered or re-keyed: the secret is shown this once and only its hash is kept.</summary>
public sealed record OAuthClientRegistration(OAuthClient Client, string? ClientSecret);

public sealed class OAuthClientRegistrationType : ObjectGraphType<OAuthClientRegistration>
{
    public OAuthClientRegistrationType()
    {
        Name = "OAuthClientRegistration";
        Description = "A client with its secret, shown once: store it now, it cannot be read again.";
        Field<NonNullGraphType<OAuthClientType>>("client").Resolve(c => c.Source.Client);
        Field(r => r.ClientSecret, nullable: true).Description("The secret of a confidential client; null for a public client.");
    }
}

/// <summary>A member with the one-time password an admin just generated, shown this once.</summary>
public sealed record MemberPasswordReset(Member Member, string OneTimePassword);

public sealed class MemberPasswordResetType : ObjectGraphType<MemberPasswordReset>
{
    public MemberPasswordResetType()
    {
        Name = "MemberPasswordReset";
        Description = "The one-time password, shown once: hand it to the member, who must choose a new password at the next sign-in.";
        Field<NonNullGraphType<MemberType>>("member").Resolve(c => c.Source.Member);
        Field(r => r.OneTimePassword);
    }
}

public sealed class UpdateOAuthClientInputType : InputObjectGraphType
{
    public UpdateOAuthClientInputType()
    {
        Name = "UpdateOAuthClientInput";
        Description = "Fields left out keep their value; a list given replaces the whole list.";
        Field<NonNullGraphType<IdGraphType>>("id");
        Field<StringGraphType>("displayName");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("scopes").Description("Removing a scope revokes the client's tokens.");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("redirectUris").Description("Only for clients that sign members in; at least one.");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("allowedOrigins").Description("Only for clients that sign members in.");
        Field<BooleanGraphType>("isThirdParty").Description("Members must consent before it acts for them.");
    }
}

public sealed class CreateMemberInputType : InputObjectGraphType
{
    public CreateMemberInputType()
    {
        Name = "CreateMemberInput";
        Field<NonNullGraphType<StringGraphType>>("name");
        Field<NonNullGraphType<StringGraphType>>("email");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MemberRoleType>>>>("roles").Description("MEMBER is always added.");
        Field<StringGraphType>("password").Description("At least 12 characters. Left out, the member cannot sign in until one is set.");
    }
}

public sealed class ChangeMemberRolesInputType : InputObjectGraphType
{
    public ChangeMemberRolesInputType()
    {
        Name = "ChangeMemberRolesInput";
        Field<NonNullGraphType<IdGraphType>>("id");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MemberRoleType>>>>("roles").Description("MEMBER is always added.");
    }
}

public sealed class RegisterOAuthClientInputType : InputObjectGraphType
{
    public RegisterOAuthClientInputType()
    {
        Name = "RegisterOAuthClientInput";
        Field<NonNullGraphType<StringGraphType>>("displayName");
        Field<NonNullGraphType<EnumerationGraphType<OAuthClientKind>>>("kind");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("scopes");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("redirectUris")
            .Description("Absolute URIs the authorization code may be sent to. Without any, the client uses client credentials (CONFIDENTIAL only).");
        Field<BooleanGraphType>("isThirdParty").Description("Members must consent before it acts for them. False when left out.");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("allowedOrigins")
            .Description("Browser origins (https://app.example.com) allowed to call the API cross-origin (CORS). Needs redirect URIs.");
    }
}
