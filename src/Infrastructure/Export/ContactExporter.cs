using System.Linq.Expressions;
using System.Threading.Channels;
using ContactBox.Domain.Auth;
using ContactBox.Domain.Contacts;
using ContactBox.Domain.Export;
using ContactBox.Domain.Privacy;
using ContactBox.Infrastructure.Persistence;
using ContactBox.Infrastructure.Privacy;
using CsvHelper;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Infrastructure.Export;

/// <summary>What to export: the selected contacts, the columns in order, the purpose and the file's shape.</summary>
/// <param name="ClientId">The OAuth client (client_id) whose token asks, when there is one: its export purposes bind.</param>
public sealed record ExportRequest(
    IQueryable<Contact> Selection,
    Guid? PurposeId,
    string? Note,
    ExportPreset Preset,
    IReadOnlyList<ExportField> Fields,
    bool DirectMarketing,
    string? ClientId = null)
{
    /// <summary>Custom fields (with their options) exported after <see cref="Fields"/>, headed by their labels.</summary>
    public IReadOnlyList<Domain.CustomFields.CustomField> CustomFields { get; init; } = [];
}

/// <summary>The export written, and how many were left out per reason (who: the export's <see cref="ExcludedContactBlock"/> rows).</summary>
public sealed record ExportResult(ContactExport Export, IReadOnlyDictionary<ExclusionReason, int> Exclusions)
{
    /// <summary>
    /// The excluded IDs a background operation kept in its result before they were stored per reason with the export
    /// record (their reasons were never kept); null for every later export.
    /// </summary>
    public IReadOnlyList<Guid>? LegacyExcludedContactIds { get; init; }
}

/// <summary>What decides whether the export's purpose covers a contact, read with the contact's row.</summary>
public sealed record ExclusionFacts(bool Restricted, bool Objected, bool HasActiveAssignment, bool HasAssignment, bool HasWithdrawnAssignment)
{
    public const int RestrictedFlag = 1;
    public const int ObjectedFlag = 2;
    public const int Expired = 0;
    public const int Withdrawn = 1;
    public const int Active = 2;

    /// <summary>
    /// From two values the query computes: the privacy flags (<see cref="RestrictedFlag"/> | <see cref="ObjectedFlag"/>)
    /// and the best state among the contact's assignments of the purpose (<see cref="Active"/>, <see cref="Withdrawn"/>,
    /// <see cref="Expired"/>; null: none), so that a row costs two index lookups, not five.
    /// </summary>
    public static ExclusionFacts From(int flags, int? assignment) => new(
        (flags & RestrictedFlag) != 0, (flags & ObjectedFlag) != 0, assignment == Active, assignment is not null, assignment == Withdrawn);
}

/// <summary>
/// Writes a purpose-bound CSV export. One query reads only what the chosen columns and the exclusion rules need (a
/// projection per export, no entities), rows stream through CsvHelper into a buffered file while SHA-256 is computed
/// on the way, so memory stays flat whatever the number of contacts (the included and the excluded IDs go to temporary
/// files as they are met).
/// The export record, the included and the excluded contacts (bulk written) and the audit entry are committed in one transaction;
/// when anything fails the file is removed.
/// </summary>
public sealed class ContactExporter(AuditTrail audit, ExportFiles files, TimeProvider clock)
{
    /// <summary>Progress is reported at most this often (in rows written), and once at the end.</summary>
    public const int ProgressInterval = 1_000;

