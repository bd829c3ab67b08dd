using System.Globalization;
using ContactBox.Domain.Common;
using ContactBox.Domain.Contacts;
using ContactBox.Domain.Import;
using ContactBox.Domain.Privacy;
using ContactBox.Infrastructure.Persistence;
using ContactBox.Infrastructure.Privacy;
using CsvHelper;
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

    public async Task<ImportResult> ImportAsync(ImportFile file, ImportRequest request, AuditActor actor, CancellationToken cancellationToken)
    {
        var encoding = request.Encoding ?? file.DetectedEncoding;
        var (separator, hasHeader, width) = await SniffAsync(file, request, encoding, cancellationToken);
        var problems = new List<ImportProblem>();
        var options = Options(separator, hasHeader, encoding, problems);

        await using var stream = file.Open();
        await using var reader = CsvReader.Create(stream, options, leaveOpen: false);
        await reader.ReadHeaderAsync(cancellationToken);
        var headers = hasHeader
            ? reader.Headers.ToList()
            : Enumerable.Range(1, width).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToList();
        var mapping = Mapping(request.Mapping, headers, separator);
        var index = headers.Select((h, i) => (h, i)).GroupBy(p => p.h, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);
        var row = new ContactRow(mapping);
        var today = clock.GetUtcNow();
        var counts = new Counts();

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var sourceTypeId = await SourceTypeAsync(cancellationToken);
        var pending = new List<Pending>(BatchSize);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts.Read++;
            var line = reader.LineNumber;
            var (contact, details, problem) = row.Read(line, column => reader.GetString(index[column]), today);
            if (problem is not null)
            {
                problems.Add(problem);
                continue;
            }

            pending.Add(new Pending(line, contact!, details!, row.Key));
            if (pending.Count == BatchSize)
            {
                await FlushAsync(pending, row, request, sourceTypeId, today, problems, counts, cancellationToken);
            }
        }

        await FlushAsync(pending, row, request, sourceTypeId, today, problems, counts, cancellationToken);

        // Rows the reader itself skipped (broken quoting, ragged rows) were reported as problems but never read.
        var rows = counts.Read + problems.Count(p => p.Column is null && p.Reason.StartsWith(MalformedPrefix, StringComparison.Ordinal));
        if (rows == 0)
        {
            throw new DomainValidationException("file", hasHeader ? "The file has a header but no rows." : "The file has no rows.");
        }

        problems.Sort((a, b) => a.Line.CompareTo(b.Line));
        var commit = !request.DryRun && (request.RowPolicy == RowPolicy.ValidRows || problems.Count == 0);
        if (commit)
        {
            await audit.AppendAsync(db, actor, new AuditEntry(AuditAction.ContactsImported, "Import", null, new Dictionary<string, object?>
            {
                ["sha256"] = file.Sha256,
                ["rows"] = rows,
                ["created"] = counts.Created,
                ["updated"] = counts.Updated,
                ["skipped"] = counts.Skipped,
                ["rejected"] = problems.Count,
                ["rowPolicy"] = request.RowPolicy.ToString(),
                ["duplicates"] = request.Duplicates.ToString(),
            }), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        else
        {
            await transaction.RollbackAsync(cancellationToken);
        }

        db.ChangeTracker.Clear();
        return new ImportResult(request.DryRun, commit, rows, counts.Created, counts.Updated, counts.Skipped, problems.Count,
            separator, encoding, hasHeader, headers, mapping, problems, file.Sha256);
    }

    private const string MalformedPrefix = "The row could not be read as CSV";

    private static CsvReaderOptions Options(char? separator, bool hasHeader, ImportEncoding encoding, List<ImportProblem> problems) => new()
    {
        Separator = separator,
        HasHeader = hasHeader,
        Encoding = ImportFile.EncodingOf(encoding),
        TrackLineNumbers = true,
        DetectSeparatorHint = true,
        MalformedData = CsvMalformedDataHandling.Skip,
        FieldCountMismatch = CsvFieldCountHandling.Skip,
        // An unclosed quote must not make the reader buffer the rest of a large file.
        MaxRecordSize = 1024 * 1024,
        OnMalformedRecord = m => problems.Add(new ImportProblem(m.LineNumber, null, $"{MalformedPrefix}: {Describe(m.Reason)}")),
    };

    private static string Describe(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.FieldCountMismatch => "it has a different number of fields than the header",
        CsvMalformedReason.StrayQuote => "a quote inside an unquoted field",
        CsvMalformedReason.TextAfterClosingQuote => "text after a closing quote",
        CsvMalformedReason.UnterminatedQuote => "a quoted field is never closed",
        _ => reason.ToString(),
    };

    /// <summary>The separator (given, or detected by CsvHelper) and whether the first row is a header (given, or: it names a contact field).</summary>
    private static async Task<(char Separator, bool HasHeader, int Width)> SniffAsync(ImportFile file, ImportRequest request, ImportEncoding encoding, CancellationToken cancellationToken)
    {
        await using var stream = file.Open();
        await using var reader = CsvReader.Create(stream, Options(request.Separator, hasHeader: false, encoding, []), leaveOpen: false);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new DomainValidationException("file", "The file has no rows.");
        }

        var first = Enumerable.Range(0, reader.FieldCount).Select(reader.GetString).ToList();
        return (reader.Separator, request.HasHeader ?? first.Exists(h => HeaderSuggestions.Suggest(h) is not null), first.Count);
    }

    private static IReadOnlyList<ColumnMapping> Mapping(IReadOnlyList<ColumnMapping>? given, List<string> headers, char separator)
    {
        var mapping = given ?? HeaderSuggestions.For(headers);
        for (var i = 0; i < mapping.Count; i++)
        {
            if (!headers.Contains(mapping[i].Column, StringComparer.Ordinal))
            {
                throw new DomainValidationException($"mapping[{i}].column", $"The file has no column '{mapping[i].Column}'. Its columns: {string.Join(", ", headers)}.");
            }
        }

        if (!mapping.Any(m => m.Field is ImportField.FirstName or ImportField.LastName or ImportField.OrganizationName))
        {
            throw new DomainValidationException("mapping", $"No column is mapped to a name (firstName, lastName or organizationName). The file's columns: {string.Join(", ", headers)}; is '{separator}' the right separator?");
        }

        return mapping;
    }

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
    private async Task FlushAsync(List<Pending> pending, ContactRow row, ImportRequest request, Guid sourceTypeId, DateTimeOffset today,
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
