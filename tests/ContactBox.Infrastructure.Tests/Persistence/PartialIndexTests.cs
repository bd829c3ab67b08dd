using System.Data.Common;
using System.Text.RegularExpressions;
using ContactBox.Infrastructure.Persistence;
using ContactBox.Infrastructure.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ContactBox.Infrastructure.Tests.Persistence;

/// <summary>
/// The indexes of a contact's owner, employer and external ID hold only the contacts that have one (an import writes
/// thousands without), and every lookup by a value still uses them: the queries EF sends and the database's own foreign
/// key checks when an employer or an owner is deleted. The planner is asked whether it can use the index (on PostgreSQL
/// with sequential scans priced out, since a test table is too small for the index to be cheaper).
/// </summary>
public abstract partial class PartialIndexTests(DatabaseFixture database)
{
    private static readonly Guid Someone = Guid.Parse("01900000-0000-7000-8000-000000000001");

    [SkippableTheory]
    [InlineData("IX_Contacts_EmployerId", "EmployerId")]
    [InlineData("IX_Contacts_OwnerId", "OwnerId")]
    [InlineData("IX_Contacts_WorkspaceId_ExternalId", "ExternalId")]
    public async Task The_index_leaves_out_contacts_without_a_value(string index, string column)
    {
        database.SkipUnlessAvailable();
        await using var scope = database.OpenWithoutWorkspace();
        var definition = database.Provider == DatabaseProvider.Sqlite
            ? await ScalarAsync(scope.Db, "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = @name", ("name", index))
            : await ScalarAsync(scope.Db, "SELECT indexdef FROM pg_indexes WHERE indexname = @name", ("name", index));

        Assert.EndsWith(database.Provider == DatabaseProvider.Sqlite ? $"WHERE \"{column}\" IS NOT NULL" : $"WHERE (\"{column}\" IS NOT NULL)", definition);
    }

    [SkippableFact]
    public async Task Lookups_by_employer_owner_and_external_id_use_their_indexes()
    {
        database.SkipUnlessAvailable();
        var workspaceId = await database.CreateWorkspaceAsync();
        await using var scope = database.Open(workspaceId);
        var db = scope.Db;
        var employerId = Someone;
        var ownerId = Someone;
        var externalId = "crm-1";

        Assert.Contains("IX_Contacts_EmployerId", await PlanAsync(db, db.Contacts.Where(c => c.EmployerId == employerId).Select(c => c.Id), workspaceId, employerId));
        Assert.Contains("IX_Contacts_OwnerId", await PlanAsync(db, db.Contacts.Where(c => c.OwnerId == ownerId).Select(c => c.Id), workspaceId, ownerId));
        Assert.Contains("IX_Contacts_WorkspaceId_ExternalId", await PlanAsync(db, db.Contacts.Where(c => c.ExternalId == externalId).Select(c => c.Id), workspaceId, externalId));
    }

    [SkippableFact]
    public async Task The_foreign_key_checks_when_an_employer_or_owner_goes_use_the_indexes()
    {
        database.SkipUnlessAvailable();
        await using var scope = database.OpenWithoutWorkspace();
        var db = scope.Db;
        if (database.Provider == DatabaseProvider.Sqlite)
        {
            // The DELETE's program scans the child table's index for rows that still point at the deleted row.
            Assert.Contains("IX_Contacts_EmployerId", await SqliteIndexesOpenedAsync(db, "DELETE FROM \"Contacts\" WHERE \"Id\" = @id"));
            Assert.Contains("IX_Contacts_OwnerId", await SqliteIndexesOpenedAsync(db, "DELETE FROM \"Members\" WHERE \"Id\" = @id"));
        }
        else
        {
            // The statements PostgreSQL's referential integrity triggers run on a delete of the referenced row.
            Assert.Contains("IX_Contacts_EmployerId", await PostgresPlanAsync(db, "SELECT 1 FROM ONLY \"public\".\"Contacts\" x WHERE @id OPERATOR(pg_catalog.=) \"EmployerId\" FOR KEY SHARE OF x", [("id", Someone)]));
            Assert.Contains("IX_Contacts_OwnerId", await PostgresPlanAsync(db, "SELECT 1 FROM ONLY \"public\".\"Contacts\" x WHERE @id OPERATOR(pg_catalog.=) \"OwnerId\" FOR KEY SHARE OF x", [("id", Someone)]));
        }
    }

