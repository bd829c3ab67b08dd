using ContactBox.Api.GraphQL.Authorization;
using ContactBox.Api.GraphQL.DataLoading;
using ContactBox.Api.GraphQL.Relay;
using ContactBox.Api.Timeline;
using ContactBox.Domain.Auth;
using ContactBox.Domain.Timeline;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Api.Realtime;

public static class TimelineSubscriptions
{
    public const string TimelineEntryAdded = "timelineEntryAdded";

    public static void Add(ObjectGraphType subscription)
    {
        subscription.Event(TimelineEntryAdded, typeof(TimelineEntryType), TimelineEntryAdded,
                matches: context =>
                {
                    var contactId = context.GetArgument<string?>("contactId") is { } id ? GlobalId.Parse(id, "Contact", "contactId") : (Guid?)null;
                    return e => contactId is null || e.ParentId == contactId;
                },
                deliver: async (context, e) =>
                    await context.Db().TimelineEntries.AsNoTracking().FirstOrDefaultAsync(t => t.Id == e.ObjectId, context.CancellationToken))
            .Argument<IdGraphType>("contactId", "Only entries of this contact; all you may see when left out.")
            .Description("Timeline entries added in your workspace.")
            .RequireScopes(AuthScopes.ContactsRead);
    }

    public static Task PublishTimelineEntryAddedAsync(this IResolveFieldContext context, TimelineEntry entry) =>
        context.PublishAsync(TimelineEntryAdded, entry.Id, parentId: entry.ContactId);
}
