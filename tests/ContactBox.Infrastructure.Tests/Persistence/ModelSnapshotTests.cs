using ContactBox.Infrastructure.Persistence;
using ContactBox.Infrastructure.Persistence.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ContactBox.Infrastructure.Tests.Persistence;

/// <summary>
/// Fails when the model was changed without adding a migration for every provider
/// (scripts/add-migration.sh NameOfChange). No database is contacted: the model is compared with the snapshot.
/// </summary>
public sealed class ModelSnapshotTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite, typeof(SqliteContactBoxDbContext), "Data Source=never-opened.db")]
    [InlineData(DatabaseProvider.PostgreSql, typeof(PostgreSqlContactBoxDbContext), "Host=never-opened.invalid;Database=contactbox")]
    [InlineData(DatabaseProvider.SqlServer, typeof(SqlServerContactBoxDbContext), "Server=never-opened.invalid;Database=contactbox")]
    public void The_model_has_no_changes_that_lack_a_migration(DatabaseProvider provider, Type contextType, string connectionString)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ContactBox:Database:Provider"] = provider.ToString(),
                ["ContactBox:Database:ConnectionString"] = connectionString,
            })
            .Build();
        using var services = new ServiceCollection()
            .AddContactBoxDatabase(configuration, Path.GetTempPath())
            .BuildServiceProvider();
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactBoxDbContext>();

        Assert.IsType(contextType, db);
        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(
            db.Database.HasPendingModelChanges(),
            $"The {provider} model differs from its snapshot: run scripts/add-migration.sh NameOfChange.");
    }
}
