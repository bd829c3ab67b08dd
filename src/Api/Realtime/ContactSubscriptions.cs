using ContactBox.Api.Contacts;
using ContactBox.Api.GraphQL;
using ContactBox.Api.GraphQL.Authorization;
using ContactBox.Api.GraphQL.DataLoading;
using ContactBox.Api.GraphQL.Filtering;
using ContactBox.Api.GraphQL.Relay;
using ContactBox.Api.GraphQL.Scalars;
using ContactBox.Domain.Auth;
using ContactBox.Domain.Contacts;
using ContactBox.Infrastructure.Realtime;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Api.Realtime;

/// <summary>What happened to a contact.</summary>
public enum ContactChangeKind
{
    Created,
    Updated,
    Deleted,
}

/// <summary>A <c>contactChanged</c> event as the subscriber sees it: the contact read in its scope (null once deleted).</summary>
public sealed record ContactChange(ContactChangeKind Kind, Guid ContactId, Contact? Contact, DateTimeOffset PublishedAt);

public static class ContactSubscriptions
{
    public const string ContactChanged = "contactChanged";

    public static void Add(ObjectGraphType subscription, SchemaKit kit)
    {
        subscription.Event(ContactChanged, typeof(ContactChangedEventType), ContactChanged, deliver: async (context, e) =>
            {
                var kind = Enum.Parse<ContactChangeKind>(e.Change!, ignoreCase: true);
                if (kind == ContactChangeKind.Deleted)
                {
                    // Nothing is left to match `where` against: every subscriber of the workspace learns the ID.
                    return new ContactChange(kind, e.ObjectId, null, e.PublishedAt);
                }

                var contacts = context.Db().Contacts.AsNoTracking().Include(c => c.Tags).Where(c => c.Id == e.ObjectId);
                var where = context.GetArgument<Dictionary<string, object?>?>("where");
                if (where is not null)
                {
                    contacts = contacts.Where(FilterTranslator.Translate<Contact>(kit.Shape<Contact>(), where));
                }

                var contact = await contacts.FirstOrDefaultAsync(context.CancellationToken);
                return contact is null ? null : new ContactChange(kind, contact.Id, contact, e.PublishedAt);
            })
            .Argument(kit.FilterType<Contact>(), "where")
            .Description("Contacts created, updated or deleted in your workspace; with `where`, created and updated ones that match it (deletions always arrive, with the ID only).")
            .RequireScopes(AuthScopes.ContactsRead);
    }

    /// <summary>Publishes the change after the commit.</summary>
    public static Task PublishContactChangedAsync(this IResolveFieldContext context, Contact contact, ContactChangeKind kind) =>
        context.PublishAsync(ContactChanged, contact.Id, kind.ToString().ToUpperInvariant());
}

public sealed class ContactChangeKindType : EnumerationGraphType<ContactChangeKind>
{
    public ContactChangeKindType()
    {
        Name = "ContactChangeKind";
    }
}

public sealed class ContactChangedEventType : ObjectGraphType<ContactChange>
{
    public ContactChangedEventType()
    {
        Name = "ContactChangedEvent";
        Description = "A contact was created, updated or deleted.";
        Field<NonNullGraphType<ContactChangeKindType>>("kind").Resolve(c => c.Source.Kind);
        Field<NonNullGraphType<IdGraphType>>("contactId").Resolve(c => GlobalId.Format("Contact", c.Source.ContactId));
        Field<ContactType>("contact").Description("The contact as it is now; null when it was deleted.").Resolve(c => c.Source.Contact);
        Field<NonNullGraphType<DateTimeType>>("publishedAt").Description("When the change was committed and published.").Resolve(c => c.Source.PublishedAt);
    }
}
