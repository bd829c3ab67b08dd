using ContactBox.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ContactBox.Infrastructure.Persistence.Providers;

/// <summary>PostgreSQL. Its own type so that its migrations stay apart.</summary>
public sealed class PostgreSqlContactBoxDbContext(DbContextOptions<PostgreSqlContactBoxDbContext> options, CurrentWorkspace workspace)
    : ContactBoxDbContext(options, workspace)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);

        // timestamptz holds an instant, and Npgsql refuses DateTimeOffset values whose offset is not zero.
        // Converting to UTC lets a query compare with an instant given in any offset, as on SQLite and SQL Server,
        // instead of failing only on PostgreSQL.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcConverter>();
    }

    private sealed class UtcConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(
        v => v.ToUniversalTime(),
        v => v);
}
