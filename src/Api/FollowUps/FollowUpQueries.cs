using ContactBox.Api.GraphQL;
using ContactBox.Api.GraphQL.Authorization;
using ContactBox.Api.GraphQL.DataLoading;
using ContactBox.Api.GraphQL.Paging;
using ContactBox.Api.GraphQL.Scalars;
using ContactBox.Api.GraphQL.Sorting;
using ContactBox.Domain.Auth;
using ContactBox.Domain.FollowUps;
using ContactBox.Infrastructure.Tenancy;
using GraphQL;
using GraphQL.Types;

namespace ContactBox.Api.FollowUps;

public static class FollowUpQueries
{
    public static void Add(ObjectGraphType query, SchemaKit kit)
    {
        query.Connection(kit, "followUps", "FollowUps", typeof(FollowUpType),
                c => c.Db().FollowUps,
                SortKey.Asc((FollowUp f) => f.DueAt))
            .Description("All follow-ups of the workspace, earliest due first unless ordered otherwise.")
            .RequireScopes(AuthScopes.ContactsRead);

        query.Connection(kit, "myDueFollowUps", "MyDueFollowUps", typeof(FollowUpType),
                c =>
                {
                    var me = c.RequestServices!.GetRequiredService<CurrentWorkspace>().ActorId
                        ?? throw new ExecutionError("Only a team member has follow-ups of their own; this token speaks for a client.") { Code = ErrorCodes.NotAuthorized };
                    var until = (c.GetArgument<DateTimeOffset?>("dueBefore") ?? c.Now()).ToUniversalTime();
                    return c.Db().FollowUps
                        .Where(f => f.AssigneeId == me && f.CompletedAt == null && f.DueAt <= until);
                },
                SortKey.Asc((FollowUp f) => f.DueAt))
            .Argument<DateTimeType>("dueBefore", "Include follow-ups due up to this instant; now when left out.")
            .Description("Open follow-ups assigned to you that are due, earliest first; only a team member has them.")
            .RequireScopes(AuthScopes.ContactsRead);
    }
}
