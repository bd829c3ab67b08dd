using ContactBox.Api.Attachments;
using ContactBox.Api.Contacts;
using ContactBox.Api.GraphQL;
using ContactBox.Api.GraphQL.Authorization;
using ContactBox.Api.GraphQL.Relay;
using ContactBox.Api.Members;
using ContactBox.Domain.Auth;
using ContactBox.Domain.Contacts;
using ContactBox.Domain.Members;
using ContactBox.Domain.Timeline;
using GraphQL.Types;

namespace ContactBox.Api.Timeline;

public sealed class TimelineEntryType : ObjectGraphType<TimelineEntry>
{
    public TimelineEntryType(NodeRegistry nodes, SchemaKit kit)
    {
        Name = "TimelineEntry";
        this.RequireScopes(AuthScopes.ContactsRead);
        Description = "One item of a contact's conversation history: a note, call, e-mail, meeting, letter or system entry.";
        this.AsNode(nodes);
        Field(t => t.Kind);
        Field(t => t.Direction, nullable: true);
        Field(t => t.Subject, nullable: true);
        Field(t => t.Body, nullable: true);
        Field(t => t.OccurredAt);
        this.Reference<TimelineEntry, Member, MemberType>("author", t => t.AuthorId);
        this.Reference<TimelineEntry, Contact, ContactType>("contact", t => t.ContactId);
        Field(t => t.CreatedAt);
        Field(t => t.UpdatedAt);
        this.Attachments(kit, a => a.TimelineEntryId!.Value);
    }
}
