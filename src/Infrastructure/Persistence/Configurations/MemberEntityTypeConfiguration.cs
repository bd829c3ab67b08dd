using ContactBox.Domain.Common;
using ContactBox.Domain.Members;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContactBox.Infrastructure.Persistence.Configurations;

internal sealed class MemberEntityTypeConfiguration : IEntityTypeConfiguration<Member>
{
    public void Configure(EntityTypeBuilder<Member> builder)
    {
        builder.Property(m => m.Name).HasMaxLength(Limits.Name);
        builder.Property(m => m.Email).HasMaxLength(Limits.Email);
        builder.Property(m => m.PasswordHash).HasMaxLength(Limits.Subject);
        builder.Ignore(m => m.MustChangePassword);
        builder.HasIndex(m => new { m.WorkspaceId, m.Email }).IsUnique();
    }
}
