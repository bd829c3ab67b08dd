using ContactBox.Api.CustomFields;
using ContactBox.Api.GraphQL;
using ContactBox.Api.GraphQL.Authorization;
using ContactBox.Api.GraphQL.DataLoading;
using ContactBox.Api.GraphQL.Mutations;
using ContactBox.Api.Realtime;
using ContactBox.Domain.Auth;
using ContactBox.Domain.Common;
using ContactBox.Domain.Contacts;
using ContactBox.Domain.Members;
using ContactBox.Infrastructure.Persistence;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Api.Contacts;

public static class ContactMutations
{
    public static void Add(ObjectGraphType mutation, SchemaKit kit)
    {
        Type[] errors = [typeof(ValidationErrorType), typeof(NotFoundErrorType)];

        mutation.Mutation(kit, "createContact", new CreateContactInputType(), "contact", typeof(ContactType), errors, async (context, input) =>
        {
            var db = context.Db();
            var details = await ReadDetailsAsync(db, input, new ContactDetails(), context.CancellationToken);
            var contact = new Contact(input.Get<ContactKind>("kind"), details, context.Now());
            await CustomFieldLoaders.ApplyAsync(db, contact, CustomFields(input), isNew: true, context.CancellationToken);
            await CheckEmployerAsync(db, contact, input, context.CancellationToken);
            await CheckExternalIdAsync(db, contact, context.CancellationToken);
            db.Contacts.Add(contact);
            await db.SaveChangesAsync(context.CancellationToken);
            await context.PublishContactChangedAsync(contact, ContactChangeKind.Created);
            return contact;
        }).Description("Creates a person or an organisation.")
            .RequireScopes(AuthScopes.ContactsWrite);

        mutation.Mutation(kit, "updateContact", new UpdateContactInputType(), "contact", typeof(ContactType), [.. errors, typeof(ConcurrencyErrorType)], async (context, input) =>
        {
            var db = context.Db();
            var id = input.Id("id", "Contact");
            var contact = await db.Contacts.Include(c => c.Tags).RequireAsync(id, "id", context.CancellationToken);
            var details = await ReadDetailsAsync(db, input, contact.ToDetails(), context.CancellationToken);
            contact.Update(details, input.Get<int>("version"), context.Now());
            await CustomFieldLoaders.ApplyAsync(db, contact, CustomFields(input), isNew: false, context.CancellationToken);
            await CheckEmployerAsync(db, contact, input, context.CancellationToken);
            await CheckExternalIdAsync(db, contact, context.CancellationToken);
            try
            {
                await db.SaveChangesAsync(context.CancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Someone saved between our read and our write: report the version that won.
                var current = await db.Contacts.AsNoTracking().Where(c => c.Id == id).Select(c => c.Version).FirstOrDefaultAsync(context.CancellationToken);
                throw new ConcurrencyConflictException(id, input.Get<int>("version"), current);
            }

            await context.PublishContactChangedAsync(contact, ContactChangeKind.Updated);
            return contact;
        }).Description("Changes a contact's master data. Fields left out keep their value; lists given replace the whole list.")
            .RequireScopes(AuthScopes.ContactsWrite);

        mutation.Mutation(kit, "deleteContact", new IdInputType("DeleteContactInput"), "contact", typeof(ContactType), errors, async (context, input) =>
        {
            var db = context.Db();
            var contact = await db.RequireAsync<Contact>(input.Id("id", "Contact"), "id", context.CancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(context.CancellationToken);

            // Employees keep existing without their employer; timeline, follow-ups and participations go with the contact.
            await db.Contacts.Where(c => c.EmployerId == contact.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.EmployerId, (Guid?)null), context.CancellationToken);
            db.Contacts.Remove(contact);
            await db.SaveChangesAsync(context.CancellationToken);
            await transaction.CommitAsync(context.CancellationToken);
            await context.PublishContactChangedAsync(contact, ContactChangeKind.Deleted);
            return contact;
        }).Description("Deletes a contact with its timeline, follow-ups and appointment participations. Returns the deleted contact.")
            .RequireScopes(AuthScopes.ContactsWrite);
    }

    private static IReadOnlyList<Domain.CustomFields.CustomFieldEntry>? CustomFields(InputReader input) =>
        input.Has("customFields") ? CustomFieldValueInputType.Read(input) : null;

    /// <summary>Reads the master data fields over <paramref name="current"/>: left-out fields keep their value.</summary>
    private static async Task<ContactDetails> ReadDetailsAsync(ContactBoxDbContext db, InputReader input, ContactDetails current, CancellationToken cancellationToken)
    {
        var details = current with
        {
            Salutation = input.Has("salutation") ? input.GetStruct<Salutation>("salutation") : current.Salutation,
            Title = input.Or("title", current.Title),
            FirstName = input.Or("firstName", current.FirstName),
            LastName = input.Or("lastName", current.LastName),
            OrganizationName = input.Or("organizationName", current.OrganizationName),
            Department = input.Or("department", current.Department),
            JobTitle = input.Or("jobTitle", current.JobTitle),
            ExternalId = input.Or("externalId", current.ExternalId),
            Website = input.Or("website", current.Website),
            Birthday = input.Has("birthday") ? input.GetStruct<DateOnly>("birthday") : current.Birthday,
            OwnerId = input.Has("ownerId") ? input.OptionalId("ownerId", "Member") : current.OwnerId,
            EmployerId = input.Has("employerId") ? input.OptionalId("employerId", "Contact") : current.EmployerId,
            Emails = input.Has("emails")
                ? input.Objects("emails").Select(e => EmailAddress.Create(e.String("address"), e.String("label"), e.Get<bool>("isPrimary"), e.Location)).ToList()
                : current.Emails,
            Phones = input.Has("phones")
                ? input.Objects("phones").Select(p => PhoneNumber.Create(p.String("number"), p.String("label"), p.Get<bool>("isPrimary"), p.Location)).ToList()
                : current.Phones,
            Addresses = input.Has("addresses")
                ? input.Objects("addresses").Select(a => PostalAddress.Create(a.String("label"), a.String("street"), a.String("postalCode"), a.String("city"), a.String("region"), a.String("country"), a.Location)).ToList()
                : current.Addresses,
            Tags = input.Has("tags") ? input.List<string>("tags") : current.Tags,
        };

        if (details.OwnerId is { } ownerId && input.Has("ownerId"))
        {
            var owner = await db.RequireAsync<Member>(ownerId, "ownerId", cancellationToken);
            if (!owner.IsActive)
            {
                throw new DomainValidationException("ownerId", "The owner must be an active team member.");
            }
        }

        return details;
    }

    private static async Task CheckExternalIdAsync(ContactBoxDbContext db, Contact contact, CancellationToken cancellationToken)
    {
        if (contact.ExternalId is { } externalId && await db.Contacts.AnyAsync(c => c.ExternalId == externalId && c.Id != contact.Id, cancellationToken))
        {
            throw new DomainValidationException("externalId", UniqueViolation.Taken("contact", "externalId", externalId));
        }
    }

    private static async Task CheckEmployerAsync(ContactBoxDbContext db, Contact contact, InputReader input, CancellationToken cancellationToken)
    {
        if (contact.EmployerId is { } employerId && input.Has("employerId"))
        {
            var employer = await db.RequireAsync<Contact>(employerId, "employerId", cancellationToken);
            if (employer.Kind != ContactKind.Organization)
            {
                throw new DomainValidationException("employerId", "The employer must be an organisation.");
            }
        }
    }
}
