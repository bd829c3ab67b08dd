using ContactBox.Infrastructure.Persistence.Providers;
using ContactBox.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ContactBox.Infrastructure.Persistence;

// Used only by `dotnet ef migrations add` (scripts/add-migration.sh): no database is contacted.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteContactBoxDbContext>
{
    public SqliteContactBoxDbContext CreateDbContext(string[] args) =>
        new(DatabaseRegistration.Configure(new DbContextOptionsBuilder<SqliteContactBoxDbContext>(), DatabaseProvider.Sqlite, "Data Source=design.db").Options, new CurrentWorkspace());
}

internal sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlContactBoxDbContext>
{
    public PostgreSqlContactBoxDbContext CreateDbContext(string[] args) =>
        new(DatabaseRegistration.Configure(new DbContextOptionsBuilder<PostgreSqlContactBoxDbContext>(), DatabaseProvider.PostgreSql, "Host=localhost").Options, new CurrentWorkspace());
}

internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerContactBoxDbContext>
{
    public SqlServerContactBoxDbContext CreateDbContext(string[] args) =>
        new(DatabaseRegistration.Configure(new DbContextOptionsBuilder<SqlServerContactBoxDbContext>(), DatabaseProvider.SqlServer, "Server=localhost").Options, new CurrentWorkspace());
}
