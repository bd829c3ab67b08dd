using ContactBox.Domain.Import;
using ContactBox.Infrastructure.Persistence;
using ContactBox.Infrastructure.Privacy;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Infrastructure.Import;

/// <summary>
/// Imports history into the timeline: each row appends one entry to the contact whose e-mail address it names.
/// Streams and writes like <see cref="ContactImporter"/>: one transaction, batches, the same row policies and dry run.
/// </summary>
public sealed class TimelineImporter(ContactBoxDbContext db, AuditTrail audit, TimeProvider clock)
{
    private const int BatchSize = 5000;
    private const int ProgressEvery = 1000;

    /// <summary>The rows the import of <paramref name="file"/> will count (its result's <c>rows</c>), or null when its quoting is broken.</summary>
    public static Task<long?> ExpectedRowsAsync(ImportFile file, ImportRequest<TimelineImportField> request, CancellationToken cancellationToken) =>
        CsvRows<TimelineImportField>.ExpectedAsync(file, request, TimelineRow.Headers, cancellationToken);

    /// <param name="progress">Told the number of rows processed so far, at most every 1,000 rows and once at the end.</param>
    public async Task<ImportResult<TimelineImportField>> ImportAsync(ImportFile file, ImportRequest<TimelineImportField> request, AuditActor actor, IProgress<long>? progress,
        CancellationToken cancellationToken)
    {
        await using var rows = await CsvRows<TimelineImportField>.OpenAsync(file, request, TimelineRow.Headers, Missing, cancellationToken);
        var row = new TimelineRow(rows.Mapping);
        long created = 0;

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var pending = new List<TimelineRowData>(BatchSize);
        long read = 0;
        while (await rows.ReadAsync(cancellationToken))
        {
            if (++read % ProgressEvery == 0)
            {
                progress?.Report(read);
            }

            var (data, problem) = row.Read(rows.Line, rows.Get);
            if (problem is not null)
            {
                rows.Problems.Add(problem);
                continue;
            }

            pending.Add(data!);
            if (pending.Count == BatchSize)
            {
                created += await FlushAsync(pending, row, rows.Problems, cancellationToken);
            }
        }

        created += await FlushAsync(pending, row, rows.Problems, cancellationToken);
        var committed = await ImportTransaction.FinishAsync(db, transaction, audit, actor, file, request, rows, "timeline",
            new Dictionary<string, long> { ["created"] = created }, cancellationToken);
        progress?.Report(rows.Rows);
        return new ImportResult<TimelineImportField>(request.DryRun, committed, rows.Rows, created, 0, 0, rows.Problems.Count,
            rows.Separator, rows.Encoding, rows.HasHeader, rows.Headers, rows.Mapping, rows.Problems, file.Sha256);
    }

    private static string? Missing(IReadOnlyList<ColumnMapping<TimelineImportField>> mapping) =>
        mapping.Any(m => m.Field == TimelineImportField.ContactEmail) ? null
        : mapping.Any(m => m.Field == TimelineImportField.OccurredAt) ? "the contact's e-mail address" : "the contact's e-mail address and the date";

    /// <summary>Finds the contacts the batch names (in this workspace) and appends their entries; a row naming no contact is rejected.</summary>
    private async Task<long> FlushAsync(List<TimelineRowData> pending, TimelineRow row, List<ImportProblem> problems, CancellationToken cancellationToken)
    {
        if (pending.Count == 0)
        {
            return 0;
        }

        var keys = pending.Select(p => p.ContactEmail).Distinct().ToList();
        var contacts = await db.Contacts.AsNoTracking().Where(c => c.Emails.Any(e => keys.Contains(e.Address))).Select(c => new { c.Id, c.Emails }).ToListAsync(cancellationToken);
        var byEmail = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var contact in contacts.OrderBy(c => c.Id))
        {
            foreach (var email in contact.Emails)
            {
                byEmail.TryAdd(email.Address, contact.Id);
            }
        }

        var entries = new List<object>(pending.Count);
        foreach (var item in pending)
        {
            if (byEmail.TryGetValue(item.ContactEmail, out var contactId))
            {
                entries.Add(item.ToEntry(contactId));
            }
            else
            {
                problems.Add(new ImportProblem(item.Line, row.Column(TimelineImportField.ContactEmail), $"No contact has the e-mail address '{item.ContactEmail}'."));
            }
        }

        await ImportTransaction.InsertNewAsync(db, clock.GetUtcNow(), entries, cancellationToken);
        pending.Clear();
        return entries.Count;
    }
}
