using System.Data.Common;
using ContactBox.Domain.Contacts;
using ContactBox.Domain.Export;
using ContactBox.Infrastructure.Export;
using ContactBox.Infrastructure.Persistence;
using ContactBox.Infrastructure.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace ContactBox.Infrastructure.Tests.Persistence;

/// <summary>
/// An export reads the whole workspace: on SQLite it scans the contacts table instead of walking a (WorkspaceId, …)
/// index, with the statistics of a workspace of 1,000,000 contacts (those ANALYZE wrote for the export benchmark),
/// while a selective filter beside it keeps its index; the rows are the same either way.
/// </summary>
public sealed class WholeWorkspaceReadsTests(SqliteDatabase database) : IClassFixture<SqliteDatabase>
{
    // sqlite_stat1 of the benchmark's database (one workspace, 1,000,000 contacts): every row has the same WorkspaceId.
    private const string MillionContactStatistics = """
        DELETE FROM sqlite_stat1 WHERE tbl = 'Contacts';
        INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES
            ('Contacts', 'IX_Contacts_WorkspaceId_ExternalId', '1000000 1000000 1000000'),
            ('Contacts', 'IX_Contacts_WorkspaceId_LastName_Id', '1000000 1000000 593 1'),
            ('Contacts', 'IX_Contacts_WorkspaceId_DisplayName_Id', '1000000 1000000 2 1'),
            ('Contacts', 'IX_Contacts_WorkspaceId_CreatedAt', '1000000 1000000 1'),
            ('Contacts', 'IX_Contacts_OwnerId', '1000000 47620'),
            ('Contacts', 'IX_Contacts_EmployerId', '1000000 1000000'),
            ('Contacts', 'sqlite_autoindex_Contacts_1', '1000000 1');
        ANALYZE sqlite_schema;
        """;

    [SkippableFact]
    public async Task An_export_scans_the_contacts_of_its_workspace_where_the_planner_alone_would_walk_an_index()
    {
        database.SkipUnlessAvailable();
        await using var services = database.BuildServices(await database.CreateEmptyDatabaseAsync());
        await using (var setup = new WorkspaceScope(services.CreateAsyncScope()))
        {
            await setup.Db.Database.MigrateAsync();
        }

        var workspaceId = await CreateWorkspaceAsync(services);
        var contacts = new[] { TestContacts.Person("Zander"), TestContacts.Person("Müller"), TestContacts.Person("Albers") };
        await using var scope = new WorkspaceScope(services.CreateAsyncScope());
        scope.Workspace.Set(workspaceId, null);
        scope.Db.AddRange(contacts);
        await scope.Db.SaveChangesAsync();
        await scope.Db.Database.ExecuteSqlRawAsync("ANALYZE;");
        await scope.Db.Database.ExecuteSqlRawAsync(MillionContactStatistics);

        var (query, _) = ExportRows(scope.Db, scope.Db.Contacts);
        var (planned, rewritten) = await PlansAsync(scope.Db, query);
        Assert.StartsWith("SEARCH c USING INDEX IX_Contacts_WorkspaceId_", planned[0], StringComparison.Ordinal);
        Assert.Equal("SCAN c", rewritten[0]);

        // The context runs the rewritten statement, and it returns the same rows, in display-name order.
        Assert.Contains(SqliteWholeWorkspaceInterceptor.Instance, scope.Db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()!.Interceptors!);
        var rows = await query.ToListAsync();
        Assert.Equal(contacts.OrderBy(c => c.DisplayName, StringComparer.Ordinal).Select(c => c.Id), rows.Select(r => (Guid)r[0]!));

        // A selective term beside the workspace keeps its index.
        var (byName, _) = ExportRows(scope.Db, scope.Db.Contacts.Where(c => c.LastName == "Müller"));
        var (_, rewrittenByName) = await PlansAsync(scope.Db, byName);
        Assert.Equal("SEARCH c USING INDEX IX_Contacts_WorkspaceId_LastName_Id (WorkspaceId=? AND LastName=?)", rewrittenByName[0]);
        Assert.Equal([contacts[1].Id], (await byName.ToListAsync()).Select(r => (Guid)r[0]!));
    }

    [Fact]
    public void Only_a_tagged_statement_changes_and_only_its_outer_workspace_term()
    {
        const string inner = """(SELECT 1 FROM "ContactPrivacy" AS "c0" WHERE "c0"."WorkspaceId" = @ef_filter__CurrentWorkspaceId AND "c0"."ContactId" = "c"."Id")""";
        var statement = $"""
            SELECT "c"."Id", {inner}
            FROM "Contacts" AS "c"
            WHERE "c"."WorkspaceId" = @ef_filter__CurrentWorkspaceId AND EXISTS {inner}
            """;

        Assert.Equal(statement, SqliteWholeWorkspaceInterceptor.Rewrite(statement));
        Assert.Equal($"""
            -- {WholeWorkspaceReads.Tag}

            SELECT "c"."Id", {inner}
            FROM "Contacts" AS "c"
            WHERE likely("c"."WorkspaceId" = @ef_filter__CurrentWorkspaceId) AND EXISTS {inner}
            """, SqliteWholeWorkspaceInterceptor.Rewrite($"-- {WholeWorkspaceReads.Tag}\n\n{statement}"));
    }

    private static (IQueryable<object?[]> Query, object Slots) ExportRows(ContactBoxDbContext db, IQueryable<Contact> selection) =>
        ContactExporter.Rows(db, selection, [ExportColumns.Of(ExportField.LastName), ExportColumns.Of(ExportField.Birthday)], Guid.CreateVersion7(), TestContacts.Today, newsletter: false);

    /// <summary>The query plan's steps for the statement as EF Core writes it and as the interceptor rewrites it.</summary>
    private static async Task<(List<string> Planned, List<string> Rewritten)> PlansAsync(ContactBoxDbContext db, IQueryable<object?[]> query)
    {
        await db.Database.OpenConnectionAsync();
        await using var command = query.CreateDbCommand();
        Assert.StartsWith($"-- {WholeWorkspaceReads.Tag}", command.CommandText, StringComparison.Ordinal);
        var original = command.CommandText;
        var planned = await PlanAsync(command, original);
        var rewritten = await PlanAsync(command, SqliteWholeWorkspaceInterceptor.Rewrite(original));
        Assert.NotEqual(original, SqliteWholeWorkspaceInterceptor.Rewrite(original));
        return (planned, rewritten);
    }

    private static async Task<List<string>> PlanAsync(DbCommand command, string sql)
    {
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        var steps = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            // Column 1 is the parent step: the outer query's steps have parent 0.
            if (reader.GetInt32(1) == 0)
            {
                steps.Add(reader.GetString(3));
            }
        }

        return steps;
    }

    private static async Task<Guid> CreateWorkspaceAsync(IServiceProvider services)
    {
        await using var scope = new WorkspaceScope(services.CreateAsyncScope());
        var workspace = new Domain.Workspaces.Workspace("Scan", TestContacts.Today);
        scope.Db.Workspaces.Add(workspace);
        await scope.Db.SaveChangesAsync();
        return workspace.Id;
    }
}
