using ContactBox.Domain.Common;
using ContactBox.Domain.Contacts;
using ContactBox.Domain.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContactBox.Infrastructure.Privacy;

internal sealed class ProcessingPurposeEntityTypeConfiguration : IEntityTypeConfiguration<ProcessingPurpose>
{
    public void Configure(EntityTypeBuilder<ProcessingPurpose> builder)
    {
        builder.Property(p => p.Name).HasMaxLength(Limits.Name);
        builder.Property(p => p.Description).HasMaxLength(PrivacyLimits.Description);
        builder.Property(p => p.LegalBasis).HasConversion<string>().HasMaxLength(30);
        builder.Ignore(p => p.IsArchived);
        builder.HasIndex(p => new { p.WorkspaceId, p.Name });
    }
}

internal sealed class ProtectionMeasureEntityTypeConfiguration : IEntityTypeConfiguration<ProtectionMeasure>
{
    public void Configure(EntityTypeBuilder<ProtectionMeasure> builder)
    {
        builder.Property(m => m.Category).HasConversion<string>().HasMaxLength(30);
        builder.Property(m => m.Title).HasMaxLength(Limits.Name);
        builder.Property(m => m.Description).HasMaxLength(PrivacyLimits.Description);
    }
}

internal sealed class ContactSourceTypeEntityTypeConfiguration : IEntityTypeConfiguration<ContactSourceType>
{
    public void Configure(EntityTypeBuilder<ContactSourceType> builder)
    {
        builder.Property(s => s.Name).HasMaxLength(Limits.ShortText);
        builder.Ignore(s => s.IsArchived);
    }
}

internal sealed class ContactPrivacyEntityTypeConfiguration : IEntityTypeConfiguration<ContactPrivacy>
{
    public void Configure(EntityTypeBuilder<ContactPrivacy> builder)
    {
        builder.HasOne<Contact>().WithOne().HasForeignKey<ContactPrivacy>(p => p.ContactId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ContactSourceType>().WithMany().HasForeignKey(p => p.SourceTypeId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(p => p.SourceDetail).HasMaxLength(PrivacyLimits.Evidence);
        builder.Property(p => p.RestrictionReason).HasMaxLength(PrivacyLimits.Reason);

        // A record is read only by its contact (the unique ContactId index): no query asks by retention review date, so
        // that index is gone; the workspace and source type foreign keys keep the index EF gives each foreign key.
    }
}

internal sealed class PurposeAssignmentEntityTypeConfiguration : IEntityTypeConfiguration<PurposeAssignment>
{
    public void Configure(EntityTypeBuilder<PurposeAssignment> builder)
    {
        builder.HasOne<Contact>().WithMany().HasForeignKey(a => a.ContactId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ProcessingPurpose>().WithMany().HasForeignKey(a => a.PurposeId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(a => a.LegalBasis).HasConversion<string>().HasMaxLength(30);
        builder.Property(a => a.ConsentEvidence).HasMaxLength(PrivacyLimits.Evidence);
        builder.Property(a => a.WithdrawalEvidence).HasMaxLength(PrivacyLimits.Evidence);
        // By contact (its purposes, the access report, an export's check) the foreign key's own ContactId index serves:
        // a contact has a handful of assignments, so the workspace is a filter on those few rows, not worth a second
        // index written with every assignment an import makes. (WorkspaceId, PurposeId) serves the sweep's read of a
        // whole workspace and a purpose's assignments.
        builder.HasIndex(a => new { a.WorkspaceId, a.PurposeId });
    }
}

internal sealed class PrivacySettingsEntityTypeConfiguration : IEntityTypeConfiguration<PrivacySettings>
{
    public void Configure(EntityTypeBuilder<PrivacySettings> builder)
    {
        builder.Property(s => s.RetentionAction).HasConversion<string>().HasMaxLength(30);
        builder.HasIndex(s => s.WorkspaceId).IsUnique();
    }
}

internal sealed class AuditRecordEntityTypeConfiguration : IEntityTypeConfiguration<AuditRecord>
{
    public void Configure(EntityTypeBuilder<AuditRecord> builder)
    {
        builder.Property(r => r.ActorKind).HasConversion<string>().HasMaxLength(20);
        builder.Property(r => r.ActorId).HasMaxLength(Limits.ShortText);
        builder.Property(r => r.Action).HasConversion<string>().HasMaxLength(50);
        builder.Property(r => r.SubjectType).HasMaxLength(Limits.Label);
        builder.Property(r => r.PreviousHash).HasMaxLength(64).IsFixedLength();
        builder.Property(r => r.Hash).HasMaxLength(64).IsFixedLength();
        // One record per place in the chain: a second writer that somehow missed the head lock fails instead of forking.
        builder.HasIndex(r => new { r.WorkspaceId, r.Sequence }).IsUnique();
        builder.HasIndex(r => new { r.WorkspaceId, r.SubjectId });
        builder.HasIndex(r => new { r.WorkspaceId, r.OccurredAt });
    }
}

internal sealed class AuditChainHeadEntityTypeConfiguration : IEntityTypeConfiguration<AuditChainHead>
{
    public void Configure(EntityTypeBuilder<AuditChainHead> builder)
    {
        builder.HasKey(h => h.WorkspaceId);
        builder.Property(h => h.LastHash).HasMaxLength(64).IsFixedLength();
    }
}
