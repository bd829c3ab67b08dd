using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using ContactBox.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ContactBox.Bench.Export;

/// <summary>
/// Keeps the statement an export streams its rows with, as the database receives it (after the SQLite interceptor's
/// hint), with its parameters written in as literals, so that bench/export.sh can run the very same query through the
/// database's own CSV export (<c>sqlite3 -csv</c>, <c>COPY (…) TO STDOUT CSV</c>): what the database alone needs for it.
/// </summary>
internal sealed partial class ExportStatement(DatabaseProvider provider) : DbCommandInterceptor
{
    public string? Sql { get; private set; }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Keep(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Keep(command);
        return ValueTask.FromResult(result);
    }

    private void Keep(DbCommand command)
    {
        if (!WholeWorkspaceReads.IsMarked(command.CommandText))
        {
            return;
        }

        var values = command.Parameters.Cast<DbParameter>().ToDictionary(p => p.ParameterName.TrimStart('@'), p => Literal(p.Value), StringComparer.Ordinal);
        Sql = Parameter().Replace(command.CommandText, m => values.TryGetValue(m.Groups[1].Value, out var literal) ? literal : m.Value);
    }

    private string Literal(object? value) => value switch
    {
        null or DBNull => "NULL",
        Guid id => provider == DatabaseProvider.Sqlite ? $"'{id.ToString().ToUpperInvariant()}'" : $"'{id}'::uuid",
        DateTimeOffset instant => $"'{instant.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)}'::timestamptz",
        DateTime instant => $"'{instant.ToString("O", CultureInfo.InvariantCulture)}'::timestamptz",
        string text => $"'{text.Replace("'", "''", StringComparison.Ordinal)}'",
        bool flag => flag ? "TRUE" : "FALSE",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => throw new NotSupportedException($"No literal for a parameter of type {value.GetType()}."),
    };

    [GeneratedRegex(@"@(\w+)")]
    private static partial Regex Parameter();
}
