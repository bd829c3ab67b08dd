using ContactBox.Api.GraphQL;
using ContactBox.Api.GraphQL.Paging;
using ContactBox.Api.GraphQL.Scalars;
using ContactBox.Api.GraphQL.Sorting;
using ContactBox.Domain.FollowUps;
using ContactBox.Infrastructure.Persistence;
using ContactBox.Infrastructure.Tenancy;
using GraphQL;
using GraphQL.Types;

namespace ContactBox.Api.FollowUps;

public static class FollowUpQueries
{
    public static void Add(ObjectGraphType query, SchemaKit kit)
    {
        query.Connection(kit, "followUps", "FollowUps", typeof(FollowUpType),
                c => c.RequestServices!.GetRequiredService<ContactBoxDbContext>().FollowUps,
                SortKey.Asc((FollowUp f) => f.DueAt))
            .Description("All follow-ups of the workspace, earliest due first unless ordered otherwise.");

        query.Connection(kit, "myDueFollowUps", "MyDueFollowUps", typeof(FollowUpType),
                c =>
                {
                    var services = c.RequestServices!;
                    var me = services.GetRequiredService<CurrentWorkspace>().ActorId
                        ?? throw new ExecutionError("The request is not made by a team member.") { Code = "AUTH_NOT_AUTHENTICATED" };
                    var until = (c.GetArgument<DateTimeOffset?>("dueBefore") ?? services.GetRequiredService<TimeProvider>().GetUtcNow()).ToUniversalTime();
                    return services.GetRequiredService<ContactBoxDbContext>().FollowUps
                        .Where(f => f.AssigneeId == me && f.CompletedAt == null && f.DueAt <= until);
                },
                SortKey.Asc((FollowUp f) => f.DueAt))
            .Argument<DateTimeType>("dueBefore", "Include follow-ups due up to this instant; now when left out.")
            .Description("Open follow-ups assigned to you that are due, earliest first.");
    }
}
