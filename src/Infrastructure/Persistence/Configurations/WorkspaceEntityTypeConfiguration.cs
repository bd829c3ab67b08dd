using ContactBox.Domain.Common;
using ContactBox.Domain.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContactBox.Infrastructure.Persistence.Configurations;

internal sealed class WorkspaceEntityTypeConfiguration : IEntityTypeConfiguration<Workspace>
{
    public void Configure(EntityTypeBuilder<Workspace> builder)
    {
        builder.Property(w => w.Name).HasMaxLength(Limits.Name);
    }
}
