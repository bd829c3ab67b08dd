using System.Buffers;
using System.Collections;
using System.Collections.Concurrent;
using System.Data;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.Json;
using Npgsql;
using SQLitePCL;

namespace ContactBox.Infrastructure.Persistence;

/// <summary>
/// Writes new entity instances the way EF Core would store them, without the change tracker, SaveChanges or interceptors:
/// tables, columns, value converters, JSON columns of owned types and shadow properties all come from the EF model, so a
/// new property or child table needs no change here. It writes inside the context's current transaction (or opens the
/// connection for the call), with each provider's bulk path: PostgreSQL binary COPY, SQLite prepared multi-row INSERTs
/// (reused across calls on the same connection), SQL Server SqlBulkCopy.
/// </summary>
/// <remarks>
/// Nothing is stamped here: the caller stamps workspace and audit fields first (<see cref="WorkspaceStampInterceptor.StampAdded"/>),
/// as SaveChanges would. Keys must be set (ContactBox's are client-side GUIDs); store-generated and computed columns are left out.
/// </remarks>
public static class BulkInsert
{
    private const int SqlServerRowsPerBatch = 10_000;

    private static readonly ConcurrentDictionary<(IModel, IEntityType), TablePlan> Plans = new();

    /// <summary>
    /// Inserts <paramref name="rows"/>. When <typeparamref name="T"/> is one entity type the rows stream (memory stays flat
    /// for any count); otherwise (e.g. <c>object</c>) they are grouped by entity type and written principals first, so a
    /// mix from <see cref="WithDependents"/> satisfies its foreign keys. Streamed rows must not be read from the same
    /// connection while they are written (a PostgreSQL COPY holds it): materialise them per batch, or read with another context.
    /// </summary>
    public static async Task BulkInsertAsync<T>(this ContactBoxDbContext db, IEnumerable<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(db);
        var single = db.Model.FindEntityType(typeof(T));
        var opened = db.Database.GetDbConnection().State != ConnectionState.Open;
        if (opened)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        try
        {
            if (single is not null && !single.GetDirectlyDerivedTypes().Any())
            {
                await WriteAsync(db, Plan(db, single), rows, cancellationToken);
                return;
            }

            var groups = rows.GroupBy(r => r.GetType()).Select(g => (Type: EntityType(db.Model, g.Key), Rows: g.ToList())).ToList();
            foreach (var (type, list) in PrincipalsFirst(groups))
            {
                await WriteAsync(db, Plan(db, type), list, cancellationToken);
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

    /// <summary>
    /// The roots and, after each, every new entity reachable from it through navigations to dependents (child collections
    /// and dependent references, not owned types, which are written with their owner): an aggregate, read from the model.
    /// </summary>
    public static IEnumerable<object> WithDependents(this ContactBoxDbContext db, IEnumerable<object> roots)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(roots);
        var pending = new Stack<object>();
        foreach (var root in roots)
        {
            pending.Push(root);
            while (pending.Count > 0)
            {
                var entity = pending.Pop();
                yield return entity;
                foreach (var navigation in Children.GetOrAdd(EntityType(db.Model, entity.GetType()), ChildNavigations))
                {
                    switch (navigation.GetGetter().GetClrValue(entity))
                    {
                        case null:
                        case ICollection { Count: 0 } when navigation.IsCollection:
                            break;
                        case IEnumerable children when navigation.IsCollection:
                            foreach (var child in children.Cast<object>().Reverse())
                            {
                                pending.Push(child);
                            }

                            break;
                        case var child:
                            pending.Push(child);
                            break;
                    }
                }
            }
        }
    }

    private static readonly ConcurrentDictionary<IEntityType, INavigation[]> Children = new();

    /// <summary>The navigations from an entity type to its dependents (not owned types: those are written with their owner).</summary>
    private static INavigation[] ChildNavigations(IEntityType type)
    {
        var navigations = type.GetNavigations().Where(n => !n.IsOnDependent && !n.TargetEntityType.IsOwned()).ToArray();
        foreach (var navigation in navigations.Where(n => n.ForeignKey.Properties.Any(p => p.IsShadowProperty())))
        {
            throw new NotSupportedException($"{navigation.DeclaringEntityType.DisplayName()}.{navigation.Name}: a bulk insert needs a CLR foreign key property on {navigation.TargetEntityType.DisplayName()}.");
        }

        return navigations;
    }

    private static IEntityType EntityType(IModel model, Type clrType) =>
        model.FindEntityType(clrType) ?? throw new InvalidOperationException($"{clrType.Name} is not an entity type of the model.");

    /// <summary>Orders the groups so that a table comes after every table of the batch its foreign keys point at.</summary>
    private static IEnumerable<(IEntityType, List<T>)> PrincipalsFirst<T>(List<(IEntityType Type, List<T> Rows)> groups)
    {
        var left = groups.ToList();
        while (left.Count > 0)
        {
            var next = left.FirstOrDefault(g => !g.Type.GetForeignKeys().Any(fk => fk.PrincipalEntityType != g.Type && left.Exists(o => o.Type == fk.PrincipalEntityType)));
            if (next.Type is null)
            {
                throw new InvalidOperationException($"The foreign keys among {string.Join(", ", left.Select(g => g.Type.DisplayName()))} form a cycle.");
            }

            left.Remove(next);
            yield return next;
        }
    }

    private static Task WriteAsync<T>(ContactBoxDbContext db, TablePlan plan, IEnumerable<T> rows, CancellationToken cancellationToken)
        where T : class =>
        db.Database.GetDbConnection() switch
        {
            NpgsqlConnection connection => CopyAsync(db, plan, connection, rows, cancellationToken),
            SqliteConnection connection => Insert(plan, connection, rows, cancellationToken),
            SqlConnection connection => BulkCopyAsync(plan, connection, (SqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction(), rows, cancellationToken),
            var other => throw new NotSupportedException($"No bulk insert for {other.GetType().Name}."),
        };

    /// <summary>
    /// PostgreSQL: one binary COPY; Npgsql buffers the rows and sends full buffers, in the connection's transaction; then the
    /// table's statistics are kept true for the rows the transaction wrote (<see cref="BulkStatistics"/>).
    /// </summary>
    private static async Task CopyAsync<T>(ContactBoxDbContext db, TablePlan plan, NpgsqlConnection connection, IEnumerable<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        ulong written;
        await using (var writer = await connection.BeginBinaryImportAsync($"COPY {plan.Table} ({plan.ColumnList}) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            foreach (var row in rows)
            {
                await writer.StartRowAsync(cancellationToken);
                foreach (var column in plan.Columns)
                {
                    if (column.Value(row) is { } value)
                    {
                        if (column.NpgsqlType is { } type)
                        {
                            writer.Write(value, type);
                        }
                        else
                        {
                            writer.Write(value, column.PostgresType);
                        }
                    }
                    else
                    {
                        writer.WriteNull();
                    }
                }
            }

            written = await writer.CompleteAsync(cancellationToken);
        }

        await BulkStatistics.WrittenAsync(db, plan.Table, (long)written, cancellationToken);
    }

    /// <summary>
    /// SQLite: one prepared single-row INSERT per call, stepped once per row with its values bound by position straight
    /// through SQLitePCL (as <c>sqlite3 .import</c> does), in the connection's transaction. Microsoft.Data.Sqlite's
    /// command would look every parameter up by name and convert every value through an object binder on each execution;
    /// <see cref="SqliteBind"/> converts each column's provider value exactly as that binder does, chosen once per column,
    /// and writes text (GUIDs and JSON columns included) as UTF-8 straight into a reused buffer.
    /// </summary>
    private static Task Insert<T>(TablePlan plan, SqliteConnection connection, IEnumerable<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        var binders = plan.SqliteBinders.Value;
        var handle = connection.Handle!;
        var values = string.Join(", ", Enumerable.Range(1, plan.Columns.Count).Select(c => $"?{c}"));
        var rc = raw.sqlite3_prepare_v2(handle, $"INSERT INTO {plan.Table} ({plan.ColumnList}) VALUES ({values})", out var statement);
        SqliteException.ThrowExceptionForRC(rc, handle);
        using (statement)
        {
            var count = 0;
            foreach (var row in rows)
            {
                if (++count % 1024 == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                for (var c = 0; c < binders.Length; c++)
                {
                    rc = binders[c](statement, c + 1, row);
                    SqliteException.ThrowExceptionForRC(rc, handle);
                }

                SqliteException.ThrowExceptionForRC(raw.sqlite3_step(statement), handle);
                raw.sqlite3_reset(statement);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>SQL Server: SqlBulkCopy in the current transaction, checking constraints, in batches of a DataTable each.</summary>
    private static async Task BulkCopyAsync<T>(TablePlan plan, SqlConnection connection, SqlTransaction? transaction, IEnumerable<T> rows, CancellationToken cancellationToken)
        where T : class
    {
        using var bulk = new SqlBulkCopy(connection, SqlBulkCopyOptions.CheckConstraints | SqlBulkCopyOptions.FireTriggers | SqlBulkCopyOptions.KeepNulls, transaction)
        {
            DestinationTableName = plan.Table,
            BatchSize = SqlServerRowsPerBatch,
        };
        using var table = new DataTable { Locale = System.Globalization.CultureInfo.InvariantCulture };
        foreach (var column in plan.Columns)
        {
            table.Columns.Add(column.Name, column.ProviderClrType);
            bulk.ColumnMappings.Add(column.Name, column.Name);
        }

        foreach (var row in rows)
        {
            var values = new object[plan.Columns.Count];
            for (var c = 0; c < values.Length; c++)
            {
                values[c] = plan.Columns[c].Value(row) ?? DBNull.Value;
            }

            table.Rows.Add(values);
            if (table.Rows.Count == SqlServerRowsPerBatch)
            {
                await bulk.WriteToServerAsync(table, cancellationToken);
                table.Clear();
            }
        }

        if (table.Rows.Count > 0)
        {
            await bulk.WriteToServerAsync(table, cancellationToken);
        }
    }

    private static TablePlan Plan(ContactBoxDbContext db, IEntityType entityType) =>
        Plans.GetOrAdd((entityType.Model, entityType), static (key, sql) => TablePlan.Create(key.Item2, sql), db.GetService<ISqlGenerationHelper>());

    /// <summary>One table's columns as the model maps them, each with a function from an entity to its provider value.</summary>
    private sealed record TablePlan(IEntityType EntityType, string Table, string ColumnList, IReadOnlyList<Column> Columns)
    {
        /// <summary>SQLite: how each column's provider value is bound (made on first use, on SQLite only).</summary>
        public Lazy<SqliteBind.Binder[]> SqliteBinders { get; } = new(() => Columns.Select(c => SqliteBind.For(Table, c)).ToArray());

        public static TablePlan Create(IEntityType entityType, ISqlGenerationHelper sqlHelper)
        {
            var tableName = entityType.GetTableName() ?? throw new NotSupportedException($"{entityType.DisplayName()} is not mapped to a table.");
            var table = StoreObjectIdentifier.Table(tableName, entityType.GetSchema());
            var sql = entityType.Model.GetRelationalModel().FindTable(tableName, entityType.GetSchema())!;
            var columns = new List<Column>();
            foreach (var property in entityType.GetProperties())
            {
                if (property.GetColumnName(table) is not { } name || property.GetComputedColumnSql(table) is not null
                    || (property.ValueGenerated != ValueGenerated.Never && property.GetDefaultValueSql(table) is not null))
                {
                    continue;
                }

                var mapping = property.GetRelationalTypeMapping();
                var converter = mapping.Converter;
                Func<object, object?> model = property.IsShadowProperty()
                    ? _ => property.Sentinel
                    : property.GetGetter().GetClrValueUsingContainingEntity;
                columns.Add(new Column(name, StoreType(sql.FindColumn(name)!.StoreType), mapping,
                    converter is null ? model : e => model(e) is { } v ? converter.ConvertToProvider(v) : null));
            }

            // Owned types stored as JSON: one column each on the owner's row, written as EF writes it.
            foreach (var navigation in entityType.GetNavigations().Where(n => n.TargetEntityType.IsOwned() && n.TargetEntityType.IsMappedToJson()))
            {
                var name = navigation.TargetEntityType.GetContainerColumnName()!;
                var column = sql.FindColumn(name)!;
                var json = new JsonColumn(navigation, navigation.GetGetter());
                columns.Add(new Column(name, StoreType(column.StoreType), column.StoreTypeMapping, json.Text, json));
            }

            if (entityType.GetNavigations().Any(n => n.TargetEntityType.IsOwned() && !n.TargetEntityType.IsMappedToJson()))
            {
                throw new NotSupportedException($"{entityType.DisplayName()} has an owned type in its own columns; the bulk insert writes owned types stored as JSON only.");
            }

            var quoted = columns.Select(c => sqlHelper.DelimitIdentifier(c.Name));
            return new TablePlan(entityType, sqlHelper.DelimitIdentifier(tableName, entityType.GetSchema()), string.Join(", ", quoted), columns);
        }

        /// <summary>"character varying(200)" → "character varying": the type name Npgsql resolves a binary writer by.</summary>
        private static string StoreType(string storeType) => storeType.Split('(')[0].Trim();
    }

    /// <param name="Json">A JSON column of an owned type: <paramref name="Value"/> gives its text.</param>
    private sealed record Column(string Name, string PostgresType, RelationalTypeMapping Mapping, Func<object, object?> Value, JsonColumn? Json = null)
    {
        /// <summary>PostgreSQL: the parameter type EF's own mapping configures (resolved once, not per value); null elsewhere or when EF leaves it open.</summary>
        public NpgsqlTypes.NpgsqlDbType? NpgsqlType { get; } = NpgsqlTypeOf(Mapping);

        public Type ProviderClrType { get; } = Json is not null ? typeof(string) : Nullable.GetUnderlyingType(Mapping.Converter?.ProviderClrType ?? Mapping.ClrType) ?? Mapping.Converter?.ProviderClrType ?? Mapping.ClrType;
    }

    /// <summary>An owned navigation stored as one JSON column on its owner's row.</summary>
    private sealed record JsonColumn(INavigation Navigation, IClrPropertyGetter Getter)
    {
        /// <summary>The column's value as text (PostgreSQL, SQL Server).</summary>
        public string? Text(object entity) => OwnedJson.Write(Navigation, Getter.GetClrValueUsingContainingEntity(entity));

        /// <summary>The column's value as UTF-8 in a reused buffer (SQLite binds the bytes); false when it is null.</summary>
        public bool Utf8(object entity, out ReadOnlySpan<byte> json) => OwnedJson.WriteUtf8(Navigation, Getter.GetClrValueUsingContainingEntity(entity), out json);
    }

    /// <summary>
    /// SQLite: binds a column's provider value (after EF's value converter) by position exactly as Microsoft.Data.Sqlite's
    /// value binder would bind it as a parameter value (integers and booleans as INTEGER, GUIDs as upper-case TEXT unless
    /// the mapping asks for a BLOB, dates as ISO TEXT, decimals as TEXT, …); the conversion is chosen once per column.
    /// </summary>
    private static class SqliteBind
    {
        /// <summary>Binds <paramref name="entity"/>'s value of one column to parameter <paramref name="index"/>.</summary>
        public delegate int Binder(sqlite3_stmt statement, int index, object entity);

        [ThreadStatic]
        private static byte[]? _utf8;

        public static Binder For(string table, Column column)
        {
            if (column.Json is { } json)
            {
                return (s, i, e) => json.Utf8(e, out var text) ? Text(s, i, text) : raw.sqlite3_bind_null(s, i);
            }

            using var command = new SqliteCommand();
            var sqliteType = ((SqliteParameter)column.Mapping.CreateParameter(command, "p", null, nullable: true)).SqliteType;
            var type = column.ProviderClrType.IsEnum ? Enum.GetUnderlyingType(column.ProviderClrType) : column.ProviderClrType;
            Func<sqlite3_stmt, int, object, int>? bind = type switch
            {
                _ when type == typeof(string) => static (s, i, v) => Text(s, i, (string)v),
                _ when type == typeof(bool) => static (s, i, v) => raw.sqlite3_bind_int64(s, i, (bool)v ? 1 : 0),
                _ when type == typeof(long) || type == typeof(int) || type == typeof(short) || type == typeof(sbyte)
                    || type == typeof(byte) || type == typeof(ushort) || type == typeof(uint) =>
                    static (s, i, v) => raw.sqlite3_bind_int64(s, i, Convert.ToInt64(v, CultureInfo.InvariantCulture)),
                _ when type == typeof(double) || type == typeof(float) => static (s, i, v) => Real(s, i, Convert.ToDouble(v, CultureInfo.InvariantCulture)),
                _ when type == typeof(decimal) => static (s, i, v) => Text(s, i, ((decimal)v).ToString("0.0###########################", CultureInfo.InvariantCulture)),
                _ when type == typeof(Guid) && sqliteType == SqliteType.Blob => static (s, i, v) => raw.sqlite3_bind_blob(s, i, ((Guid)v).ToByteArray()),
                _ when type == typeof(Guid) => static (s, i, v) => Text(s, i, (Guid)v),
                _ when type == typeof(DateOnly) && sqliteType != SqliteType.Real => static (s, i, v) => Text(s, i, ((DateOnly)v).ToString(@"yyyy\-MM\-dd", CultureInfo.InvariantCulture)),
                _ when type == typeof(byte[]) => static (s, i, v) => ((byte[])v).Length == 0 ? raw.sqlite3_bind_zeroblob(s, i, 0) : raw.sqlite3_bind_blob(s, i, (byte[])v),
                _ => null,
            };
            if (bind is null)
            {
                throw new NotSupportedException($"{table}.{column.Name}: the SQLite bulk insert does not write {column.ProviderClrType.Name} values ({sqliteType}).");
            }

            var value = column.Value;
            return (s, i, e) => value(e) is { } v ? bind(s, i, v) : raw.sqlite3_bind_null(s, i);
        }

        private static int Real(sqlite3_stmt statement, int index, double value) =>
            double.IsNaN(value) ? throw new InvalidOperationException("Cannot store 'NaN' values.") : raw.sqlite3_bind_double(statement, index, value);

        /// <summary>UTF-8 through a reused buffer (SQLite copies the bytes it is given); an empty span would bind NULL.</summary>
        private static int Text(sqlite3_stmt statement, int index, string value)
        {
            if (value.Length == 0)
            {
                return raw.sqlite3_bind_text(statement, index, string.Empty);
            }

            var max = Encoding.UTF8.GetMaxByteCount(value.Length);
            if (_utf8 is null || _utf8.Length < max)
            {
                _utf8 = new byte[Math.Max(max, 1024)];
            }

            var length = Encoding.UTF8.GetBytes(value, _utf8);
            return raw.sqlite3_bind_text(statement, index, _utf8.AsSpan(0, length));
        }

        /// <summary>Text that is UTF-8 already; never empty (an empty span would bind NULL).</summary>
        private static int Text(sqlite3_stmt statement, int index, ReadOnlySpan<byte> utf8) => raw.sqlite3_bind_text(statement, index, utf8);

        /// <summary>A GUID as Microsoft.Data.Sqlite binds it: its "D" text upper-cased, formatted straight into UTF-8.</summary>
        private static int Text(sqlite3_stmt statement, int index, Guid value)
        {
            Span<byte> text = stackalloc byte[36];
            value.TryFormat(text, out _);
            Ascii.ToUpperInPlace(text, out _);
            return raw.sqlite3_bind_text(statement, index, text);
        }
    }

    private static NpgsqlTypes.NpgsqlDbType? NpgsqlTypeOf(RelationalTypeMapping mapping)
    {
        if (!mapping.GetType().Namespace!.StartsWith("Npgsql", StringComparison.Ordinal))
        {
            return null;
        }

        using var command = new NpgsqlCommand();
        var parameter = (NpgsqlParameter)mapping.CreateParameter(command, "p", null, nullable: true);
        return parameter.NpgsqlDbType is NpgsqlTypes.NpgsqlDbType.Unknown ? null : parameter.NpgsqlDbType;
    }

    /// <summary>
    /// The JSON of an owned navigation as EF Core writes it: an object (or an array of objects) with each non-key property
    /// under its JSON name, in the model's property order, nulls written, values through the property's JSON reader/writer;
    /// nested owned navigations the same way.
    /// </summary>
    private static class OwnedJson
    {
        private static readonly ConcurrentDictionary<IEntityType, JsonShape> Shapes = new();

        [ThreadStatic]
        private static ArrayBufferWriter<byte>? _buffer;

        [ThreadStatic]
        private static Utf8JsonWriter? _writer;

        public static string? Write(INavigation navigation, object? value) =>
            WriteUtf8(navigation, value, out var json) ? Encoding.UTF8.GetString(json) : null;

        /// <summary>The JSON as UTF-8, valid until the thread's next call; false when <paramref name="value"/> is null.</summary>
        public static bool WriteUtf8(INavigation navigation, object? value, out ReadOnlySpan<byte> json)
        {
            if (value is null)
            {
                json = default;
                return false;
            }

            // One buffer and one writer per thread, reset for each value: a bulk insert writes several per row.
            var buffer = _buffer ??= new ArrayBufferWriter<byte>(1024);
            buffer.ResetWrittenCount();
            var writer = _writer ??= new Utf8JsonWriter(buffer);
            writer.Reset(buffer);
            WriteValue(writer, navigation, value);
            writer.Flush();
            json = buffer.WrittenSpan;
            return true;
        }

        private static void WriteValue(Utf8JsonWriter writer, INavigation navigation, object value)
        {
            var shape = Shapes.GetOrAdd(navigation.TargetEntityType, JsonShape.Create);
            if (navigation.IsCollection)
            {
                writer.WriteStartArray();
                foreach (var item in (IEnumerable)value)
                {
                    shape.Write(writer, item);
                }

                writer.WriteEndArray();
            }
            else
            {
                shape.Write(writer, value);
            }
        }

        /// <summary>An owned type's JSON properties, read from the model once.</summary>
        private sealed record JsonShape(IReadOnlyList<(JsonEncodedText Name, IClrPropertyGetter Getter, JsonValueReaderWriter Json)> Properties,
            IReadOnlyList<(JsonEncodedText Name, IClrPropertyGetter Getter, INavigation Navigation)> Nested)
        {
            public static JsonShape Create(IEntityType type) => new(
                type.GetProperties().Where(p => !p.IsKey() && p.GetJsonPropertyName() is not null)
                    .Select(p => (JsonEncodedText.Encode(p.GetJsonPropertyName()!), p.GetGetter(), (p.GetJsonValueReaderWriter() ?? p.GetTypeMapping().JsonValueReaderWriter)!))
                    .ToList(),
                type.GetNavigations().Where(n => n.TargetEntityType.IsOwned())
                    .Select(n => (JsonEncodedText.Encode(n.TargetEntityType.GetJsonPropertyName() ?? n.Name), n.GetGetter(), n))
                    .ToList());

            // Indexed loops, not foreach: through IReadOnlyList a foreach boxes an enumerator and copies every tuple (four
            // references) into it on the heap, a bulk move with write barriers that a CPU trace of an import found to be
            // two thirds of the time spent writing these columns.
            public void Write(Utf8JsonWriter writer, object item)
            {
                writer.WriteStartObject();
                for (var i = 0; i < Properties.Count; i++)
                {
                    var (name, getter, json) = Properties[i];
                    writer.WritePropertyName(name);
                    if (getter.GetClrValueUsingContainingEntity(item) is { } v)
                    {
                        json.ToJson(writer, v);
                    }
                    else
                    {
                        writer.WriteNullValue();
                    }
                }

                for (var i = 0; i < Nested.Count; i++)
                {
                    var (name, getter, navigation) = Nested[i];
                    writer.WritePropertyName(name);
                    if (getter.GetClrValueUsingContainingEntity(item) is { } v)
                    {
                        WriteValue(writer, navigation, v);
                    }
                    else
                    {
                        writer.WriteNullValue();
                    }
                }

                writer.WriteEndObject();
            }
        }
    }
}