    public async Task<ExportResult> ExportAsync(ContactBoxDbContext db, ExportRequest request, AuditActor actor, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var purpose = await CheckAsync(db, request, cancellationToken);
        var now = clock.GetUtcNow();
        var columns = request.Fields.Select(ExportColumns.Of).Concat(ExportColumns.Of(request.CustomFields)).ToList();
        var lookups = await LookupsAsync(db, request.Fields, cancellationToken);
        var hardBounced = request.Preset.IsNewsletter()
            ? (await db.Set<EmailBounce>().AsNoTracking().Where(b => b.HardBouncedAt != null).Select(b => b.Address).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal)
            : [];

        var exportId = Guid.CreateVersion7();
        var workspaceId = db.Workspace.Id;
        var marketing = request.DirectMarketing || request.Preset.IsNewsletter();
        using var included = new IncludedContacts();
        using var excluded = new ExcludedContacts();
        var (query, slots) = Rows(db, request.Selection, columns, purpose.Id, now, request.Preset.IsNewsletter());
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            string sha256;
            long size;
            await using (var file = new HashingStream(files.Create(workspaceId, exportId)))
            {
                await using (var csv = CsvWriter.Create(file, Options(request.Preset), leaveOpen: true))
                {
                    csv.WriteHeader([.. columns.Select(c => c.Header(request.Preset))]);
                    // The database's side (stepping the query, reading the columns, building the rows) runs on its own
                    // thread while this one checks, formats, writes and hashes the previous rows.
                    await Pipeline.RunAsync<List<object?[]>>(BatchesInFlight, (batches, token) => ReadAsync(query, batches, token), (batch, _) =>
                    {
                        foreach (var row in batch)
                        {
                            var id = (Guid)row[0]!;
                            var email = slots.Email is { } slot ? ExportColumns.PrimaryEmail((List<EmailAddress>?)row[slot]) : null;
                            if (Exclusion((ExclusionFacts)row[1]!, purpose, marketing, request.Preset, email, hardBounced) is { } reason)
                            {
                                excluded.Add(reason, id);
                                continue;
                            }

                            included.Add(id);
                            for (var i = 0; i < columns.Count; i++)
                            {
                                csv.WriteField(columns[i].Format(row[slots.Columns[i]], request.Preset, lookups));
                            }

                            csv.EndRecord();
                            if (included.Count % ProgressInterval == 0)
                            {
                                progress?.Report(included.Count);
                            }
                        }

                        return ValueTask.CompletedTask;
                    }, cancellationToken);
                }

                await file.FlushAsync(cancellationToken);
                sha256 = file.Sha256();
                size = file.Length;
            }

            var export = new ContactExport(exportId, purpose.Id, request.Note, request.Preset, request.Fields, actor.Kind.ToString(), actor.Id, request.ClientId,
                included.Count, excluded.Count, size, sha256);
            db.Add(export);
            await db.SaveChangesAsync(cancellationToken);
            await db.BulkInsertAsync(included.Buckets(workspaceId, exportId), cancellationToken);
            await db.BulkInsertAsync(excluded.Blocks(workspaceId, exportId), cancellationToken);
            await audit.AppendAsync(db, actor, new AuditEntry(AuditAction.ContactsExported, nameof(ContactExport), exportId, new Dictionary<string, object?>
            {
                ["purposeId"] = purpose.Id,
                ["preset"] = request.Preset,
                ["fields"] = request.Fields,
                ["customFields"] = request.CustomFields.Select(f => f.Key).ToList(),
                ["clientId"] = request.ClientId,
                ["contacts"] = included.Count,
                ["excluded"] = excluded.Count,
                ["sha256"] = sha256,
            }), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            progress?.Report(included.Count);
            return new ExportResult(export, excluded.Counts);
        }
        catch
        {
            files.Delete(workspaceId, exportId);
            throw;
        }
    }

    /// <summary>Rows handed from the reading thread to the writing one at a time, and how many such batches may wait.</summary>
    private const int RowsPerBatch = 512;

    private const int BatchesInFlight = 4;

    private static async Task ReadAsync(IQueryable<object?[]> query, ChannelWriter<List<object?[]>> batches, CancellationToken cancellationToken)
    {
        var batch = new List<object?[]>(RowsPerBatch);
        await foreach (var row in query.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            batch.Add(row);
            if (batch.Count == RowsPerBatch)
            {
                await batches.WriteAsync(batch, cancellationToken);
                batch = new List<object?[]>(RowsPerBatch);
            }
        }

        if (batch.Count > 0)
        {
            await batches.WriteAsync(batch, cancellationToken);
        }
    }

