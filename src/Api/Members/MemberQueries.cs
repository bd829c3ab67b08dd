using ContactBox.Api.GraphQL;
using ContactBox.Api.GraphQL.DataLoading;
using ContactBox.Api.GraphQL.Paging;
using ContactBox.Api.GraphQL.Sorting;
using ContactBox.Domain.Members;
using ContactBox.Infrastructure.Persistence;
using GraphQL;
using GraphQL.Types;

namespace ContactBox.Api.Members;

public static class MemberQueries
{
    // me (the caller, member or client) lives with the other auth types: Auth/ViewerTypes.cs.
    public static void Add(ObjectGraphType query, SchemaKit kit) =>
        query.Connection(kit, "members", "Members", typeof(MemberType),
                c => c.Db().Members,
                SortKey.Asc((Member m) => m.Name))
            .Authorize();
}
