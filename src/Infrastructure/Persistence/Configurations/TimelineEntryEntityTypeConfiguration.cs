using ContactBox.Domain.Common;
using ContactBox.Domain.Contacts;
using ContactBox.Domain.Members;
using ContactBox.Domain.Timeline;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContactBox.Infrastructure.Persistence.Configurations;

internal sealed class TimelineEntryEntityTypeConfiguration : IEntityTypeConfiguration<TimelineEntry>
{
    public void Configure(EntityTypeBuilder<TimelineEntry> builder)
    {
        builder.HasOne<Contact>().WithMany().HasForeignKey(t => t.ContactId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Member>().WithMany().HasForeignKey(t => t.AuthorId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(t => t.Subject).HasMaxLength(Limits.Subject);
        builder.Property(t => t.Body).HasMaxLength(Limits.Body);
        // Matches the per-contact window query (workspace filter, contact, newest first).
        builder.HasIndex(t => new { t.WorkspaceId, t.ContactId, t.OccurredAt });
    }
}
