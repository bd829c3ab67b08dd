using ContactBox.Domain.Operations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContactBox.Infrastructure.Operations;

internal sealed class BackgroundOperationEntityTypeConfiguration : IEntityTypeConfiguration<BackgroundOperation>
{
    public void Configure(EntityTypeBuilder<BackgroundOperation> builder)
    {
        builder.Property(o => o.Kind).HasConversion<string>().HasMaxLength(20);
        builder.Property(o => o.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(o => o.ActorKind).HasMaxLength(20);
        builder.Property(o => o.ActorId).HasMaxLength(200);
        builder.Property(o => o.Requester).HasMaxLength(200);
        builder.Property(o => o.Error).HasMaxLength(BackgroundOperation.MaxError);
        builder.Property(o => o.FileName).HasMaxLength(BackgroundOperation.MaxFileName);
        builder.Ignore(o => o.IsFinished);
        builder.HasIndex(o => new { o.WorkspaceId, o.Requester, o.CreatedAt });
        builder.HasIndex(o => o.Status);
    }
}
