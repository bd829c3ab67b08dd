using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace ContactBox.Infrastructure.Persistence;

/// <summary>
/// Keeps PostgreSQL's planner statistics true for a table that one transaction fills in bulk. The planner plans the
/// foreign key checks of the rows written next (and every other statement) from the table's statistics; an automatic
/// ANALYZE from another session counts the transaction's uncommitted rows as nothing while their pages count, so a table
/// emptied before (or new) is then "zero rows on thousands of pages", and the planner checks <c>"Id" = $1</c> by walking a
/// whole index that merely contains the column (<c>IX_Contacts_WorkspaceId_LastName_Id</c>): once per row written, a
/// 1,000,000-row import went quadratic and never finished. So once a transaction has written
/// <see cref="Threshold"/> rows into a table whose statistics hold fewer rows than that, it analyses the table itself
/// (ANALYZE counts the transaction's own rows) and keeps ANALYZE's lock to its end, which automatic ANALYZE skips.
/// </summary>
public static class BulkStatistics
{
    /// <summary>Rows written into one table in one transaction before its statistics are looked at.</summary>
    public const int Threshold = 10_000;

    /// <summary>How long to wait for ANALYZE's lock (a concurrent bulk write holds it until its commit; then this one goes without).</summary>
    private const string LockTimeout = "2s";

    /// <summary>
    /// Rows written per table, per transaction: keyed by EF's transaction object, which is new for each transaction
    /// (Npgsql reuses its <see cref="NpgsqlTransaction"/> for the next transaction on the same connection).
    /// </summary>
    private static readonly ConditionalWeakTable<IDbContextTransaction, Dictionary<string, long>> Written = new();

    /// <summary>Counts <paramref name="rows"/> written into <paramref name="table"/> (quoted) and analyses it when due (above).</summary>
    public static async Task WrittenAsync(ContactBoxDbContext db, string table, long rows, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is not { } transaction || transaction.GetDbTransaction() is not NpgsqlTransaction)
        {
            return; // Each statement commits on its own, so automatic ANALYZE sees its rows.
        }

        var counts = Written.GetOrCreateValue(transaction);
        var before = counts.GetValueOrDefault(table);
        if (before < 0)
        {
            return; // Looked at already in this transaction.
        }

        var total = before + rows;
        if (total < Threshold)
        {
            counts[table] = total;
            return;
        }

        counts[table] = -1;
        var estimate = await db.Database.SqlQueryRaw<float>("SELECT reltuples AS \"Value\" FROM pg_class WHERE oid = to_regclass({0})", table)
            .SingleAsync(cancellationToken);
        if (estimate >= total)
        {
            return; // Another session's ANALYZE would still count enough rows.
        }

        await transaction.CreateSavepointAsync("bulk_statistics", cancellationToken);
        try
        {
            // SET LOCAL lasts to the transaction's end: the timeout is reset once ANALYZE has its lock. The table name is
            // the model's quoted name, not input.
            var analyze = "SET LOCAL lock_timeout = '" + LockTimeout + "'; ANALYZE " + table + "; SET LOCAL lock_timeout = DEFAULT";
            await db.Database.ExecuteSqlRawAsync(analyze, cancellationToken);
            await transaction.ReleaseSavepointAsync("bulk_statistics", cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            await transaction.RollbackToSavepointAsync("bulk_statistics", cancellationToken);
        }
    }
}
