using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace ContactBox.Bench.Seeding;

/// <summary>Binary COPY, one per table: the fastest way into PostgreSQL short of writing data files.</summary>
internal sealed class PostgresBulkLoader(NpgsqlConnection connection) : IBulkLoader
{
    public Task PrepareAsync(CancellationToken cancellationToken) =>
        // Only this session stops waiting for the WAL flush; the server's settings stay as they are.
        ExecuteAsync("SET synchronous_commit = off", cancellationToken);

    public async Task<long> LoadAsync<TRow>(Table<TRow> table, IEnumerable<TRow> rows, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        var columns = string.Join(", ", table.Columns.Select(c => $"\"{c.Name}\""));
        await using var writer = await connection.BeginBinaryImportAsync($"COPY \"{table.Name}\" ({columns}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var row in rows)
        {
            // The synchronous writes fill a buffer; only full buffers go to the server.
            writer.StartRow();
            foreach (var column in table.Columns)
            {
                Write(writer, column.Kind, column.Value(row));
            }
        }

        return (long)await writer.CompleteAsync(cancellationToken);
    }

    public Task FinishAsync(CancellationToken cancellationToken) =>
        // VACUUM also sets the visibility map and hint bits, so the first reads do not pay for the bulk load.
        ExecuteAsync("VACUUM (ANALYZE)", cancellationToken);

    public object DbValue(ColumnKind kind, object? value) => value ?? DBNull.Value;

    private static void Write(NpgsqlBinaryImporter writer, ColumnKind kind, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNull();
                break;
            case Guid guid:
                writer.Write(guid, NpgsqlDbType.Uuid);
                break;
            case DateTimeOffset instant:
                writer.Write(instant, NpgsqlDbType.TimestampTz);
                break;
            case DateOnly date:
                writer.Write(date, NpgsqlDbType.Date);
                break;
            case int number:
                writer.Write(number, NpgsqlDbType.Integer);
                break;
            case string text:
                writer.Write(text, kind == ColumnKind.Json ? NpgsqlDbType.Jsonb : NpgsqlDbType.Varchar);
                break;
            default:
                throw new NotSupportedException($"No COPY mapping for {value.GetType().Name}.");
        }
    }

    private async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
