using ContactBox.Api.Attachments;
using ContactBox.Api.Appointments;
using ContactBox.Api.CustomFields;
using ContactBox.Api.FollowUps;
using ContactBox.Api.GraphQL;
using ContactBox.Api.GraphQL.Authorization;
using ContactBox.Api.GraphQL.DataLoading;
using ContactBox.Api.GraphQL.Paging;
using ContactBox.Api.GraphQL.Relay;
using ContactBox.Api.GraphQL.Sorting;
using ContactBox.Api.Members;
using ContactBox.Api.Privacy;
using ContactBox.Api.Timeline;
using ContactBox.Domain.Appointments;
using ContactBox.Domain.Auth;
using ContactBox.Domain.Contacts;
using ContactBox.Domain.FollowUps;
using ContactBox.Domain.Members;
using ContactBox.Domain.Timeline;
using GraphQL.Types;

namespace ContactBox.Api.Contacts;

public sealed class ContactType : ObjectGraphType<Contact>
{
    public ContactType(NodeRegistry nodes, SchemaKit kit)
    {
        Name = "Contact";
        this.RequireScopes(AuthScopes.ContactsRead);
        Description = "A person or an organisation the team is in touch with.";
        this.AsNode(nodes);
        Field(c => c.Kind);
        Field(c => c.Salutation, nullable: true);
        Field(c => c.Title, nullable: true);
        Field(c => c.FirstName, nullable: true);
        Field(c => c.LastName, nullable: true);
        Field(c => c.OrganizationName, nullable: true);
        Field(c => c.Department, nullable: true);
        Field(c => c.JobTitle, nullable: true);
        Field(c => c.ExternalId, nullable: true).Description("The contact's key in another system (e.g. the CRM it came from); unique in the workspace.");
        Field(c => c.DisplayName).Description("\"Dr. Erika Mustermann\" for a person, the name for an organisation.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<EmailAddressType>>>>("emails").Resolve(c => c.Source.Emails);
        Field<EmailAddressType>("primaryEmail").Resolve(c => c.Source.Emails.FirstOrDefault(e => e.IsPrimary));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PhoneNumberType>>>>("phones").Resolve(c => c.Source.Phones);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PostalAddressType>>>>("addresses").Resolve(c => c.Source.Addresses);
        Field(c => c.Website, nullable: true);
        Field(c => c.Birthday, nullable: true);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ContactTagType>>>>("tags")
            .Resolve(c => c.Loaders().ChildrenOf<ContactTag>("tags", t => t.ContactId).Load(c.Source.Id)
                .Then(tags => tags!.OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase).ThenBy(t => t.Name, StringComparer.Ordinal).ToList()));
        this.Reference<Contact, Member, MemberType>("owner", c => c.OwnerId);
        this.Reference<Contact, Contact, ContactType>("employer", c => c.EmployerId);
        Field(c => c.Version).Description("Changes with every update; pass it to updateContact.");
        Field(c => c.CreatedAt);
        this.Reference<Contact, Member, MemberType>("createdBy", c => c.CreatedById);
        Field(c => c.UpdatedAt);
        this.Reference<Contact, Member, MemberType>("updatedBy", c => c.UpdatedById);
        this.Attachments(kit, a => a.ContactId!.Value);

        this.ChildConnection<Contact, TimelineEntry>(kit, "timeline", "Timeline", typeof(TimelineEntryType),
                t => t.ContactId, SortKey.Desc((TimelineEntry t) => t.OccurredAt))
            .Description("The contact's conversation history, newest first unless ordered otherwise.");
        this.ChildConnection<Contact, FollowUp>(kit, "followUps", "ContactFollowUps", typeof(FollowUpType),
                f => f.ContactId, SortKey.Asc((FollowUp f) => f.DueAt))
            .Description("Follow-ups on this contact, earliest due first unless ordered otherwise.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AppointmentType>>>>("appointments")
            .Description("Appointments the contact takes part in, by start.")
            .Resolve(c => c.Loaders().GetOrAdd<Guid, IReadOnlyList<Appointment>>("appointmentsOfContact", AppointmentLoaders.ForContactsAsync, () => []).Load(c.Source.Id));
        this.AddPrivacyField();
        this.AddCustomFieldsField();
    }
}

public sealed class EmailAddressType : ObjectGraphType<EmailAddress>
{
    public EmailAddressType()
    {
        Name = "EmailAddress";
        Field(e => e.Address);
        Field(e => e.Label, nullable: true);
        Field(e => e.IsPrimary);
        Field<Export.EmailBounceType>("bounce").Description("Bounces newsletter services reported for this address; null when none.")
            .Resolve(c => Export.EmailBounceMutations.Load(c, c.Source.Address));
    }
}

public sealed class PhoneNumberType : ObjectGraphType<PhoneNumber>
{
    public PhoneNumberType()
    {
        Name = "PhoneNumber";
        Field(p => p.Number);
        Field(p => p.Label, nullable: true);
        Field(p => p.IsPrimary);
    }
}

public sealed class PostalAddressType : ObjectGraphType<PostalAddress>
{
    public PostalAddressType()
    {
        Name = "PostalAddress";
        Field(a => a.Label, nullable: true);
        Field(a => a.Street, nullable: true);
        Field(a => a.PostalCode, nullable: true);
        Field(a => a.City, nullable: true);
        Field(a => a.Region, nullable: true);
        Field(a => a.Country).Description("ISO 3166-1 alpha-2 country code, e.g. DE.");
    }
}

public sealed class ContactTagType : ObjectGraphType<ContactTag>
{
    public ContactTagType()
    {
        Name = "ContactTag";
        Field(t => t.Name);
    }
}
