using ContactBox.Domain.Common;

namespace ContactBox.Domain.Attachments;

/// <summary>
/// A document attached to a contact, a timeline entry, an appointment or a follow-up. The bytes live in the
/// attachment store under the workspace and their SHA-256 (content-addressed), so identical files are kept once
/// per workspace while each attachment keeps its own name, description and owner.
/// <see cref="WorkspaceEntity.CreatedAt"/> and <see cref="WorkspaceEntity.CreatedById"/> are the upload's time and author.
/// </summary>
public sealed class Attachment : WorkspaceEntity
{
    private Attachment() { }

    public Attachment(AttachmentOwner owner, string fileName, string contentType, long sizeBytes, string sha256, string? description)
    {
        (ContactId, TimelineEntryId, AppointmentId, FollowUpId) = owner.Kind switch
        {
            AttachmentOwnerKind.Contact => ((Guid?)owner.Id, (Guid?)null, (Guid?)null, (Guid?)null),
            AttachmentOwnerKind.TimelineEntry => (null, owner.Id, null, null),
            AttachmentOwnerKind.Appointment => (null, null, owner.Id, null),
            AttachmentOwnerKind.FollowUp => (null, null, null, owner.Id),
            _ => throw new ArgumentOutOfRangeException(nameof(owner)),
        };
        FileName = FileNames.Sanitize(fileName);
        ContentType = contentType;
        SizeBytes = sizeBytes >= 0 ? sizeBytes : throw new ArgumentOutOfRangeException(nameof(sizeBytes));
        Sha256 = sha256.Length == 64 ? sha256 : throw new ArgumentException("A SHA-256 is 64 hexadecimal digits.", nameof(sha256));
        Description = Guard.Optional(description, "description", Limits.Subject);
    }

    public Guid? ContactId { get; private set; }
    public Guid? TimelineEntryId { get; private set; }
    public Guid? AppointmentId { get; private set; }
    public Guid? FollowUpId { get; private set; }

    /// <summary>The original name, cleaned of path parts and control characters.</summary>
    public string FileName { get; private set; } = null!;

    /// <summary>Detected from the bytes, never taken from the client.</summary>
    public string ContentType { get; private set; } = null!;

    public long SizeBytes { get; private set; }

    /// <summary>Lower-case hexadecimal SHA-256 of the content; also its key in the store.</summary>
    public string Sha256 { get; private set; } = null!;

    public string? Description { get; private set; }

    public AttachmentOwner Owner => ContactId is { } c ? new(AttachmentOwnerKind.Contact, c)
        : TimelineEntryId is { } t ? new(AttachmentOwnerKind.TimelineEntry, t)
        : AppointmentId is { } a ? new(AttachmentOwnerKind.Appointment, a)
        : new(AttachmentOwnerKind.FollowUp, FollowUpId!.Value);
}

public enum AttachmentOwnerKind
{
    Contact,
    TimelineEntry,
    Appointment,
    FollowUp,
}

public readonly record struct AttachmentOwner(AttachmentOwnerKind Kind, Guid Id);
