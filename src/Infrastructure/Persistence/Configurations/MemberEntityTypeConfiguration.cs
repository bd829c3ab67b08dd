using ContactBox.Domain.Common;
using ContactBox.Domain.Members;
using ContactBox.Domain.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContactBox.Infrastructure.Persistence.Configurations;

internal sealed class MemberEntityTypeConfiguration : IEntityTypeConfiguration<Member>
{
    public void Configure(EntityTypeBuilder<Member> builder)
    {
        builder.HasOne<Workspace>().WithMany().HasForeignKey(m => m.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(m => m.Name).HasMaxLength(Limits.Name);
        builder.Property(m => m.Email).HasMaxLength(Limits.Email);
        builder.HasIndex(m => new { m.WorkspaceId, m.Email }).IsUnique();
    }
}
