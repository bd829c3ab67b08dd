using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace ContactBox.Bench.Seeding;

/// <summary>
/// Multi-row INSERTs through prepared, reused commands in large transactions, with the journal in WAL mode
/// and syncing off while loading.
/// </summary>
internal sealed class SqliteBulkLoader(SqliteConnection connection) : IBulkLoader
{
    // Microsoft.Data.Sqlite binds parameters by name, a linear search per parameter: a few hundred per
    // statement keep that cheap while still saving most of the per-statement cost.
    private const int ParametersPerStatement = 240;
    private const int RowsPerTransaction = 100_000;

    public Task PrepareAsync(CancellationToken cancellationToken) =>
        ExecuteAsync("PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA cache_size=-1000000;", cancellationToken);

    public async Task<long> LoadAsync<TRow>(Table<TRow> table, IEnumerable<TRow> rows, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var rowsPerStatement = Math.Max(1, ParametersPerStatement / table.Columns.Count);
        var ownTransaction = transaction is null;
        var current = (SqliteTransaction)(transaction ?? connection.BeginTransaction());
        using var full = Insert(table, rowsPerStatement, current);
        var buffer = new List<TRow>(rowsPerStatement);
        long count = 0;
        var sinceCommit = 0;
        try
        {
            foreach (var row in rows)
            {
                buffer.Add(row);
                if (buffer.Count < rowsPerStatement)
                {
                    continue;
                }

                Bind(table, full, buffer);
                await full.ExecuteNonQueryAsync(cancellationToken);
                count += buffer.Count;
                sinceCommit += buffer.Count;
                buffer.Clear();
                if (ownTransaction && sinceCommit >= RowsPerTransaction)
                {
                    sinceCommit = 0;
                    await current.CommitAsync(cancellationToken);
                    await current.DisposeAsync();
                    current = connection.BeginTransaction();
                    full.Transaction = current;
                }
            }

            if (buffer.Count > 0)
            {
                using var rest = Insert(table, buffer.Count, current);
                Bind(table, rest, buffer);
                await rest.ExecuteNonQueryAsync(cancellationToken);
                count += buffer.Count;
            }

            if (ownTransaction)
            {
                await current.CommitAsync(cancellationToken);
            }
        }
        finally
        {
            if (ownTransaction)
            {
                await current.DisposeAsync();
            }
        }

        return count;
    }

    public Task FinishAsync(CancellationToken cancellationToken) =>
        // Back to the journal mode the app creates databases with.
        ExecuteAsync("ANALYZE; PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;", cancellationToken);

    /// <summary>As EF Core's SQLite provider stores them: GUIDs as upper-case text, instants as UTC ticks, dates as text.</summary>
    public object DbValue(ColumnKind kind, object? value) => value switch
    {
        null => DBNull.Value,
        Guid guid => guid.ToString().ToUpperInvariant(),
        DateTimeOffset instant => instant.UtcTicks,
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => value,
    };

    private SqliteCommand Insert<TRow>(Table<TRow> table, int rows, SqliteTransaction transaction)
    {
        var columns = string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\""));
        var values = string.Join(", ", Enumerable.Range(0, rows).Select(r => $"({string.Join(", ", table.Columns.Select((_, c) => $"@p{r}_{c}"))})"));
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"INSERT INTO \"{table.Name}\" ({columns}) VALUES {values}";
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < table.Columns.Count; c++)
            {
                command.Parameters.Add(new SqliteParameter($"@p{r}_{c}", null));
            }
        }

        command.Prepare();
        return command;
    }

    private void Bind<TRow>(Table<TRow> table, SqliteCommand command, List<TRow> rows)
    {
        var columns = table.Columns;
        for (var r = 0; r < rows.Count; r++)
        {
            for (var c = 0; c < columns.Count; c++)
            {
                command.Parameters[(r * columns.Count) + c].Value = DbValue(columns[c].Kind, columns[c].Value(rows[r]));
            }
        }
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
