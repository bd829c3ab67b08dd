using ContactBox.Api.GraphQL.Relay;
using ContactBox.Domain.Members;
using GraphQL;
using GraphQL.Types;

namespace ContactBox.Api.Members;

public sealed class MemberType : ObjectGraphType<Member>
{
    public MemberType(NodeRegistry nodes)
    {
        Name = "Member";
        this.Authorize();
        Description = "A team member of the workspace.";
        this.AsNode(nodes);
        Field(m => m.Name);
        Field(m => m.Email);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MemberRoleType>>>>("roles")
            .Resolve(c => RolesOf(c.Source));
        Field(m => m.IsActive);
        Field(m => m.MustChangePassword).Description("The member holds a one-time password and must choose a new one at the next sign-in.");
        Field(m => m.OneTimePasswordExpiresAt, nullable: true).Description("Until when the one-time password opens the account.");
        Field(m => m.LastSignInAt, nullable: true).Description("When the member last signed in.");
        Field(m => m.CreatedAt);
    }

    public static IReadOnlyList<MemberRoles> RolesOf(Member member) =>
        Enum.GetValues<MemberRoles>().Where(r => r != MemberRoles.None && member.Roles.HasFlag(r)).ToList();
}

public sealed class MemberRoleType : EnumerationGraphType
{
    public MemberRoleType()
    {
        Name = "MemberRole";
        Add("MEMBER", MemberRoles.Member, "Works with contacts.");
        Add("DPO", MemberRoles.Dpo, "Data protection officer: manages the privacy catalog and reads the audit log.");
        Add("ADMIN", MemberRoles.Admin, "Manages members, OAuth clients and workspace settings.");
    }
}
