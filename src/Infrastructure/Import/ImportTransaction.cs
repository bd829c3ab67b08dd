using ContactBox.Domain.Import;
using ContactBox.Domain.Privacy;
using ContactBox.Infrastructure.Persistence;
using ContactBox.Infrastructure.Privacy;
using Microsoft.EntityFrameworkCore.Storage;

namespace ContactBox.Infrastructure.Import;

/// <summary>
/// The one transaction an import writes in. It commits (with its audit record) only for a real run that is either
/// clean or imports the valid rows; a dry run and a failed all-or-nothing run roll back, so the database is as before.
/// </summary>
internal static class ImportTransaction
{
    /// <summary>
    /// Writes new entities with their dependents (the model's child navigations) in bulk, stamped as SaveChanges would
    /// stamp them (workspace, creation and change stamps), without the change tracker.
    /// </summary>
    public static async Task InsertNewAsync(ContactBoxDbContext db, DateTimeOffset now, IEnumerable<object> roots, CancellationToken cancellationToken)
    {
        var rows = db.WithDependents(roots).ToList();
        foreach (var entity in rows)
        {
            WorkspaceStampInterceptor.StampAdded(db, entity, now);
        }

        await db.BulkInsertAsync(rows, cancellationToken);
    }

    public static async Task<bool> FinishAsync<TField>(ContactBoxDbContext db, IDbContextTransaction transaction, AuditTrail audit, AuditActor actor,
        ImportFile file, ImportRequest<TField> request, CsvRows<TField> rows, string kind, IReadOnlyDictionary<string, long> counts, CancellationToken cancellationToken)
        where TField : struct, Enum
    {
        rows.Finish();
        var commit = !request.DryRun && (request.RowPolicy == RowPolicy.ValidRows || rows.Problems.Count == 0);
        if (commit)
        {
            var details = new Dictionary<string, object?>
            {
                ["kind"] = kind,
                ["sha256"] = file.Sha256,
                ["rows"] = rows.Rows,
                ["rejected"] = rows.Problems.Count,
                ["rowPolicy"] = request.RowPolicy.ToString(),
            };
            foreach (var (name, count) in counts)
            {
                details[name] = count;
            }

            await audit.AppendAsync(db, actor, new AuditEntry(AuditAction.ContactsImported, "Import", null, details), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        else
        {
            await transaction.RollbackAsync(cancellationToken);
        }

        db.ChangeTracker.Clear();
        return commit;
    }
}
