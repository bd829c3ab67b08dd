using ContactBox.Api.GraphQL;
using ContactBox.Api.GraphQL.DataLoading;
using ContactBox.Api.GraphQL.Paging;
using ContactBox.Api.GraphQL.Sorting;
using ContactBox.Domain.Members;
using ContactBox.Infrastructure.Persistence;
using ContactBox.Infrastructure.Tenancy;
using GraphQL;
using GraphQL.Types;

namespace ContactBox.Api.Members;

public static class MemberQueries
{
    public static void Add(ObjectGraphType query, SchemaKit kit)
    {
        query.Field<NonNullGraphType<MemberType>>("me")
            .Description("The team member making the request.")
            .Resolve(c =>
            {
                var actor = c.RequestServices!.GetRequiredService<CurrentWorkspace>().ActorId
                    ?? throw new ExecutionError("The request is not made by a team member.") { Code = "AUTH_NOT_AUTHENTICATED" };
                return c.Loaders().ById<Member>().Load(actor);
            });

        query.Connection(kit, "members", "Members", typeof(MemberType),
            c => c.RequestServices!.GetRequiredService<ContactBoxDbContext>().Members,
            SortKey.Asc((Member m) => m.Name));
    }
}
