using ContactBox.Domain.Appointments;
using ContactBox.Domain.Attachments;
using ContactBox.Domain.Common;
using ContactBox.Domain.Contacts;
using ContactBox.Domain.FollowUps;
using ContactBox.Domain.Timeline;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContactBox.Infrastructure.Persistence.Configurations;

internal sealed class AttachmentEntityTypeConfiguration : IEntityTypeConfiguration<Attachment>
{
    public void Configure(EntityTypeBuilder<Attachment> builder)
    {
        // No cascade in the database: SQL Server refuses a second cascade path (contact → timeline entry → attachment
        // beside contact → attachment). Deleting an owner through the DbContext deletes its attachments
        // (AttachmentOwnerDeletionInterceptor); a raw delete of an owner that still has attachments is refused.
        builder.HasOne<Contact>().WithMany().HasForeignKey(a => a.ContactId).OnDelete(DeleteBehavior.ClientCascade);
        builder.HasOne<TimelineEntry>().WithMany().HasForeignKey(a => a.TimelineEntryId).OnDelete(DeleteBehavior.ClientCascade);
        builder.HasOne<Appointment>().WithMany().HasForeignKey(a => a.AppointmentId).OnDelete(DeleteBehavior.ClientCascade);
        builder.HasOne<FollowUp>().WithMany().HasForeignKey(a => a.FollowUpId).OnDelete(DeleteBehavior.ClientCascade);
        builder.Property(a => a.FileName).HasMaxLength(FileNames.MaxLength);
        builder.Property(a => a.ContentType).HasMaxLength(Limits.ShortText);
        builder.Property(a => a.Sha256).HasMaxLength(64).IsFixedLength();
        builder.Property(a => a.Description).HasMaxLength(Limits.Subject);
        builder.Ignore(a => a.Owner);
        builder.ToTable(t => t.HasCheckConstraint("CK_Attachments_OneOwner",
            "(CASE WHEN \"ContactId\" IS NULL THEN 0 ELSE 1 END) + (CASE WHEN \"TimelineEntryId\" IS NULL THEN 0 ELSE 1 END) + "
            + "(CASE WHEN \"AppointmentId\" IS NULL THEN 0 ELSE 1 END) + (CASE WHEN \"FollowUpId\" IS NULL THEN 0 ELSE 1 END) = 1"));
        builder.HasIndex(a => new { a.WorkspaceId, a.ContactId });
        builder.HasIndex(a => new { a.WorkspaceId, a.TimelineEntryId });
        builder.HasIndex(a => new { a.WorkspaceId, a.AppointmentId });
        builder.HasIndex(a => new { a.WorkspaceId, a.FollowUpId });
        // Whether a blob is still referenced, and the storage sum.
        builder.HasIndex(a => new { a.WorkspaceId, a.Sha256 });
    }
}
