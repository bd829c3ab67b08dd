using ContactBox.Infrastructure.Persistence;
using ContactBox.Infrastructure.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace ContactBox.Infrastructure.Tests.Persistence;

public abstract class MigrationTests(DatabaseFixture database)
{
    [SkippableFact]
    public async Task Migrations_apply_cleanly_to_an_empty_database()
    {
        database.SkipUnlessAvailable();
        await using var services = database.BuildServices(await database.CreateEmptyDatabaseAsync());
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactBoxDbContext>();
        var migrations = db.Database.GetMigrations().ToList();

        Assert.NotEmpty(migrations);
        Assert.Equal(migrations, await db.Database.GetPendingMigrationsAsync());

        await db.Database.MigrateAsync();

        Assert.Equal(migrations, await db.Database.GetAppliedMigrationsAsync());
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        await AssertEveryTableIsEmptyAsync(db);
    }

    [SkippableFact]
    public async Task Migrations_roll_back_to_an_empty_database_and_apply_again()
    {
        database.SkipUnlessAvailable();
        await using var services = database.BuildServices(await database.CreateEmptyDatabaseAsync());
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactBoxDbContext>();
        var migrator = db.GetService<IMigrator>();
        await db.Database.MigrateAsync();

        await migrator.MigrateAsync(Migration.InitialDatabase);

        Assert.Empty(await db.Database.GetAppliedMigrationsAsync());
        await Assert.ThrowsAnyAsync<Exception>(() => db.Workspaces.CountAsync());

        await db.Database.MigrateAsync();

        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        await AssertEveryTableIsEmptyAsync(db);
    }

    private static async Task AssertEveryTableIsEmptyAsync(ContactBoxDbContext db)
    {
        // Each query fails if its table or one of its columns is missing.
        Assert.Equal(0, await db.Workspaces.CountAsync());
        Assert.Equal(0, await db.Members.IgnoreQueryFilters().CountAsync());
        Assert.Equal(0, await db.Contacts.IgnoreQueryFilters().CountAsync());
        Assert.Equal(0, await db.ContactTags.IgnoreQueryFilters().CountAsync());
        Assert.Equal(0, await db.TimelineEntries.IgnoreQueryFilters().CountAsync());
        Assert.Equal(0, await db.Appointments.IgnoreQueryFilters().CountAsync());
        Assert.Equal(0, await db.AppointmentParticipants.IgnoreQueryFilters().CountAsync());
        Assert.Equal(0, await db.FollowUps.IgnoreQueryFilters().CountAsync());
    }
}

public sealed class SqliteMigrationTests(SqliteDatabase database)
    : MigrationTests(database), IClassFixture<SqliteDatabase>;

public sealed class PostgreSqlMigrationTests(PostgreSqlDatabase database)
    : MigrationTests(database), IClassFixture<PostgreSqlDatabase>;
