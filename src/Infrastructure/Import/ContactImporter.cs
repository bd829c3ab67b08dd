using ContactBox.Domain.Contacts;
using ContactBox.Domain.Import;
using ContactBox.Domain.Privacy;
using ContactBox.Infrastructure.Persistence;
using ContactBox.Infrastructure.Privacy;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Infrastructure.Import;

/// <summary>
/// Imports contacts from a staged CSV file: streams it with CsvHelper, maps each row through the contact rules,
/// applies the duplicate policy in batches and writes everything in one transaction, so that a failed or killed
/// import leaves the database as it was. A dry run is the same run, rolled back.
/// </summary>
public sealed class ContactImporter(ContactBoxDbContext db, AuditTrail audit, TimeProvider clock)
{
    /// <summary>The source type every imported contact gets (privacy: where the contact came from).</summary>
    public const string SourceTypeName = "Import";

    private const int BatchSize = 500;

    public async Task<ImportResult<ImportField>> ImportAsync(ImportFile file, ImportRequest<ImportField> request, AuditActor actor, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        await using var rows = await CsvRows<ImportField>.OpenAsync(file, request, ContactRow.Headers, NameMissing, cancellationToken);
        var row = new ContactRow(rows.Mapping);
        var today = clock.GetUtcNow();
        var counts = new Counts();

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var sourceTypeId = await SourceTypeAsync(cancellationToken);
        var pending = new List<Pending>(BatchSize);
        while (await rows.ReadAsync(cancellationToken))
        {
            progress?.Report(rows.Read);
            var (contact, details, problem) = row.Read(rows.Line, rows.Get, today);
            if (problem is not null)
            {
                rows.Problems.Add(problem);
                continue;
            }

            pending.Add(new Pending(rows.Line, contact!, details!, row.Key));
            if (pending.Count == BatchSize)
            {
                await FlushAsync(pending, row, request, sourceTypeId, today, rows.Problems, counts, cancellationToken);
            }
        }

        await FlushAsync(pending, row, request, sourceTypeId, today, rows.Problems, counts, cancellationToken);
        var committed = await ImportTransaction.FinishAsync(db, transaction, audit, actor, file, request, rows, "contacts",
            new Dictionary<string, long> { ["created"] = counts.Created, ["updated"] = counts.Updated, ["skipped"] = counts.Skipped }, cancellationToken);
        return new ImportResult<ImportField>(request.DryRun, committed, rows.Rows, counts.Created, counts.Updated, counts.Skipped, rows.Problems.Count,
            rows.Separator, rows.Encoding, rows.HasHeader, rows.Headers, rows.Mapping, rows.Problems, file.Sha256);
    }

    private static string? NameMissing(IReadOnlyList<ColumnMapping<ImportField>> mapping) =>
        mapping.Any(m => m.Field is ImportField.FirstName or ImportField.LastName or ImportField.OrganizationName) ? null : "a name (firstName, lastName or organizationName)";

    private async Task<Guid> SourceTypeAsync(CancellationToken cancellationToken)
    {
        var existing = await db.ContactSourceTypes.Where(t => t.Name == SourceTypeName && t.ArchivedAt == null).Select(t => (Guid?)t.Id).FirstOrDefaultAsync(cancellationToken);
        if (existing is { } id)
        {
            return id;
        }

        var type = new ContactSourceType(SourceTypeName);
        db.ContactSourceTypes.Add(type);
        await db.SaveChangesAsync(cancellationToken);
        return type.Id;
    }

    /// <summary>Applies the duplicate policy to a batch of valid rows and writes it; the tracker is emptied so memory stays flat.</summary>
    private async Task FlushAsync(List<Pending> pending, ContactRow row, ImportRequest<ImportField> request, Guid sourceTypeId, DateTimeOffset today,
        List<ImportProblem> problems, Counts counts, CancellationToken cancellationToken)
    {
        if (pending.Count == 0)
        {
            return;
        }

        var matches = new Dictionary<string, Contact>(StringComparer.Ordinal);
        if (request.Duplicates != DuplicatePolicy.CreateAnyway)
        {
            var keys = pending.Where(p => p.Key is not null).Select(p => p.Key!).Distinct().ToList();
            if (keys.Count > 0)
            {
                var found = await db.Contacts.Include(c => c.Tags).Where(c => c.Emails.Any(e => keys.Contains(e.Address))).ToListAsync(cancellationToken);
                foreach (var contact in found)
                {
                    foreach (var email in contact.Emails.Where(e => keys.Contains(e.Address)))
                    {
                        matches.TryAdd(email.Address, contact);
                    }
                }
            }
        }

        var source = DateOnly.FromDateTime(today.UtcDateTime);
        foreach (var item in pending)
        {
            if (item.Key is not null && matches.TryGetValue(item.Key, out var match))
            {
                if (request.Duplicates == DuplicatePolicy.Skip)
                {
                    counts.Skipped++;
                }
                else if (row.Merge(item.Line, match, item.Details, today) is { } problem)
                {
                    problems.Add(problem);
                }
                else
                {
                    counts.Updated++;
                }

                continue;
            }

            db.Contacts.Add(item.Contact);
            var privacy = new ContactPrivacy(item.Contact.Id);
            privacy.SetSource(sourceTypeId, request.FileName, source);
            db.ContactPrivacy.Add(privacy);
            if (request.Purpose is var (purpose, legalBasis))
            {
                db.PurposeAssignments.Add(new PurposeAssignment(item.Contact.Id, purpose, legalBasis, null, null, null));
            }

            counts.Created++;
            if (item.Key is not null && request.Duplicates != DuplicatePolicy.CreateAnyway)
            {
                // A later row of the same file with the same address is a duplicate of this one.
                matches[item.Key] = item.Contact;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        pending.Clear();
    }

    private sealed record Pending(long Line, Contact Contact, ContactDetails Details, string? Key);

    private sealed class Counts
    {
        public long Read { get; set; }
        public long Created { get; set; }
        public long Updated { get; set; }
        public long Skipped { get; set; }
    }
}
