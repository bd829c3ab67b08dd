using System.Threading.Channels;
using ContactBox.Domain.Contacts;
using ContactBox.Domain.CustomFields;
using ContactBox.Domain.Import;
using ContactBox.Domain.Privacy;
using ContactBox.Infrastructure.Persistence;
using ContactBox.Infrastructure.Privacy;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Infrastructure.Import;

/// <summary>
/// Imports contacts from a staged CSV file: streams it with CsvHelper, maps each row through the contact rules,
/// applies the duplicate policy in batches and writes everything in one transaction, so that a failed or killed
/// import leaves the database as it was. A dry run is the same run, rolled back. New contacts, with every child row the
/// model gives a contact (tags, …) and their privacy rows, go through <see cref="BulkInsert"/>; updates of existing
/// contacts through EF's change tracker.
/// </summary>
public sealed class ContactImporter(ContactBoxDbContext db, AuditTrail audit, TimeProvider clock)
{
    /// <summary>The source type every imported contact gets (privacy: where the contact came from).</summary>
    public const string SourceTypeName = "Import";

    private const int BatchSize = 5000;
    private const int ProgressEvery = 1000;

    /// <summary>The rows the import of <paramref name="file"/> will count (its result's <c>rows</c>), or null when its quoting is broken.</summary>
    public static Task<long?> ExpectedRowsAsync(ImportFile file, ImportRequest<ImportField> request, CancellationToken cancellationToken) =>
        CsvRows<ImportField>.ExpectedAsync(file, request, ContactRow.Headers, cancellationToken);

    /// <param name="progress">Told the number of rows processed so far, at most every 1,000 rows and once at the end.</param>
    public async Task<ImportResult<ImportField>> ImportAsync(ImportFile file, ImportRequest<ImportField> request, AuditActor actor, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await using var rows = await CsvRows<ImportField>.OpenAsync(file, request, ContactRow.Headers, mapping => Missing(mapping, request.DuplicateKey), cancellationToken);
        var today = clock.GetUtcNow();
        var counts = new Counts();

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var customFields = await ImportCustomFields.PrepareAsync(db, request, rows.Headers, rows.Mapping, cancellationToken);
        var row = new ContactRow(rows.Mapping, request.DuplicateKey, customFields.Columns, customFields.Catalog);
        var writeProblems = new List<ImportProblem>();
        var batch = new Batch(request, new DuplicateLookup(db, request.DuplicateKey), await SourceTypeAsync(cancellationToken), today, writeProblems, counts,
            rows.Mapping.Any(m => m.Field == ImportField.ExternalId), customFields.Catalog.Count > 0);

        // Reading and checking the rows (CPU) overlaps with writing the previous batch (the database): a reader task
        // hands full batches to this one, which alone uses the context, through a channel of one batch (Pipeline), so memory
        // stays flat. Pick lists the rows extend belong to the context's tracked fields: with custom field columns the
        // reader waits while a batch is written (the gate), so the two never touch them at the same time.
        using var gate = new SemaphoreSlim(1, 1);
        var shared = customFields.Catalog.Count > 0;
        await Pipeline.RunAsync<List<Pending>>(1, (batches, token) => ReadRowsAsync(rows, row, customFields, batches, shared ? gate : null, today, progress, token),
            async (pending, token) =>
            {
                if (shared)
                {
                    await gate.WaitAsync(token);
                }

                try
                {
                    foreach (var item in pending)
                    {
                        customFields.Add(db, item.NewOptions);
                    }

                    await FlushAsync(batch, pending, row, token);
                }
                finally
                {
                    if (shared)
                    {
                        gate.Release();
                    }
                }
            }, cancellationToken);

        rows.Problems.AddRange(writeProblems);
        var committed = await ImportTransaction.FinishAsync(db, transaction, audit, actor, file, request, rows, "contacts",
            new Dictionary<string, long>
            {
                ["created"] = counts.Created, ["updated"] = counts.Updated, ["skipped"] = counts.Skipped,
                // The catalog changes the import's pick lists made, with it in the one transaction.
                ["customFieldsCreated"] = customFields.CreatedFields.Count, ["pickListOptionsAdded"] = customFields.CreatedOptions.Count,
            }, cancellationToken);
        progress?.Report(rows.Rows);
        return new ImportResult<ImportField>(request.DryRun, committed, rows.Rows, counts.Created, counts.Updated, counts.Skipped, rows.Problems.Count,
            rows.Separator, rows.Encoding, rows.HasHeader, rows.Headers, rows.Mapping, rows.Problems, file.Sha256)
        {
            CustomFieldMapping = customFields.Mapping,
            CreatedCustomFields = customFields.CreatedFields,
            CreatedOptions = customFields.CreatedOptions,
        };
    }