    /// <summary>
    /// The rules an export must pass before anything is read or written (fields, a current purpose, the client's export
    /// purposes), with their typed errors; a background export is checked so before it is queued. Returns the purpose.
    /// </summary>
    public static async Task<ProcessingPurpose> CheckAsync(ContactBoxDbContext db, ExportRequest request, CancellationToken cancellationToken)
    {
        if (request.Fields.Count == 0 && request.CustomFields.Count == 0)
        {
            throw new Domain.Common.DomainValidationException("fields", "Choose at least one field to export.");
        }

        if (request.Fields.Distinct().Count() != request.Fields.Count)
        {
            throw new Domain.Common.DomainValidationException("fields", "A field can be exported only once.");
        }

        var purpose = await RequirePurposeAsync(db, request.PurposeId, cancellationToken);
        await RequireClientMayExportAsync(db, request.ClientId, purpose, cancellationToken);
        return purpose;
    }

    private static async Task<ProcessingPurpose> RequirePurposeAsync(ContactBoxDbContext db, Guid? purposeId, CancellationToken cancellationToken)
    {
        if (purposeId is not { } id)
        {
            throw new PurposeRequiredException("purposeId", "Every export states its purpose: choose one from the processing purposes of your workspace.");
        }

        var purpose = await db.ProcessingPurposes.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, cancellationToken)
                      ?? throw new PurposeRequiredException("purposeId", "No processing purpose with this ID exists in your workspace.");
        return purpose.IsArchived
            ? throw new PurposeRequiredException("purposeId", $"The purpose '{purpose.Name}' is archived; exports need a current purpose.")
            : purpose;
    }

    /// <summary>
    /// A client with export purposes set by an admin exports only for those; a third-party (partner) client without
    /// any exports for none; a first-party client without any for every current purpose of its workspace.
    /// </summary>
    private static async Task RequireClientMayExportAsync(ContactBoxDbContext db, string? clientId, ProcessingPurpose purpose, CancellationToken cancellationToken)
    {
        if (clientId is null || await db.OAuthClients.AsNoTracking().FirstOrDefaultAsync(c => c.ClientId == clientId, cancellationToken) is not { } client)
        {
            return;
        }

        var allowed = await db.Set<ClientExportPurpose>().AsNoTracking().Where(p => p.ClientId == client.Id).Select(p => p.PurposeId).ToListAsync(cancellationToken);
        if ((allowed.Count > 0 || client.IsThirdParty) && !allowed.Contains(purpose.Id))
        {
            throw new PurposeNotAllowedException(purpose.Id, allowed.Count == 0
                ? $"The client '{client.DisplayName}' is a third-party client with no export purposes: an admin sets them with setClientExportPurposes."
                : $"The client '{client.DisplayName}' may not export for the purpose '{purpose.Name}': an admin sets its export purposes with setClientExportPurposes.");
        }
    }

    /// <summary>Owner and source names, read only when those columns are chosen (few rows per workspace).</summary>
    private static async Task<ExportLookups> LookupsAsync(ContactBoxDbContext db, IReadOnlyList<ExportField> fields, CancellationToken cancellationToken) => new(
        fields.Contains(ExportField.Owner) ? await db.Members.AsNoTracking().ToDictionaryAsync(m => m.Id, m => m.Name, cancellationToken) : new Dictionary<Guid, string>(),
        fields.Contains(ExportField.Source) ? await db.ContactSourceTypes.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken) : new Dictionary<Guid, string>());

    /// <summary>Why the purpose does not cover the contact, or null when it does.</summary>
    public static ExclusionReason? Exclusion(ExclusionFacts row, ProcessingPurpose purpose, bool marketing, ExportPreset preset, string? email, IReadOnlySet<string> hardBounced)
    {
        if (row.Restricted)
        {
            return ExclusionReason.Restricted;
        }

        if (!row.HasActiveAssignment && (row.HasAssignment || purpose.LegalBasis == LegalBasis.Consent))
        {
            return !row.HasAssignment ? ExclusionReason.NoConsent
                : row.HasWithdrawnAssignment ? ExclusionReason.ConsentWithdrawn
                : ExclusionReason.ConsentExpired;
        }

        if (marketing && row.Objected)
        {
            return ExclusionReason.MarketingObjection;
        }

        if (!preset.IsNewsletter())
        {
            return null;
        }

        return email is null ? ExclusionReason.NoEmailAddress
            : hardBounced.Contains(EmailBounce.Key(email)) ? ExclusionReason.HardBounce
            : null;
    }

    /// <summary>Where each column's value, and the primary e-mail address (newsletter presets), sit in a row.</summary>
    internal sealed record RowSlots(int[] Columns, int? Email);

    /// <summary>
    /// One row per contact as <c>object?[]</c>: [0] the ID, [1] the <see cref="ExclusionFacts"/>, then one value per
    /// distinct source of the chosen columns (and the e-mail addresses a newsletter preset checks).
    /// </summary>
    internal static (IQueryable<object?[]> Query, RowSlots Slots) Rows(ContactBoxDbContext db, IQueryable<Contact> selection, List<ExportColumn> columns, Guid purposeId, DateTimeOffset now, bool newsletter)
    {
        var projections = new List<LambdaExpression>();
        var keys = new Dictionary<string, int>(StringComparer.Ordinal);
        int Slot(ExportSource source)
        {
            if (!keys.TryGetValue(source.Key, out var slot))
            {
                keys[source.Key] = slot = projections.Count + 2;
                projections.Add(source.Projection);
            }

            return slot;
        }

        var slots = new RowSlots([.. columns.Select(c => Slot(c.Source))], newsletter ? Slot(ExportColumns.Sources.Emails) : null);
        var subject = Expression.Parameter(typeof(ExportSubject), "s");
        var contact = Expression.Property(subject, nameof(ExportSubject.Contact));
        var context = Expression.Constant(db);
        var facts = Expression.Call(typeof(ExclusionFacts).GetMethod(nameof(ExclusionFacts.From))!,
            Expression.Property(subject, nameof(ExportSubject.Flags)), Expression.Property(subject, nameof(ExportSubject.Assignment)));
        var row = Expression.NewArrayInit(typeof(object), projections.Select(p => new Rebind(p.Parameters[0], context, p.Parameters[1], contact).Visit(p.Body))
            .Prepend(Expression.Convert(facts, typeof(object)))
            .Prepend(Expression.Convert(Expression.Property(contact, nameof(Contact.Id)), typeof(object))));
        var query = Subjects(db, selection, purposeId, now)
            .ReadsWholeWorkspace()
            .AsNoTracking()
            // One statement streams the rows (custom field values are the one collection a row may read).
            .AsSingleQuery()
            .Select(Expression.Lambda<Func<ExportSubject, object?[]>>(row, subject));
        return (query, slots);
    }

    /// <summary>A selected contact with what its <see cref="ExclusionFacts"/> are made of.</summary>
    private sealed class ExportSubject
    {
        public required Contact Contact { get; init; }

        /// <summary><see cref="ExclusionFacts.RestrictedFlag"/> | <see cref="ExclusionFacts.ObjectedFlag"/>.</summary>
        public int Flags { get; init; }

        /// <summary>The best state among the contact's assignments of the purpose; null: none.</summary>
        public int? Assignment { get; init; }
    }

    /// <summary>
    /// The selection in display-name order with each contact's privacy flags and best assignment of the purpose: two
    /// index lookups per contact on SQLite, where they are calls inside the process; on the other databases, where a
    /// lookup per row is an executor round (about 1 µs each on PostgreSQL even on empty tables), one join with the
    /// privacy rows and one with the contacts' assignments grouped, which the server hashes (with one privacy row and one
    /// assignment per contact, a million contacts took 4.5 s that way on PostgreSQL against 15.3 s with a lookup per row).
    /// The order is by an expression (same values, same collation) so that no database walks the (WorkspaceId,
    /// DisplayName, Id) index, reading the table in name order with a random page read per row: scanning and sorting
    /// 1,000,000 contacts took 1.9 s against 3.5 s that way on PostgreSQL, and likewise on SQLite.
    /// </summary>
    private static IQueryable<ExportSubject> Subjects(ContactBoxDbContext db, IQueryable<Contact> selection, Guid purposeId, DateTimeOffset now)
    {
        // Each assignment's state for the purpose (null: another purpose), with its contact; a contact's best one counts.
        Expression<Func<PurposeAssignment, AssignmentState>> state = a => new AssignmentState
        {
            ContactId = a.ContactId,
            State = a.PurposeId == purposeId
                ? (int?)(a.WithdrawnAt == null && (a.ValidUntil == null || a.ValidUntil > now) ? ExclusionFacts.Active
                    : a.WithdrawnAt != null ? ExclusionFacts.Withdrawn
                    : ExclusionFacts.Expired)
                : null,
        };
        // A contact's privacy flags (at most one privacy row per contact).
        Expression<Func<ContactPrivacy, PrivacyFlags>> flags = p => new PrivacyFlags
        {
            ContactId = p.ContactId,
            Flags = (p.RestrictedSince != null ? ExclusionFacts.RestrictedFlag : 0) + (p.ObjectedSince != null ? ExclusionFacts.ObjectedFlag : 0),
        };
        if (db.Database.IsSqlite())
        {
            return selection.OrderBy(c => c.DisplayName + "").ThenBy(c => c.Id).Select(c => new ExportSubject
            {
                Contact = c,
                Flags = db.ContactPrivacy.Where(p => p.ContactId == c.Id).Select(flags).Select(p => p.Flags).FirstOrDefault(),
                // The purpose is tested inside the aggregate, not in the WHERE: with both in the WHERE, SQLite (no
                // statistics) picks the (WorkspaceId, PurposeId) index and reads every assignment of the purpose for each
                // contact, which is quadratic when the purpose covers every contact; this way it reads the contact's few.
                Assignment = db.PurposeAssignments.Where(a => a.ContactId == c.Id).Select(state).Max(a => a.State),
            });
        }

        // A server cannot push the join into the grouped assignments: for a selection narrower than the workspace, only
        // the selected contacts' assignments are grouped (a semi-join the server plans by the selection's size: 0.6 ms for
        // 10 contacts of a million with one assignment each, against 548 ms grouping them all); for the whole workspace
        // that semi-join would cost a second pass over the contacts (5.6 s against 4.5 s for the million), so it is left out.
        var assigned = selection.Expression is Microsoft.EntityFrameworkCore.Query.QueryRootExpression
            ? db.PurposeAssignments
            : db.PurposeAssignments.Where(a => selection.Any(c => c.Id == a.ContactId));
        var assignments = assigned.Select(state).GroupBy(a => a.ContactId).Select(g => new { ContactId = g.Key, Best = g.Max(a => a.State) });
        return selection
            .LeftJoin(db.ContactPrivacy.Select(flags), c => c.Id, p => p.ContactId, (c, p) => new { Contact = c, Flags = (int?)p!.Flags ?? 0 })
            .LeftJoin(assignments, x => x.Contact.Id, a => a.ContactId, (x, a) => new ExportSubject { Contact = x.Contact, Flags = x.Flags, Assignment = a!.Best })
            .OrderBy(s => s.Contact.DisplayName + "")
            .ThenBy(s => s.Contact.Id);
    }

    private sealed class PrivacyFlags
    {
        public Guid ContactId { get; init; }

        public int Flags { get; init; }
    }

    private sealed class AssignmentState
    {
        public Guid ContactId { get; init; }

        public int? State { get; init; }
    }

    /// <summary>Puts the one context and contact of the row into each source's projection.</summary>
    private sealed class Rebind(ParameterExpression db, Expression context, ParameterExpression contact, Expression row) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) =>
            node == db ? context : node == contact ? row : base.VisitParameter(node);
    }

    private static CsvWriterOptions Options(ExportPreset preset) => new()
    {
        Separator = preset is ExportPreset.MailMerge or ExportPreset.Rapidmail ? ';' : ',',
        NewLine = "\r\n",
        WriteByteOrderMark = preset == ExportPreset.MailMerge,
        BufferSize = 64 * 1024,
        // Spreadsheets run a cell starting with = + - @ (or tab, CR) as a formula; a leading ' shows it as text.
        Injection = preset.IsSpreadsheetBound() ? CsvInjection.Escape : CsvInjection.None,
    };
}
