using ContactBox.Api.Auth;
using ContactBox.Api.GraphQL;
using ContactBox.Api.GraphQL.Authorization;
using ContactBox.Api.GraphQL.DataLoading;
using ContactBox.Api.GraphQL.Mutations;
using ContactBox.Api.GraphQL.Relay;
using ContactBox.Api.GraphQL.Scalars;
using ContactBox.Api.GraphQL.Transport;
using ContactBox.Api.Realtime;
using ContactBox.Domain.Appointments;
using ContactBox.Domain.Attachments;
using ContactBox.Domain.Auth;
using ContactBox.Domain.Common;
using ContactBox.Domain.Contacts;
using ContactBox.Domain.FollowUps;
using ContactBox.Domain.Members;
using ContactBox.Domain.Timeline;
using ContactBox.Infrastructure.Attachments;
using ContactBox.Infrastructure.Persistence;
using GraphQL.Types;

namespace ContactBox.Api.Attachments;

public static class AttachmentMutations
{
    public static void Add(ObjectGraphType mutation, SchemaKit kit)
    {
        Type[] uploadErrors = [typeof(ValidationErrorType), typeof(NotFoundErrorType), typeof(FileTooLargeErrorType), typeof(QuotaExceededErrorType), typeof(UnsupportedContentTypeErrorType)];
        mutation.Mutation(kit, "uploadAttachment", new UploadAttachmentInputType(), "attachment", typeof(AttachmentType), uploadErrors, async (context, input) =>
        {
            var cancellationToken = context.CancellationToken;
            var db = context.Db();
            var owner = await OwnerAsync(db, input.String("ownerId"), cancellationToken);
            var file = input.Get<IUploadedFile>("file") ?? throw new DomainValidationException("file", "file is required.");
            var storage = context.RequestServices!.GetRequiredService<AttachmentStorage>();
            try
            {
                var opened = await file.OpenAsync(cancellationToken);
                await using var content = opened.Content;
                var attachment = await storage.UploadAsync(owner, opened.FileName, input.String("description"), content, cancellationToken);
                await context.PublishAttachmentAddedAsync(attachment);
                return attachment;
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                // A chunked body that outgrew the request's limit (files × their maximum size) while this file streamed.
                throw new FileTooLargeException(context.RequestServices!.GetRequiredService<Microsoft.Extensions.Options.IOptions<AttachmentOptions>>().Value.MaxFileBytes);
            }
        }).Description("Attaches a file (a multipart request's file part, see Upload) to a contact, timeline entry, appointment or follow-up. "
                       + "Alias the field to send several files in one request.")
            .RequireScopes(AuthScopes.Attachments);

        mutation.Mutation(kit, "deleteAttachment", new IdInputType("DeleteAttachmentInput"), "attachment", typeof(AttachmentType), [typeof(NotFoundErrorType)], async (context, input) =>
        {
            var db = context.Db();
            var attachment = await db.RequireAsync<Attachment>(input.Id("id", "Attachment"), "id", context.CancellationToken);
            db.Attachments.Remove(attachment);
            // The file goes after the commit, once no other attachment refers to the same content.
            await db.SaveChangesAsync(context.CancellationToken);
            return attachment;
        }).Description("Deletes an attachment and, unless another attachment has the same content, its file.")
            .RequireScopes(AuthScopes.Attachments);

        mutation.Mutation(kit, "setStorageLimit", new SetStorageLimitInputType(), "storage", typeof(StorageUsageType), [typeof(ValidationErrorType)], async (context, input) =>
        {
            var db = context.Db();
            var workspaceId = db.Workspace.Id;
            var workspace = await db.Workspaces.FindAsync([workspaceId], context.CancellationToken);
            workspace!.SetStorageLimit(input.GetStruct<long>("limitBytes"));
            await db.SaveChangesAsync(context.CancellationToken);
            return await context.RequestServices!.GetRequiredService<AttachmentStorage>().UsageAsync(workspaceId, context.CancellationToken);
        }).Description("Sets the workspace's attachment quota; null returns to the installation's default. Uploads already stored stay.")
            .RequireAdmin();
    }

    private static async Task<AttachmentOwner> OwnerAsync(ContactBoxDbContext db, string? ownerId, CancellationToken cancellationToken)
    {
        if (!AttachmentOwnerIds.TryParse(ownerId, out var owner))
        {
            throw new DomainValidationException("ownerId", "ownerId must be the ID of a Contact, TimelineEntry, Appointment or FollowUp.");
        }

        _ = owner.Kind switch
        {
            AttachmentOwnerKind.Contact => (Entity)await db.RequireAsync<Contact>(owner.Id, "ownerId", cancellationToken),
            AttachmentOwnerKind.TimelineEntry => await db.RequireAsync<TimelineEntry>(owner.Id, "ownerId", cancellationToken),
            AttachmentOwnerKind.Appointment => await db.RequireAsync<Appointment>(owner.Id, "ownerId", cancellationToken),
            _ => await db.RequireAsync<FollowUp>(owner.Id, "ownerId", cancellationToken),
        };
        return owner;
    }
}

/// <summary>The IDs that name an attachment's owner: a Contact, TimelineEntry, Appointment or FollowUp.</summary>
public static class AttachmentOwnerIds
{
    public static bool TryParse(string? id, out AttachmentOwner owner)
    {
        if (GlobalId.TryParse(id, out var typeName, out var key)
            && Enum.TryParse<AttachmentOwnerKind>(typeName, out var kind) && kind.ToString() == typeName)
        {
            owner = new AttachmentOwner(kind, key);
            return true;
        }

        owner = default;
        return false;
    }
}

public sealed class UploadAttachmentInputType : InputObjectGraphType
{
    public UploadAttachmentInputType()
    {
        Name = "UploadAttachmentInput";
        Field<NonNullGraphType<IdGraphType>>("ownerId").Description("A Contact, TimelineEntry, Appointment or FollowUp.");
        Field<NonNullGraphType<UploadType>>("file");
        Field<StringGraphType>("description");
    }
}

public sealed class SetStorageLimitInputType : InputObjectGraphType
{
    public SetStorageLimitInputType()
    {
        Name = "SetStorageLimitInput";
        Field<LongGraphType>("limitBytes").Description("The quota in bytes; null for the installation's default.");
    }
}
