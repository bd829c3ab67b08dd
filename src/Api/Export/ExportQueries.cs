using ContactBox.Api.GraphQL;
using ContactBox.Api.GraphQL.Authorization;
using ContactBox.Api.GraphQL.DataLoading;
using ContactBox.Api.GraphQL.Paging;
using ContactBox.Api.GraphQL.Relay;
using ContactBox.Api.GraphQL.Sorting;
using ContactBox.Api.Privacy;
using ContactBox.Domain.Auth;
using ContactBox.Domain.Export;
using ContactBox.Infrastructure.Export;
using GraphQL;
using GraphQL.Types;

namespace ContactBox.Api.Export;

public static class ExportQueries
{
    public static void Add(ObjectGraphType query, SchemaKit kit) =>
        query.Connection(kit, "exports", "Exports", typeof(ContactExportType),
                async c =>
                {
                    var exports = c.Db().Set<ContactExport>().AsQueryable();
                    if (c.GetArgument<string?>("contactId") is { } contact)
                    {
                        var contactId = GlobalId.Parse(contact, "Contact", "contactId");
                        // The contact's bucket of each export, searched in memory: membership is not a SQL predicate.
                        var ids = await ExportPrivacy.ExportIdsAsync(c.Db(), contactId, c.CancellationToken);
                        exports = exports.Where(e => ids.Contains(e.Id));
                    }

                    return exports;
                },
                SortKey.Desc((ContactExport e) => e.CreatedAt))
            .Argument<IdGraphType>("contactId", "Only the exports that included this contact.")
            .Description("The workspace's exports, newest first: for the DPO (scopes export and privacy.admin, role DPO or ADMIN).")
            .RequireScopes(AuthScopes.Export)
            .Officer();
}
