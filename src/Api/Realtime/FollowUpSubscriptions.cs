using ContactBox.Api.Auth;
using ContactBox.Api.FollowUps;
using ContactBox.Api.GraphQL.Authorization;
using ContactBox.Api.GraphQL.DataLoading;
using ContactBox.Domain.Auth;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Api.Realtime;

public static class FollowUpSubscriptions
{
    public const string FollowUpDue = "followUpDue";

    /// <summary>After the commit: (re)schedules the follow-up's due trigger.</summary>
    public static Task ScheduleFollowUpDueAsync(this global::GraphQL.IResolveFieldContext context, Domain.FollowUps.FollowUp followUp) =>
        FollowUpDueJob.ScheduleAsync(context.RequestServices!.GetRequiredService<Quartz.ISchedulerFactory>(), followUp, context.CancellationToken);

    public static void Add(ObjectGraphType subscription)
    {
        subscription.Event(FollowUpDue, typeof(FollowUpType), FollowUpDue,
                matches: context =>
                {
                    // A member hears of the follow-ups assigned to them; a client of every follow-up of the workspace.
                    var memberId = context.User!.MemberId();
                    return e => memberId is null || e.MemberId == memberId;
                },
                deliver: async (context, e) =>
                    await context.Db().FollowUps.AsNoTracking().FirstOrDefaultAsync(f => f.Id == e.ObjectId && f.CompletedAt == null, context.CancellationToken))
            .Description("Follow-ups whose due time arrived: yours for a member, all of the workspace for a client.")
            .RequireScopes(AuthScopes.ContactsRead);
    }
}
