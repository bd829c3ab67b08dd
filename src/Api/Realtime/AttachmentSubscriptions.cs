using ContactBox.Api.Attachments;
using ContactBox.Api.GraphQL.Authorization;
using ContactBox.Api.GraphQL.DataLoading;
using ContactBox.Api.GraphQL.Relay;
using ContactBox.Domain.Attachments;
using ContactBox.Domain.Auth;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Api.Realtime;

public static class AttachmentSubscriptions
{
    public const string AttachmentAdded = "attachmentAdded";

    public static void Add(ObjectGraphType subscription)
    {
        subscription.Event(AttachmentAdded, typeof(AttachmentType), AttachmentAdded,
                matches: context =>
                {
                    var ownerId = context.GetArgument<string?>("ownerId") is { } id ? OwnerKey(id) : (Guid?)null;
                    return e => ownerId is null || e.ParentId == ownerId;
                },
                deliver: async (context, e) =>
                    await context.Db().Attachments.AsNoTracking().FirstOrDefaultAsync(a => a.Id == e.ObjectId, context.CancellationToken))
            .Argument<IdGraphType>("ownerId", "Only attachments of this contact, timeline entry, appointment or follow-up; all you may see when left out.")
            .Description("Attachments uploaded in your workspace.")
            .RequireScopes(AuthScopes.Attachments);
    }

    public static Task PublishAttachmentAddedAsync(this IResolveFieldContext context, Attachment attachment) =>
        context.PublishAsync(AttachmentAdded, attachment.Id, parentId: attachment.Owner.Id);

    private static Guid OwnerKey(string id) =>
        AttachmentOwnerIds.TryParse(id, out var owner)
            ? owner.Id
            : throw new InvalidIdException("ownerId", $"'{id}' is not the ID of a Contact, TimelineEntry, Appointment or FollowUp.");
}
