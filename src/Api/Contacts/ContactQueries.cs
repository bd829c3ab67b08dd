using ContactBox.Api.CustomFields;
using ContactBox.Api.GraphQL;
using ContactBox.Api.GraphQL.Authorization;
using ContactBox.Api.GraphQL.DataLoading;
using ContactBox.Api.GraphQL.Paging;
using ContactBox.Api.GraphQL.Relay;
using ContactBox.Api.GraphQL.Sorting;
using ContactBox.Domain.Auth;
using ContactBox.Domain.Contacts;
using ContactBox.Infrastructure.Persistence;
using GraphQL;
using GraphQL.Types;

namespace ContactBox.Api.Contacts;

public static class ContactQueries
{
    public static void Add(ObjectGraphType query, SchemaKit kit)
    {
        query.Connection(kit, "contacts", "Contacts", typeof(ContactType),
                c => c.Db().Contacts,
                CustomFieldOrdering.LeadingKeysAsync,
                SortKey.Asc((Contact c) => c.DisplayName))
            .Argument<CustomFieldOrderInputType>(CustomFieldOrdering.Argument, "Orders by a custom field first, then by order (or by display name).")
            .Description("The contacts of the workspace; by display name unless ordered otherwise.")
            .RequireScopes(AuthScopes.ContactsRead);

        query.Field<ContactType>("contact")
            .Description("One contact by its ID; null when there is none.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .RequireScopes(AuthScopes.ContactsRead)
            .Resolve(c => c.Loaders().ById<Contact>().Load(GlobalId.Parse(c.GetArgument<string>("id"), "Contact", "id")));
    }
}
