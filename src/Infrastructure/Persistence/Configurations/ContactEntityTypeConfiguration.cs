using ContactBox.Domain.Common;
using ContactBox.Domain.Contacts;
using ContactBox.Domain.Members;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContactBox.Infrastructure.Persistence.Configurations;

internal sealed class ContactEntityTypeConfiguration : IEntityTypeConfiguration<Contact>
{
    public void Configure(EntityTypeBuilder<Contact> builder)
    {
        builder.HasOne<Member>().WithMany().HasForeignKey(c => c.OwnerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<Contact>().WithMany().HasForeignKey(c => c.EmployerId).OnDelete(DeleteBehavior.ClientSetNull);

        // Almost every contact (every imported one) has no owner, employer or external ID: their indexes hold only the
        // rows with a value, which is all that the lookups by them (employees, an owner's contacts, the foreign key
        // checks when a contact or member goes, an import's EXTERNAL_ID match) ever ask for. On PostgreSQL the full
        // indexes were 16-20 % of the cost of inserting imported contacts (bench/results/import.md, fourth pass).
        builder.HasIndex(c => c.OwnerId).WhereNotNull(nameof(Contact.OwnerId));
        builder.HasIndex(c => c.EmployerId).WhereNotNull(nameof(Contact.EmployerId));

        builder.Property(c => c.Title).HasMaxLength(Limits.Label);
        builder.Property(c => c.FirstName).HasMaxLength(Limits.ShortText);
        builder.Property(c => c.LastName).HasMaxLength(Limits.ShortText);
        builder.Property(c => c.OrganizationName).HasMaxLength(Limits.Name);
        builder.Property(c => c.Department).HasMaxLength(Limits.ShortText);
        builder.Property(c => c.JobTitle).HasMaxLength(Limits.ShortText);
        builder.Property(c => c.DisplayName).HasMaxLength(Limits.Name + Limits.Label);
        builder.Property(c => c.Website).HasMaxLength(Limits.Url);
        builder.Property(c => c.ExternalId).HasMaxLength(Limits.ExternalId);
        builder.Property(c => c.Version).IsConcurrencyToken();

        // Contact points are values of the contact: stored with its row as JSON, so a page of contacts
        // needs no extra statement for them, while filters can still look inside.
        builder.OwnsMany(c => c.Emails, e => e.ToJson());
        builder.OwnsMany(c => c.Phones, p => p.ToJson());
        builder.OwnsMany(c => c.Addresses, a => a.ToJson());

        builder.HasMany(c => c.Tags).WithOne().HasForeignKey(t => t.ContactId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.Tags).UsePropertyAccessMode(PropertyAccessMode.Field);

        // Custom field values go with their contact (src/Infrastructure/CustomFields configures the rest).
        builder.HasMany(c => c.CustomFieldValues).WithOne().HasForeignKey(v => v.ContactId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.CustomFieldValues).UsePropertyAccessMode(PropertyAccessMode.Field);

        builder.HasIndex(c => new { c.WorkspaceId, c.LastName, c.Id });
        builder.HasIndex(c => new { c.WorkspaceId, c.DisplayName, c.Id });
        builder.HasIndex(c => new { c.WorkspaceId, c.CreatedAt });

        // An import matches on it (duplicate key EXTERNAL_ID); the database keeps it unique per workspace.
        builder.HasIndex(c => new { c.WorkspaceId, c.ExternalId }).IsUnique().WhereNotNull(nameof(Contact.ExternalId));
    }
}
