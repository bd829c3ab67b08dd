using ContactBox.Api.GraphQL;
using ContactBox.Api.GraphQL.DataLoading;
using ContactBox.Api.GraphQL.Paging;
using ContactBox.Api.GraphQL.Relay;
using ContactBox.Api.GraphQL.Sorting;
using ContactBox.Domain.Operations;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Api.Operations;

public static class OperationQueries
{
    public static void Add(ObjectGraphType query, SchemaKit kit)
    {
        query.Field<BackgroundOperationType>("operation")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Description("One of your operations (any of the workspace's for an admin); null when there is none you may see.")
            .Authorize()
            .ResolveAsync(async c =>
            {
                var id = GlobalId.Parse(c.GetArgument<string>("id"), "BackgroundOperation", "id");
                return await OperationAccess.Visible(c.Db().Set<BackgroundOperation>(), c.User).AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, c.CancellationToken);
            });

        query.Connection(kit, "operations", "BackgroundOperations", typeof(BackgroundOperationType),
                c => OperationAccess.Visible(c.Db().Set<BackgroundOperation>(), c.User),
                SortKey.Desc((BackgroundOperation o) => o.CreatedAt))
            .Description("Your exports and imports, newest first (all of the workspace's for an admin).")
            .Authorize();
    }
}
