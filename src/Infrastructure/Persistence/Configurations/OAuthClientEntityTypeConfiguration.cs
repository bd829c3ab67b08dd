using ContactBox.Domain.Auth;
using ContactBox.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContactBox.Infrastructure.Persistence.Configurations;

internal sealed class OAuthClientEntityTypeConfiguration : IEntityTypeConfiguration<OAuthClient>
{
    public void Configure(EntityTypeBuilder<OAuthClient> builder)
    {
        builder.Property(c => c.ClientId).HasMaxLength(Limits.ShortText);
        builder.Property(c => c.DisplayName).HasMaxLength(Limits.Name);
        builder.Property(c => c.Scopes).HasMaxLength(Limits.Subject);
        builder.Ignore(c => c.AllowedScopes);
        builder.Ignore(c => c.IsRevoked);
        builder.Property(c => c.AllowedOrigins).HasMaxLength(Limits.Subject);
        builder.Ignore(c => c.Origins);

        // Client IDs are global: the token endpoint finds the workspace by the client ID alone.
        builder.HasIndex(c => c.ClientId).IsUnique();
    }
}
