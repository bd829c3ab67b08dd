using ContactBox.Domain.Contacts;
using ContactBox.Domain.Workspaces;
using ContactBox.Infrastructure.Persistence;
using ContactBox.Infrastructure.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ContactBox.Infrastructure.Tests.Persistence;

/// <summary>
/// PostgreSQL plans the foreign key checks of a bulk write from the referenced table's statistics. Another session's
/// ANALYZE (automatic ANALYZE does exactly this) counts a transaction's uncommitted rows as none while their pages count;
/// on a table that was empty before, the planner then checks <c>"Id" = $1</c> by walking a whole index that merely
/// contains the column, once per row (a 1,000,000-row import never finished). <see cref="BulkStatistics"/> analyses such
/// a table inside the transaction and keeps automatic ANALYZE off it until the transaction ends. Each test has a
/// database of its own: statistics are per table, not per workspace.
/// </summary>
public sealed class BulkStatisticsTests(PostgreSqlDatabase database) : IClassFixture<PostgreSqlDatabase>
{
    private const string ForeignKeyCheck = "SELECT 1 FROM ONLY \"public\".\"Contacts\" x WHERE \"Id\" OPERATOR(pg_catalog.=) @id FOR KEY SHARE OF x";

    [SkippableFact]
    public async Task A_table_analysed_as_empty_during_a_bulk_write_is_analysed_with_the_written_rows_and_checked_through_its_primary_key()
    {
        database.SkipUnlessAvailable();
        await using var services = await MigratedDatabaseAsync();
        var workspaceId = await CreateWorkspaceAsync(services);
        await using var scope = Open(services, workspaceId);
        var db = scope.Db;
        await using var transaction = await db.Database.BeginTransactionAsync();

        await WriteContactsAsync(db, BulkStatistics.Threshold / 2);
        await OtherSessionAsync(services, "ANALYZE \"Contacts\"");

        // What automatic ANALYZE leaves behind: no rows on the written pages, and a foreign key check that is not a lookup.
        Assert.Equal(0, await RowEstimateAsync(services));
        Assert.DoesNotContain("PK_Contacts", await ForeignKeyCheckPlanAsync(db));

        await WriteContactsAsync(db, BulkStatistics.Threshold / 2);

        Assert.Equal(BulkStatistics.Threshold, await RowEstimateAsync(services));
        Assert.Contains("Index Scan using \"PK_Contacts\"", await ForeignKeyCheckPlanAsync(db));
        Assert.True(await HoldsAnalyzeLockAsync(services));

        // Automatic ANALYZE skips a table whose lock it cannot take, and so the estimate stays.
        await OtherSessionAsync(services, "ANALYZE (SKIP_LOCKED) \"Contacts\"");
        Assert.Equal(BulkStatistics.Threshold, await RowEstimateAsync(services));

        await transaction.CommitAsync();
        Assert.False(await HoldsAnalyzeLockAsync(services));
        Assert.Equal(BulkStatistics.Threshold, await CountAsync(services));
    }

    [SkippableFact]
    public async Task Each_transaction_is_looked_at_afresh_on_the_same_connection()
    {
        database.SkipUnlessAvailable();
        await using var services = await MigratedDatabaseAsync();
        var workspaceId = await CreateWorkspaceAsync(services);
        await using var scope = Open(services, workspaceId);
        var db = scope.Db;
        await db.Database.OpenConnectionAsync();
        await using (var first = await db.Database.BeginTransactionAsync())
        {
            await WriteContactsAsync(db, BulkStatistics.Threshold);
            await first.CommitAsync();
        }

        // Emptied and analysed as empty again, by another session.
        await OtherSessionAsync(services, "DELETE FROM \"Contacts\"");
        await OtherSessionAsync(services, "ANALYZE \"Contacts\"");
        Assert.Equal(0, await RowEstimateAsync(services));

        await using var second = await db.Database.BeginTransactionAsync();
        await WriteContactsAsync(db, BulkStatistics.Threshold);

        Assert.Equal(BulkStatistics.Threshold, await RowEstimateAsync(services));
        Assert.True(await HoldsAnalyzeLockAsync(services));
        await second.RollbackAsync();
    }

    [SkippableFact]
    public async Task A_table_whose_statistics_count_as_many_rows_is_left_alone()
    {
        database.SkipUnlessAvailable();
        await using var services = await MigratedDatabaseAsync();
        var workspaceId = await CreateWorkspaceAsync(services);
        await using (var first = Open(services, workspaceId))
        {
            await using var transaction = await first.Db.Database.BeginTransactionAsync();
            await WriteContactsAsync(first.Db, BulkStatistics.Threshold);
            await transaction.CommitAsync();
        }

        await OtherSessionAsync(services, "ANALYZE \"Contacts\"");
        Assert.Equal(BulkStatistics.Threshold, await RowEstimateAsync(services));

        await using var scope = Open(services, workspaceId);
        await using (var transaction = await scope.Db.Database.BeginTransactionAsync())
        {
            await WriteContactsAsync(scope.Db, BulkStatistics.Threshold);

            Assert.False(await HoldsAnalyzeLockAsync(services));
            Assert.Equal(BulkStatistics.Threshold, await RowEstimateAsync(services));
            await transaction.CommitAsync();
        }

        Assert.Equal(2 * BulkStatistics.Threshold, await CountAsync(services));
    }

