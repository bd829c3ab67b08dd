using ContactBox.Domain.Export;
using ContactBox.Domain.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContactBox.Infrastructure.Export;

internal sealed class ContactExportEntityTypeConfiguration : IEntityTypeConfiguration<ContactExport>
{
    public void Configure(EntityTypeBuilder<ContactExport> builder)
    {
        builder.HasOne<ProcessingPurpose>().WithMany().HasForeignKey(e => e.PurposeId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(e => e.Note).HasMaxLength(ContactExport.MaxNote);
        builder.Property(e => e.Preset).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.ActorKind).HasMaxLength(20);
        builder.Property(e => e.ActorId).HasMaxLength(200);
        builder.Property(e => e.Sha256).HasMaxLength(64).IsFixedLength();
        builder.Ignore(e => e.FileName);
        builder.HasIndex(e => new { e.WorkspaceId, e.CreatedAt });
    }
}

internal sealed class ExportedContactEntityTypeConfiguration : IEntityTypeConfiguration<ExportedContact>
{
    public void Configure(EntityTypeBuilder<ExportedContact> builder)
    {
        // No foreign key to the contact: the record of a disclosure outlives nothing but an erasure, which removes it.
        builder.HasKey(e => new { e.ExportId, e.ContactId });
        builder.HasOne<ContactExport>().WithMany().HasForeignKey(e => e.ExportId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => new { e.WorkspaceId, e.ContactId });
    }
}

internal sealed class ExportDownloadEntityTypeConfiguration : IEntityTypeConfiguration<ExportDownload>
{
    public void Configure(EntityTypeBuilder<ExportDownload> builder)
    {
        builder.HasOne<ContactExport>().WithMany().HasForeignKey(d => d.ExportId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(d => d.Requester).HasMaxLength(200);
        builder.HasIndex(d => new { d.WorkspaceId, d.ExportId });
    }
}
