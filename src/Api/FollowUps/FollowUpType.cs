using ContactBox.Api.Attachments;
using ContactBox.Api.Contacts;
using ContactBox.Api.GraphQL;
using ContactBox.Api.GraphQL.Authorization;
using ContactBox.Api.GraphQL.Relay;
using ContactBox.Api.Members;
using ContactBox.Domain.Auth;
using ContactBox.Domain.Contacts;
using ContactBox.Domain.FollowUps;
using ContactBox.Domain.Members;
using GraphQL.Types;

namespace ContactBox.Api.FollowUps;

public sealed class FollowUpType : ObjectGraphType<FollowUp>
{
    public FollowUpType(NodeRegistry nodes, SchemaKit kit)
    {
        Name = "FollowUp";
        this.RequireScopes(AuthScopes.ContactsRead);
        Description = "A dated reminder on a contact (Wiedervorlage), assigned to a team member.";
        this.AsNode(nodes);
        Field(f => f.Subject);
        Field(f => f.Note, nullable: true);
        Field(f => f.DueAt);
        Field(f => f.CompletedAt, nullable: true);
        Field(f => f.IsCompleted);
        this.Reference<FollowUp, Contact, ContactType>("contact", f => f.ContactId);
        this.Reference<FollowUp, Member, MemberType>("assignee", f => f.AssigneeId);
        Field(f => f.CreatedAt);
        Field(f => f.UpdatedAt);
        this.Attachments(kit, a => a.FollowUpId!.Value);
    }
}
