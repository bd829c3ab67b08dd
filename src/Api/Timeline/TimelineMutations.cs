using ContactBox.Api.GraphQL;
using ContactBox.Api.GraphQL.Authorization;
using ContactBox.Api.GraphQL.DataLoading;
using ContactBox.Api.GraphQL.Mutations;
using ContactBox.Api.Realtime;
using ContactBox.Domain.Auth;
using ContactBox.Domain.Common;
using ContactBox.Domain.Contacts;
using ContactBox.Domain.Timeline;
using ContactBox.Infrastructure.Persistence;
using ContactBox.Infrastructure.Tenancy;
using GraphQL.Types;

namespace ContactBox.Api.Timeline;

public static class TimelineMutations
{
    public static void Add(ObjectGraphType mutation, SchemaKit kit)
    {
        Type[] errors = [typeof(ValidationErrorType), typeof(NotFoundErrorType)];

        mutation.Mutation(kit, "addTimelineEntry", new AddTimelineEntryInputType(), "timelineEntry", typeof(TimelineEntryType), errors, async (context, input) =>
        {
            var db = context.Db();
            var contact = await db.RequireAsync<Contact>(input.Id("contactId", "Contact"), "contactId", context.CancellationToken);
            var kind = input.Get<TimelineEntryKind>("kind");
            if (kind == TimelineEntryKind.System)
            {
                throw new DomainValidationException("kind", "System entries are written by ContactBox itself.");
            }

            var entry = new TimelineEntry(contact.Id, kind, input.GetStruct<Direction>("direction"), input.String("subject"), input.String("body"),
                input.GetStruct<DateTimeOffset>("occurredAt") ?? context.Now(),
                context.RequestServices!.GetRequiredService<CurrentWorkspace>().ActorId);
            db.TimelineEntries.Add(entry);
            await db.SaveChangesAsync(context.CancellationToken);
            await context.PublishTimelineEntryAddedAsync(entry);
            return entry;
        }).Description("Adds a note, call, e-mail, meeting or letter to a contact's timeline.")
            .RequireScopes(AuthScopes.ContactsWrite);

        mutation.Mutation(kit, "updateTimelineEntry", new UpdateTimelineEntryInputType(), "timelineEntry", typeof(TimelineEntryType), errors, async (context, input) =>
        {
            var db = context.Db();
            var entry = await db.RequireAsync<TimelineEntry>(input.Id("id", "TimelineEntry"), "id", context.CancellationToken);
            var kind = input.Has("kind") ? input.Get<TimelineEntryKind>("kind") : entry.Kind;
            if (kind == TimelineEntryKind.System && entry.Kind != TimelineEntryKind.System)
            {
                throw new DomainValidationException("kind", "System entries are written by ContactBox itself.");
            }

            entry.Update(kind,
                input.Has("direction") ? input.GetStruct<Direction>("direction") : entry.Direction,
                input.Or("subject", entry.Subject),
                input.Or("body", entry.Body),
                input.GetStruct<DateTimeOffset>("occurredAt") ?? entry.OccurredAt);
            await db.SaveChangesAsync(context.CancellationToken);
            return entry;
        }).Description("Changes a timeline entry. Fields left out keep their value.")
            .RequireScopes(AuthScopes.ContactsWrite);

        mutation.Mutation(kit, "deleteTimelineEntry", new IdInputType("DeleteTimelineEntryInput"), "timelineEntry", typeof(TimelineEntryType), errors, async (context, input) =>
        {
            var db = context.Db();
            var entry = await db.RequireAsync<TimelineEntry>(input.Id("id", "TimelineEntry"), "id", context.CancellationToken);
            if (entry.Kind == TimelineEntryKind.System)
            {
                throw new DomainValidationException("id", "System entries cannot be deleted.");
            }

            db.TimelineEntries.Remove(entry);
            await db.SaveChangesAsync(context.CancellationToken);
            return entry;
        }).Description("Deletes a timeline entry. Returns the deleted entry.")
            .RequireScopes(AuthScopes.ContactsWrite);
    }
}
