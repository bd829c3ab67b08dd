using ContactBox.Domain.Common;
using ContactBox.Domain.Contacts;
using ContactBox.Domain.FollowUps;
using ContactBox.Domain.Members;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContactBox.Infrastructure.Persistence.Configurations;

internal sealed class FollowUpEntityTypeConfiguration : IEntityTypeConfiguration<FollowUp>
{
    public void Configure(EntityTypeBuilder<FollowUp> builder)
    {
        builder.HasOne<Contact>().WithMany().HasForeignKey(f => f.ContactId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Member>().WithMany().HasForeignKey(f => f.AssigneeId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(f => f.Subject).HasMaxLength(Limits.Subject);
        builder.Property(f => f.Note).HasMaxLength(Limits.Body);
        builder.Ignore(f => f.IsCompleted);
        builder.HasIndex(f => new { f.WorkspaceId, f.AssigneeId, f.CompletedAt, f.DueAt });
        builder.HasIndex(f => new { f.WorkspaceId, f.ContactId, f.DueAt });
    }
}
