using ContactBox.Domain.Auth;
using ContactBox.Domain.Common;
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
        builder.Property(e => e.ClientId).HasMaxLength(Limits.ShortText);
        builder.Property(e => e.Sha256).HasMaxLength(64).IsFixedLength();
        builder.Ignore(e => e.FileName);
        builder.HasIndex(e => new { e.WorkspaceId, e.CreatedAt });
    }
}

internal sealed class ExportedContactBucketEntityTypeConfiguration : IEntityTypeConfiguration<ExportedContactBucket>
{
    public void Configure(EntityTypeBuilder<ExportedContactBucket> builder)
    {
        // No foreign key to the contacts: the record of a disclosure outlives nothing but an erasure, which rewrites it.
        builder.HasKey(e => new { e.ExportId, e.Bucket });
        builder.HasOne<ContactExport>().WithMany().HasForeignKey(e => e.ExportId).OnDelete(DeleteBehavior.Cascade);
        // "Which exports included contact X" reads the contact's bucket of every export of the workspace.
        builder.HasIndex(e => new { e.WorkspaceId, e.Bucket });
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

internal sealed class EmailBounceEntityTypeConfiguration : IEntityTypeConfiguration<EmailBounce>
{
    public void Configure(EntityTypeBuilder<EmailBounce> builder)
    {
        builder.Property(b => b.Address).HasMaxLength(Limits.Email);
        builder.Property(b => b.HardBounceReason).HasMaxLength(EmailBounce.MaxReason);
        builder.Ignore(b => b.IsHardBounced);
        builder.HasIndex(b => new { b.WorkspaceId, b.Address }).IsUnique();
    }
}

internal sealed class ClientExportPurposeEntityTypeConfiguration : IEntityTypeConfiguration<ClientExportPurpose>
{
    public void Configure(EntityTypeBuilder<ClientExportPurpose> builder)
    {
        builder.HasKey(p => new { p.ClientId, p.PurposeId });
        builder.HasOne<OAuthClient>().WithMany().HasForeignKey(p => p.ClientId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ProcessingPurpose>().WithMany().HasForeignKey(p => p.PurposeId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ExcludedContactBlockEntityTypeConfiguration : IEntityTypeConfiguration<ExcludedContactBlock>
{
    public void Configure(EntityTypeBuilder<ExcludedContactBlock> builder)
    {
        // No foreign key to the contacts, as for the included ones: an erasure rewrites the block.
        builder.HasKey(e => new { e.ExportId, e.Reason, e.Block });
        builder.HasOne<ContactExport>().WithMany().HasForeignKey(e => e.ExportId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(e => e.Reason).HasConversion<string>().HasMaxLength(30);
    }
}
