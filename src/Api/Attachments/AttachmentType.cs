using ContactBox.Api.GraphQL;
using ContactBox.Api.GraphQL.Authorization;
using ContactBox.Api.GraphQL.Paging;
using ContactBox.Api.GraphQL.Relay;
using ContactBox.Api.GraphQL.Sorting;
using ContactBox.Api.Members;
using ContactBox.Domain.Attachments;
using ContactBox.Domain.Auth;
using ContactBox.Domain.Common;
using ContactBox.Domain.Members;
using ContactBox.Infrastructure.Attachments;
using GraphQL.Builders;
using GraphQL.Types;
using System.Linq.Expressions;

namespace ContactBox.Api.Attachments;

public sealed class AttachmentType : ObjectGraphType<Attachment>
{
    public AttachmentType(NodeRegistry nodes)
    {
        Name = "Attachment";
        this.RequireScopes(AuthScopes.ContactsRead);
        Description = "A document attached to a contact, a timeline entry, an appointment or a follow-up.";
        this.AsNode(nodes);
        Field(a => a.FileName).Description("The original file name, without path and control characters.");
        Field(a => a.ContentType).Description("Detected from the file's bytes.");
        Field<NonNullGraphType<LongGraphType>>("sizeBytes").Resolve(c => c.Source.SizeBytes);
        Field(a => a.Sha256).Description("SHA-256 of the content, lower-case hexadecimal.");
        Field(a => a.Description, nullable: true);
        Field<NonNullGraphType<IdGraphType>>("ownerId").Description("The contact, timeline entry, appointment or follow-up it is attached to.")
            .Resolve(c => GlobalId.Format(c.Source.Owner.Kind.ToString(), c.Source.Owner.Id));
        Field("uploadedAt", a => a.CreatedAt);
        this.Reference<Attachment, Member, MemberType>("uploadedBy", a => a.CreatedById);
        Field<NonNullGraphType<AttachmentDownloadType>>("download")
            .Description("A short-lived URL that downloads the file without a token; it works for this workspace and you only.")
            .RequireScopes(AuthScopes.Attachments)
            .Resolve(c => c.RequestServices!.GetRequiredService<AttachmentUrls>().Create(c, c.Source));
        Field<NonNullGraphType<StringGraphType>>("contentPath")
            .Description("Where to GET the file with your bearer token (Authorization header); range requests are supported.")
            .Resolve(c => AttachmentUrls.ContentPath(c.Source.Id));
    }
}

public sealed class AttachmentDownloadType : ObjectGraphType<AttachmentDownload>
{
    public AttachmentDownloadType()
    {
        Name = "AttachmentDownload";
        Description = "A signed download URL (relative to the API's address); range requests are supported.";
        Field(d => d.Url);
        Field(d => d.ExpiresAt);
    }
}

public sealed class StorageUsageType : ObjectGraphType<StorageUsage>
{
    public StorageUsageType()
    {
        Name = "StorageUsage";
        Description = "The workspace's attachment storage: used (each attachment counted with its size), the quota and the count.";
        Field<NonNullGraphType<LongGraphType>>("usedBytes").Resolve(c => c.Source.UsedBytes);
        Field<NonNullGraphType<LongGraphType>>("limitBytes").Resolve(c => c.Source.LimitBytes);
        Field<NonNullGraphType<LongGraphType>>("availableBytes").Resolve(c => c.Source.AvailableBytes);
        Field<NonNullGraphType<IntGraphType>>("attachmentCount").Resolve(c => c.Source.AttachmentCount);
    }
}

/// <summary><c>attachments(first, after, where, order)</c> on the four types that carry documents.</summary>
public static class AttachmentFields
{
    public static FieldBuilder<TParent, object> Attachments<TParent>(this ObjectGraphType<TParent> type, SchemaKit kit, Expression<Func<Attachment, Guid>> parentKey)
        where TParent : Entity =>
        type.ChildConnection(kit, "attachments", "Attachments", typeof(AttachmentType), parentKey, SortKey.Desc((Attachment a) => a.CreatedAt))
            .Description("Documents attached here, newest first unless ordered otherwise.");
}
