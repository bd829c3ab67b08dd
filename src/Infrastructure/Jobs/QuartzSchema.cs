using ContactBox.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore.Migrations;
using System.Text.RegularExpressions;
using Quartz.Impl.AdoJobStore;

namespace ContactBox.Infrastructure.Jobs;

/// <summary>
/// Quartz's tables (prefix <c>qrtz_</c>) for the clustered job store, created by the <c>Realtime</c> migration from
/// the schema script Quartz itself ships for the provider, so the tables always match the Quartz version in use.
/// SQLite uses Quartz's in-memory store and needs none.
/// </summary>
public static partial class QuartzSchema
{
    public const string TablePrefix = "qrtz_";

    public static void Create(MigrationBuilder migrationBuilder, DatabaseProvider provider)
    {
        foreach (var statement in Statements(provider))
        {
            migrationBuilder.Sql(statement);
        }
    }

    /// <summary>Drops the tables <see cref="Create"/> made, in reverse order (foreign keys point backwards).</summary>
    public static void Drop(MigrationBuilder migrationBuilder, DatabaseProvider provider)
    {
        var tables = Statements(provider)
            .Select(statement => TableName().Match(statement))
            .Where(match => match.Success)
            .Select(match => match.Groups["name"].Value)
            .Reverse();
        foreach (var table in tables)
        {
            migrationBuilder.DropTable(table);
        }
    }

    private static IEnumerable<string> Statements(DatabaseProvider provider)
    {
        var script = provider switch
        {
            DatabaseProvider.PostgreSql => "Quartz.Impl.AdoJobStore.Schema.create_postgres.sql",
            DatabaseProvider.SqlServer => "Quartz.Impl.AdoJobStore.Schema.create_sqlServer.sql",
            _ => null,
        };
        if (script is null)
        {
            yield break;
        }

        using var stream = typeof(StdAdoDelegate).Assembly.GetManifestResourceStream(script)
            ?? throw new InvalidOperationException($"Quartz no longer ships {script}.");
        using var reader = new StreamReader(stream);
        // Quartz separates the script's statements with a line reading '--;;' and writes the prefix as {0} and {1}.
        foreach (var statement in reader.ReadToEnd().ReplaceLineEndings("\n").Split("\n--;;", StringSplitOptions.RemoveEmptyEntries))
        {
            var sql = statement.Replace("{0}", TablePrefix, StringComparison.Ordinal).Replace("{1}", TablePrefix, StringComparison.Ordinal).Trim();
            if (sql.Split('\n').Any(line => line.Trim().Length > 0 && !line.TrimStart().StartsWith("--", StringComparison.Ordinal)))
            {
                yield return sql;
            }
        }
    }

    [GeneratedRegex(@"CREATE TABLE (IF NOT EXISTS )?(?<name>qrtz_\w+)", RegexOptions.IgnoreCase)]
    private static partial Regex TableName();
}
