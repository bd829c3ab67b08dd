using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace ContactBox.Infrastructure.Persistence;

/// <summary>
/// Writes many new rows of one entity type with the provider's bulk path: PostgreSQL binary COPY, SQLite prepared
/// multi-row INSERTs, SQL Server SqlBulkCopy. Rows are written as EF Core maps them (table, column names, value
/// converters and type mappings from the model), inside the context's current transaction, without the change
/// tracker or its interceptors: callers set <c>WorkspaceId</c> and audit fields themselves.
/// </summary>
public static class BulkInsert
{
    // SQLite: 100 rows a statement keeps the statement small and far below the 32,766 parameters SQLite allows.
    private const int SqliteRowsPerStatement = 100;
    private const int SqlServerBatch = 10_000;

    public static async Task BulkInsertAsync<T>(this ContactBoxDbContext db, IEnumerable<T> rows, CancellationToken ct) where T : class
    {
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not an entity of the model.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity.GetProperties()
            .Select(p => (Property: p, Name: p.GetColumnName(table), Mapping: p.GetRelationalTypeMapping()))
            .Where(c => c.Name is not null)
            .Select(c => new Column(c.Name!, c.Mapping, c.Property.GetGetter(), c.Property.GetValueConverter() ?? c.Mapping.Converter))
            .ToList();
        var opened = db.Database.GetDbConnection().State != ConnectionState.Open;
        if (opened)
        {
            await db.Database.OpenConnectionAsync(ct);
        }

        try
        {
            var connection = db.Database.GetDbConnection();
            var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            var name = Quote(db, table.Name, table.Schema);
            switch (connection)
            {
                case NpgsqlConnection npgsql:
                    await CopyAsync(npgsql, name, columns, rows, db, ct);
                    break;
                case SqlConnection sqlServer:
                    await SqlBulkCopyAsync(sqlServer, (SqlTransaction?)transaction, name, columns, rows, ct);
                    break;
                default:
                    await InsertAsync(connection, transaction, name, columns, rows, db, ct);
                    break;
            }
        }
        finally
        {
            if (opened)
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    private sealed record Column(string Name, RelationalTypeMapping Mapping, IClrPropertyGetter Getter, Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter? Converter)
    {
        public object? ClrValue(object row) => Getter.GetClrValue(row);

        /// <summary>The value as the database stores it: after the property's value converter, if any.</summary>
        public object? Value(object row) => ClrValue(row) is { } value && Converter is { } converter ? converter.ConvertToProvider(value) : ClrValue(row);
    }

    private static string Quote(ContactBoxDbContext db, string name, string? schema) =>
        db.GetService<ISqlGenerationHelper>().DelimitIdentifier(name, schema);

    private static async Task CopyAsync<T>(NpgsqlConnection connection, string table, List<Column> columns, IEnumerable<T> rows, ContactBoxDbContext db, CancellationToken ct) where T : class
    {
        var names = string.Join(", ", columns.Select(c => Quote(db, c.Name, null)));
        await using var writer = await connection.BeginBinaryImportAsync($"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var row in rows)
        {
            await writer.StartRowAsync(ct);
            foreach (var column in columns)
            {
                // Binary COPY sends no type per value: the CLR type's PostgreSQL encoding must match the column's
                // (text for varchar, uuid, timestamptz ...), as it does for every mapping EF Core chooses by default.
                await WriteAsync(writer, column.Value(row), column.Mapping.StoreType, ct);
            }
        }

        await writer.CompleteAsync(ct);
    }

    private static Task WriteAsync(NpgsqlBinaryImporter writer, object? value, string storeType, CancellationToken ct) => value switch
    {
        null => writer.WriteNullAsync(ct),
        Guid v => writer.WriteAsync(v, ct),
        string v when storeType.StartsWith("json", StringComparison.Ordinal) => writer.WriteAsync(v, storeType, ct),
        string v => writer.WriteAsync(v, ct),
        int v => writer.WriteAsync(v, ct),
        long v => writer.WriteAsync(v, ct),
        bool v => writer.WriteAsync(v, ct),
        DateTimeOffset v => writer.WriteAsync(v, ct),
        DateOnly v => writer.WriteAsync(v, ct),
        _ => writer.WriteAsync(value, storeType, ct),
    };

    private static async Task InsertAsync<T>(DbConnection connection, DbTransaction? transaction, string table, List<Column> columns, IEnumerable<T> rows, ContactBoxDbContext db, CancellationToken ct) where T : class
    {
        DbCommand? full = null;
        try
        {
            foreach (var chunk in rows.Chunk(SqliteRowsPerStatement))
            {
                if (chunk.Length == SqliteRowsPerStatement && full is not null)
                {
                    SetValues(full, columns, chunk);
                    await full.ExecuteNonQueryAsync(ct);
                    continue;
                }

                var command = Command(connection, transaction, table, columns, chunk, db);
                if (chunk.Length == SqliteRowsPerStatement)
                {
                    await command.PrepareAsync(ct);
                    full = command;
                    await command.ExecuteNonQueryAsync(ct);
                }
                else
                {
                    await using (command)
                    {
                        await command.ExecuteNonQueryAsync(ct);
                    }
                }
            }
        }
        finally
        {
            if (full is not null)
            {
                await full.DisposeAsync();
            }
        }
    }

    private static DbCommand Command<T>(DbConnection connection, DbTransaction? transaction, string table, List<Column> columns, T[] chunk, ContactBoxDbContext db) where T : class
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        var sql = new StringBuilder($"INSERT INTO {table} ({string.Join(", ", columns.Select(c => Quote(db, c.Name, null)))}) VALUES ");
        for (var i = 0; i < chunk.Length; i++)
        {
            sql.Append(i == 0 ? "(" : ", (");
            for (var j = 0; j < columns.Count; j++)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"@p{(i * columns.Count) + j}");
                sql.Append(j == 0 ? "" : ", ").Append(name);
                // The type mapping makes the parameter as EF Core would (SQLite: a Guid as upper-case TEXT).
                command.Parameters.Add(columns[j].Mapping.CreateParameter(command, name, columns[j].ClrValue(chunk[i]), nullable: true));
            }

            sql.Append(')');
        }

        command.CommandText = sql.ToString();
        return command;
    }

    private static void SetValues<T>(DbCommand command, List<Column> columns, T[] chunk) where T : class
    {
        for (var i = 0; i < chunk.Length; i++)
        {
            for (var j = 0; j < columns.Count; j++)
            {
                command.Parameters[(i * columns.Count) + j].Value = columns[j].Value(chunk[i]) ?? DBNull.Value;
            }
        }
    }

    private static async Task SqlBulkCopyAsync<T>(SqlConnection connection, SqlTransaction? transaction, string table, List<Column> columns, IEnumerable<T> rows, CancellationToken ct) where T : class
    {
        using var copy = new SqlBulkCopy(connection, SqlBulkCopyOptions.Default, transaction) { DestinationTableName = table, BatchSize = SqlServerBatch };
        using var data = new DataTable();
        foreach (var column in columns)
        {
            var type = column.Converter?.ProviderClrType ?? column.Mapping.ClrType;
            data.Columns.Add(column.Name, Nullable.GetUnderlyingType(type) ?? type);
            copy.ColumnMappings.Add(column.Name, column.Name);
        }

        foreach (var chunk in rows.Chunk(SqlServerBatch))
        {
            data.Clear();
            foreach (var row in chunk)
            {
                data.Rows.Add([.. columns.Select(c => c.Value(row) ?? DBNull.Value)]);
            }

            await copy.WriteToServerAsync(data, ct);
        }
    }
}