    [SkippableFact]
    public async Task A_second_bulk_write_waits_for_the_lock_briefly_then_goes_on_without_it_and_both_commit()
    {
        database.SkipUnlessAvailable();
        await using var services = await MigratedDatabaseAsync();
        var first = await CreateWorkspaceAsync(services);
        var second = await CreateWorkspaceAsync(services);
        await using var one = Open(services, first);
        await using var two = Open(services, second);
        await using var oneTransaction = await one.Db.Database.BeginTransactionAsync();
        await using var twoTransaction = await two.Db.Database.BeginTransactionAsync();

        await WriteContactsAsync(one.Db, BulkStatistics.Threshold);
        Assert.True(await HoldsAnalyzeLockAsync(services));
        Assert.Equal(BulkStatistics.Threshold, await RowEstimateAsync(services));

        // More rows than the statistics hold: the second writer tries to analyse, cannot have the lock, and goes on (had it
        // analysed, the estimate would be its own rows: the first writer's are not visible to it).
        await WriteContactsAsync(two.Db, BulkStatistics.Threshold + 1);
        Assert.Equal(BulkStatistics.Threshold, await RowEstimateAsync(services));
        await WriteContactsAsync(two.Db, 10);

        await twoTransaction.CommitAsync();
        await oneTransaction.CommitAsync();
        Assert.Equal((2 * BulkStatistics.Threshold) + 11, await CountAsync(services));
    }

    private async Task<ServiceProvider> MigratedDatabaseAsync()
    {
        var services = database.BuildServices(await database.CreateEmptyDatabaseAsync());
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ContactBoxDbContext>().Database.MigrateAsync();
        return services;
    }

    private static async Task<Guid> CreateWorkspaceAsync(ServiceProvider services)
    {
        await using var scope = new WorkspaceScope(services.CreateAsyncScope());
        var workspace = new Workspace("Muster GmbH", TestContacts.Today);
        scope.Db.Workspaces.Add(workspace);
        await scope.Db.SaveChangesAsync();
        return workspace.Id;
    }

    private static WorkspaceScope Open(ServiceProvider services, Guid workspaceId)
    {
        var scope = new WorkspaceScope(services.CreateAsyncScope());
        scope.Workspace.Set(workspaceId, null);
        return scope;
    }

    private static async Task WriteContactsAsync(ContactBoxDbContext db, int count)
    {
        var contacts = new List<Contact>(count);
        for (var i = 0; i < count; i++)
        {
            var contact = TestContacts.Person("Müller" + (i % 64));
            WorkspaceStampInterceptor.StampAdded(db, contact, TestContacts.Today);
            contacts.Add(contact);
        }

        await db.BulkInsertAsync(contacts, CancellationToken.None);
    }

    /// <summary>The plan of the statement PostgreSQL's foreign key trigger runs for a row that references a contact.</summary>
    private static async Task<string> ForeignKeyCheckPlanAsync(ContactBoxDbContext db)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        command.CommandText = "EXPLAIN " + ForeignKeyCheck;
        command.Parameters.Add(new NpgsqlParameter("id", Guid.CreateVersion7()));
        await using var reader = await command.ExecuteReaderAsync();
        var plan = new List<string>();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(0));
        }

        return string.Join('\n', plan);
    }

    private static async Task<long> RowEstimateAsync(ServiceProvider services) =>
        (long)await OtherSessionScalarAsync<float>(services, "SELECT reltuples FROM pg_class WHERE relname = 'Contacts'");

    private static async Task<long> CountAsync(ServiceProvider services) =>
        await OtherSessionScalarAsync<long>(services, "SELECT count(*) FROM \"Contacts\"");

    /// <summary>Whether some session holds ANALYZE's lock on the contacts (the one automatic ANALYZE needs too).</summary>
    private static Task<bool> HoldsAnalyzeLockAsync(ServiceProvider services) =>
        OtherSessionScalarAsync<bool>(services,
            "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE relation = '\"Contacts\"'::regclass AND mode = 'ShareUpdateExclusiveLock' AND granted)");

    private static async Task OtherSessionAsync(ServiceProvider services, string sql)
    {
        await using var connection = await OpenOtherSessionAsync(services);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> OtherSessionScalarAsync<T>(ServiceProvider services, string sql)
    {
        await using var connection = await OpenOtherSessionAsync(services);
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<NpgsqlConnection> OpenOtherSessionAsync(ServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var connection = new NpgsqlConnection(scope.ServiceProvider.GetRequiredService<ContactBoxDbContext>().Database.GetConnectionString());
        await connection.OpenAsync();
        return connection;
    }
}
