using ContactBox.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ContactBox.Infrastructure.Persistence.Providers;

/// <summary>SQLite, the embedded default. Its own type only so that its migrations stay apart.</summary>
public sealed class SqliteContactBoxDbContext(DbContextOptions<SqliteContactBoxDbContext> options, CurrentWorkspace workspace)
    : ContactBoxDbContext(options, workspace)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);

        // SQLite cannot compare or order DateTimeOffset values; instants are stored as UTC ticks,
        // which order and compare correctly in SQL.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.UtcTicks,
        v => new DateTimeOffset(v, TimeSpan.Zero));
}
