using ContactBox.Api.GraphQL;
using ContactBox.Api.GraphQL.Authorization;
using ContactBox.Api.GraphQL.DataLoading;
using ContactBox.Domain.Auth;
using GraphQL;
using GraphQL.Types;

namespace ContactBox.Api.CustomFields;

public static class CustomFieldQueries
{
    public static void Add(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<CustomFieldGraphType>>>>("customFields")
            .Description("The workspace's custom fields for contacts, in the admins' order.")
            .Argument<BooleanGraphType>("includeArchived", a => a.DefaultValue = false)
            .ResolveAsync(async c =>
            {
                var fields = await CustomFieldLoaders.CatalogAsync(c.Db(), c.CancellationToken);
                return fields.Where(f => c.GetArgument<bool>("includeArchived") || !f.IsArchived).ToList();
            })
            .RequireScopes(AuthScopes.ContactsRead);
    }
}