    /// <summary>The plan of the SQL EF generates for <paramref name="query"/>, its parameters bound to the workspace and <paramref name="value"/>.</summary>
    private Task<string> PlanAsync<T>(ContactBoxDbContext db, IQueryable<T> query, Guid workspaceId, object value)
    {
        // ToQueryString declares the parameters first (".param set …" on SQLite, "-- @p='…'" on PostgreSQL), then the SQL.
        var sql = string.Join('\n', query.ToQueryString().Split('\n').Where(l => !l.StartsWith(".param", StringComparison.Ordinal) && !l.StartsWith("--", StringComparison.Ordinal)));
        var parameters = Parameter().Matches(sql).Select(m => m.Groups[1].Value).Distinct()
            .Select(name => (name, name.Contains("CurrentWorkspaceId", StringComparison.Ordinal) ? workspaceId : value))
            .ToList();
        return database.Provider == DatabaseProvider.Sqlite
            ? SqlitePlanAsync(db, sql, parameters)
            : PostgresPlanAsync(db, sql, parameters);
    }

    private static async Task<string> SqlitePlanAsync(ContactBoxDbContext db, string sql, IReadOnlyList<(string Name, object Value)> parameters)
    {
        await using var command = await CommandAsync(db, "EXPLAIN QUERY PLAN " + sql, parameters);
        await using var reader = await command.ExecuteReaderAsync();
        var plan = new List<string>();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(3));
        }

        return string.Join('\n', plan);
    }

    private static async Task<string> PostgresPlanAsync(ContactBoxDbContext db, string sql, IReadOnlyList<(string Name, object Value)> parameters)
    {
        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.Database.ExecuteSqlRawAsync("SET LOCAL enable_seqscan = off");
        await using var command = await CommandAsync(db, "EXPLAIN " + sql, parameters);
        command.Transaction = transaction.GetDbTransaction();
        await using var reader = await command.ExecuteReaderAsync();
        var plan = new List<string>();
        while (await reader.ReadAsync())
        {
            plan.Add(reader.GetString(0));
        }

        return string.Join('\n', plan);
    }

    /// <summary>SQLite: the indexes the program of <paramref name="statement"/> opens for reading (its bytecode's OpenRead root pages).</summary>
    private static async Task<List<string>> SqliteIndexesOpenedAsync(ContactBoxDbContext db, string statement)
    {
        var roots = new List<long>();
        await using (var command = await CommandAsync(db, "EXPLAIN " + statement, [("id", Someone)]))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                if (reader.GetString(1) == "OpenRead")
                {
                    roots.Add(reader.GetInt64(3));
                }
            }
        }

        var names = new List<string>();
        foreach (var root in roots)
        {
            names.Add(await ScalarAsync(db, "SELECT coalesce(name, '') FROM sqlite_master WHERE rootpage = @root", ("root", root)));
        }

        return names;
    }

    private static async Task<string> ScalarAsync(ContactBoxDbContext db, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = await CommandAsync(db, sql, parameters);
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<DbCommand> CommandAsync(ContactBoxDbContext db, string sql, IEnumerable<(string Name, object Value)> parameters)
    {
        await db.Database.OpenConnectionAsync();
        var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    [GeneratedRegex(@"@(\w+)")]
    private static partial Regex Parameter();
}

public sealed class SqlitePartialIndexTests(SqliteDatabase database)
    : PartialIndexTests(database), IClassFixture<SqliteDatabase>;

public sealed class PostgreSqlPartialIndexTests(PostgreSqlDatabase database)
    : PartialIndexTests(database), IClassFixture<PostgreSqlDatabase>;