    /// <summary>
    /// The reader side: streams the rows, checks each through the contact rules (a rejected row becomes a problem of
    /// <see cref="CsvRows{TField}.Problems"/>, which only this side adds to until it is done) and sends the valid ones in
    /// batches.
    /// </summary>
    private static async Task ReadRowsAsync(CsvRows<ImportField> rows, ContactRow row, ImportCustomFields customFields, ChannelWriter<List<Pending>> batches,
        SemaphoreSlim? gate, DateTimeOffset today, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var pending = new List<Pending>(BatchSize);
            long read = 0;
            while (await rows.ReadAsync(cancellationToken))
            {
                if (++read % ProgressEvery == 0)
                {
                    progress?.Report(read);
                }

                if (gate is not null)
                {
                    await gate.WaitAsync(cancellationToken);
                }

                try
                {
                    var (contact, details, problem) = row.Read(rows.Line, rows.Get, today);
                    if (problem is not null)
                    {
                        rows.Problems.Add(problem);
                        continue;
                    }

                    pending.Add(new Pending(rows.Line, contact!, details!, row.Key, customFields.Catalog.Count > 0 ? row.TakeNewOptions() : []));
                }
                finally
                {
                    gate?.Release();
                }

                if (pending.Count == BatchSize)
                {
                    await batches.WriteAsync(pending, cancellationToken);
                    pending = new List<Pending>(BatchSize);
                }
            }

        if (pending.Count > 0)
        {
            await batches.WriteAsync(pending, cancellationToken);
        }
    }

