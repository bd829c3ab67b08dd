using ContactBox.Domain.Common;
using ContactBox.Domain.Contacts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContactBox.Infrastructure.Persistence.Configurations;

internal sealed class ContactTagEntityTypeConfiguration : IEntityTypeConfiguration<ContactTag>
{
    public void Configure(EntityTypeBuilder<ContactTag> builder)
    {
        builder.HasKey(t => new { t.ContactId, t.Name });
        builder.Property(t => t.Name).HasMaxLength(Limits.Tag);
        builder.HasIndex(t => new { t.WorkspaceId, t.Name, t.ContactId });
    }
}
