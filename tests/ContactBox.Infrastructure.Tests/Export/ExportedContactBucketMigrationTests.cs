using ContactBox.Domain.Export;
using ContactBox.Domain.Privacy;
using ContactBox.Infrastructure.Persistence;
using ContactBox.Infrastructure.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace ContactBox.Infrastructure.Tests.Export;

/// <summary>The migration that replaces one row per exported contact by buckets moves the earlier records, none lost.</summary>
public abstract class ExportedContactBucketMigrationTests(DatabaseFixture database)
{
    [SkippableFact]
    public async Task The_records_of_earlier_exports_move_into_sorted_buckets_by_the_last_byte_of_the_id()
    {
        database.SkipUnlessAvailable();
        await using var services = database.BuildServices(await database.CreateEmptyDatabaseAsync());
        var workspaceId = Guid.Empty;
        await using (var setup = new WorkspaceScope(services.CreateAsyncScope()))
        {
            var migrations = setup.Db.Database.GetMigrations().ToList();
            var buckets = migrations.FindIndex(m => m.EndsWith("_ExportedContactBuckets", StringComparison.Ordinal));
            await setup.Db.GetService<IMigrator>().MigrateAsync(migrations[buckets - 1]);
            var workspace = new Domain.Workspaces.Workspace("Migration", database.Clock.GetUtcNow());
            setup.Db.Workspaces.Add(workspace);
            await setup.Db.SaveChangesAsync();
            workspaceId = workspace.Id;
        }

        // 600 contacts in 256 buckets: most buckets hold several, in two exports (the second with every other contact).
        var contacts = Enumerable.Range(0, 600).Select(_ => Guid.CreateVersion7()).ToList();
        var exports = new[] { Guid.CreateVersion7(), Guid.CreateVersion7() };
        await using (var old = Open(services, workspaceId))
        {
            var purpose = new ProcessingPurpose("Orders", null, LegalBasis.Contract, [], null);
            old.Db.Add(purpose);
            old.Db.AddRange(exports.Select(id => new ContactExport(id, purpose.Id, null, ExportPreset.GenericCsv, [ExportField.LastName], "System", null, null, 0, 0, 0, new string('0', 64))));
            await old.Db.SaveChangesAsync();
            foreach (var (contactId, index) in contacts.Select((c, i) => (c, i)))
            {
                foreach (var exportId in index % 2 == 0 ? exports : exports[..1])
                {
                    await old.Db.Database.ExecuteSqlAsync($"""INSERT INTO "ExportedContact" ("ExportId", "ContactId", "WorkspaceId") VALUES ({exportId}, {contactId}, {workspaceId})""");
                }
            }

            await old.Db.Database.MigrateAsync();
        }

        await using var scope = Open(services, workspaceId);
        var rows = await scope.Db.Set<ExportedContactBucket>().AsNoTracking().ToListAsync();
        Assert.All(rows, r => Assert.Equal(workspaceId, r.WorkspaceId));
        Assert.All(rows, r => Assert.All(r.ContactIdList(), id => Assert.Equal(r.Bucket, ExportedContactBucket.BucketOf(id))));
        Assert.All(rows, r => Assert.Equal(r.ContactIdList().Order(), r.ContactIdList()));
        Assert.Equal(contacts.Order(), rows.Where(r => r.ExportId == exports[0]).SelectMany(r => r.ContactIdList()).Order());
        Assert.Equal(contacts.Where((_, i) => i % 2 == 0).Order(), rows.Where(r => r.ExportId == exports[1]).SelectMany(r => r.ContactIdList()).Order());
        Assert.All(contacts, c => Assert.Single(rows, r => r.ExportId == exports[0] && r.Contains(c)));
    }

    private static WorkspaceScope Open(IServiceProvider services, Guid workspaceId)
    {
        var scope = new WorkspaceScope(services.CreateAsyncScope());
        scope.Workspace.Set(workspaceId, null);
        return scope;
    }
}

public sealed class SqliteExportedContactBucketMigrationTests(SqliteDatabase database)
    : ExportedContactBucketMigrationTests(database), IClassFixture<SqliteDatabase>;

public sealed class PostgreSqlExportedContactBucketMigrationTests(PostgreSqlDatabase database)
    : ExportedContactBucketMigrationTests(database), IClassFixture<PostgreSqlDatabase>;