    private static string? Missing(IReadOnlyList<ColumnMapping<ImportField>> mapping, DuplicateKey key)
    {
        if (!mapping.Any(m => m.Field is ImportField.FirstName or ImportField.LastName or ImportField.OrganizationName))
        {
            return "a name (firstName, lastName or organizationName)";
        }

        // A chosen key needs its column; without an e-mail column (the default key) every row is simply new.
        ImportField? keyField = key switch
        {
            DuplicateKey.Phone => ImportField.Phone,
            DuplicateKey.ExternalId => ImportField.ExternalId,
            DuplicateKey.NameAndPostalCode => ImportField.PostalCode,
            _ => null,
        };
        return keyField is not { } field || mapping.Any(m => m.Field == field) ? null : $"the duplicate key's column ({field})";
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

    /// <summary>
    /// Applies the duplicate policy to a batch of valid rows and writes it: new contacts in bulk, updates through the
    /// tracker, which is emptied afterwards so memory stays flat. A row matches an existing contact (earlier batches
    /// included: they are written already) or an earlier row of the same batch.
    /// </summary>
    private async Task FlushAsync(Batch batch, List<Pending> pending, ContactRow row, CancellationToken cancellationToken)
    {
        var request = batch.Request;
        var dedupe = request.Duplicates != DuplicatePolicy.CreateAnyway;
        var existing = dedupe
            ? await batch.Lookup.FindAsync(pending.Where(p => p.Key is not null).Select(p => p.Key!).Distinct(StringComparer.Ordinal).ToList(), cancellationToken)
            : [];
        var tracked = request.Duplicates == DuplicatePolicy.Update && existing.Count > 0
            ? await TrackedAsync(existing.Values.Distinct().ToList(), batch.WithCustomFields, cancellationToken)
            : [];
        var externalIds = batch.ChecksExternalIds ? await ExternalIdsAsync(pending, cancellationToken) : [];

        var inBatch = new Dictionary<string, Contact>(StringComparer.Ordinal);
        var created = new List<object>();
        var source = DateOnly.FromDateTime(batch.Today.UtcDateTime);
        foreach (var item in pending)
        {
            Contact? match = null;
            if (dedupe && item.Key is { } key && (inBatch.TryGetValue(key, out match) || existing.ContainsKey(key)))
            {
                if (request.Duplicates == DuplicatePolicy.Skip)
                {
                    batch.Counts.Skipped++;
                    continue;
                }

                match ??= tracked[existing[key]];
                if (Taken(externalIds, item.Details.ExternalId, match.Id) is { } taken)
                {
                    batch.Problems.Add(new ImportProblem(item.Line, row.Column(ImportField.ExternalId), taken));
                }
                else if (row.Merge(item.Line, match, item.Details, batch.Today, item.Contact) is { } problem)
                {
                    batch.Problems.Add(problem);
                }
                else
                {
                    batch.Counts.Updated++;
                    Claim(externalIds, match);
                }

                continue;
            }

            if (Taken(externalIds, item.Contact.ExternalId, item.Contact.Id) is { } conflict)
            {
                batch.Problems.Add(new ImportProblem(item.Line, row.Column(ImportField.ExternalId), conflict));
                continue;
            }

            created.Add(item.Contact);
            var privacy = new ContactPrivacy(item.Contact.Id);
            privacy.SetSource(batch.SourceTypeId, request.FileName, source);
            created.Add(privacy);
            if (request.Purpose is var (purpose, legalBasis))
            {
                created.Add(new PurposeAssignment(item.Contact.Id, purpose, legalBasis, null, null, null));
            }

            batch.Counts.Created++;
            Claim(externalIds, item.Contact);
            if (item.Key is not null && dedupe)
            {
                inBatch[item.Key] = item.Contact;
                batch.Lookup.Created(item.Key, item.Contact.Id);
            }
        }

        // Updated contacts and the pick-list options rows brought go first: new contacts' values refer to those options.
        if (db.ChangeTracker.HasChanges())
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        db.ChangeTracker.Clear();
        await ImportTransaction.InsertNewAsync(db, clock.GetUtcNow(), created, cancellationToken);
    }

    /// <summary>The contacts an update changes, with their current custom field values when the import sets any.</summary>
    private Task<Dictionary<Guid, Contact>> TrackedAsync(List<Guid> ids, bool withCustomFields, CancellationToken cancellationToken)
    {
        var query = db.Contacts.Include(c => c.Tags).AsQueryable();
        if (withCustomFields)
        {
            query = query.Include(c => c.CustomFieldValues).ThenInclude(v => v.Options).AsSplitQuery();
        }

        return query.Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
    }

    /// <summary>Which contacts have the batch's external IDs (the database keeps them unique per workspace).</summary>
    private async Task<Dictionary<string, Guid>> ExternalIdsAsync(List<Pending> pending, CancellationToken cancellationToken)
    {
        var ids = pending.Select(p => p.Details.ExternalId).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        return ids.Count == 0
            ? new Dictionary<string, Guid>(StringComparer.Ordinal)
            : await db.Contacts.AsNoTracking().Where(c => ids.Contains(c.ExternalId!)).ToDictionaryAsync(c => c.ExternalId!, c => c.Id, StringComparer.Ordinal, cancellationToken);
    }

    private static string? Taken(Dictionary<string, Guid> externalIds, string? externalId, Guid contactId) =>
        externalId is not null && externalIds.TryGetValue(externalId, out var owner) && owner != contactId
            ? UniqueViolation.Taken("contact", "externalId", externalId)
            : null;

    private static void Claim(Dictionary<string, Guid> externalIds, Contact contact)
    {
        if (contact.ExternalId is { } id)
        {
            externalIds[id] = contact.Id;
        }
    }

    /// <param name="NewOptions">Options the row added to pick lists, inserted with its batch.</param>
    private sealed record Pending(long Line, Contact Contact, ContactDetails Details, string? Key, IReadOnlyList<CustomFieldOption> NewOptions);

    private sealed record Batch(ImportRequest<ImportField> Request, DuplicateLookup Lookup, Guid SourceTypeId, DateTimeOffset Today, List<ImportProblem> Problems,
        Counts Counts, bool ChecksExternalIds, bool WithCustomFields);

    private sealed class Counts
    {
        public long Created { get; set; }
        public long Updated { get; set; }
        public long Skipped { get; set; }
    }
}
