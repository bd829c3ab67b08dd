using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ContactBox.Domain.Contacts;
using ContactBox.Domain.Export;
using ContactBox.Domain.Privacy;
using ContactBox.Infrastructure.Persistence;
using ContactBox.Infrastructure.Privacy;
using CsvHelper;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Infrastructure.Export;

/// <summary>What to export: the selected contacts, the columns in order, the purpose and the file's shape.</summary>
public sealed record ExportRequest(
    IQueryable<Contact> Selection,
    Guid? PurposeId,
    string? Note,
    ExportPreset Preset,
    IReadOnlyList<ExportField> Fields,
    bool DirectMarketing);

/// <summary>The export written, and who was left out and why.</summary>
public sealed record ExportResult(ContactExport Export, IReadOnlyDictionary<ExclusionReason, int> Exclusions, IReadOnlyList<Guid> ExcludedContactIds);

/// <summary>
/// Writes a purpose-bound CSV export. Rows stream from the database into the file (CsvHelper), so memory stays
/// flat whatever the number of contacts (only the included and excluded IDs are kept). The export record, the
/// included contacts and the audit entry are committed in one transaction; when anything fails the file is removed.
/// </summary>
public sealed class ContactExporter(AuditTrail audit, ExportFiles files, TimeProvider clock)
{
    // 3 parameters a row: SQL Server takes at most 2,100 parameters a statement.
    private const int InsertBatch = 500;

    public async Task<ExportResult> ExportAsync(ContactBoxDbContext db, ExportRequest request, AuditActor actor, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        if (request.Fields.Count == 0)
        {
            throw new Domain.Common.DomainValidationException("fields", "Choose at least one field to export.");
        }

        if (request.Fields.Distinct().Count() != request.Fields.Count)
        {
            throw new Domain.Common.DomainValidationException("fields", "A field can be exported only once.");
        }

        var purpose = await RequirePurposeAsync(db, request.PurposeId, cancellationToken);
        var now = clock.GetUtcNow();
        var lookups = new ExportLookups(
            await db.Members.AsNoTracking().ToDictionaryAsync(m => m.Id, m => m.Name, cancellationToken),
            await db.ContactSourceTypes.AsNoTracking().ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken));

        var exportId = Guid.CreateVersion7();
        var workspaceId = db.Workspace.Id;
        var marketing = request.DirectMarketing || request.Preset.IsNewsletter();
        var included = new List<Guid>();
        var excluded = new List<Guid>();
        var reasons = new Dictionary<ExclusionReason, int>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            string sha256;
            long size;
            await using (var file = files.Create(workspaceId, exportId))
            {
                using var hash = SHA256.Create();
                await using (var hashing = new CryptoStream(file, hash, CryptoStreamMode.Write, leaveOpen: true))
                {
                    await using var csv = CsvWriter.Create(hashing, Options(request.Preset), leaveOpen: true);
                    csv.WriteHeader([.. request.Fields.Select(f => ExportColumns.Header(f, request.Preset))]);
                    await foreach (var row in Rows(db, request.Selection, purpose.Id, now).AsAsyncEnumerable().WithCancellation(cancellationToken))
                    {
                        if (Exclusion(row, purpose, marketing, request.Preset) is { } reason)
                        {
                            excluded.Add(row.Contact.Id);
                            reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
                            continue;
                        }

                        included.Add(row.Contact.Id);
                        foreach (var field in request.Fields)
                        {
                            csv.WriteField(ExportColumns.Value(field, request.Preset, row, lookups));
                        }

                        await csv.EndRecordAsync(cancellationToken);
                        progress?.Report(included.Count);
                    }
                }

                sha256 = Convert.ToHexStringLower(hash.Hash!);
                size = file.Length;
            }

            var export = new ContactExport(exportId, purpose.Id, request.Note, request.Preset, request.Fields, actor.Kind.ToString(), actor.Id,
                included.Count, excluded.Count, size, sha256);
            db.Add(export);
            await db.SaveChangesAsync(cancellationToken);
            foreach (var batch in included.Chunk(InsertBatch))
            {
                await InsertIncludedAsync(db, exportId, workspaceId, batch, cancellationToken);
            }

            await audit.AppendAsync(db, actor, new AuditEntry(AuditAction.ContactsExported, nameof(ContactExport), exportId, new Dictionary<string, object?>
            {
                ["purposeId"] = purpose.Id,
                ["preset"] = request.Preset,
                ["fields"] = request.Fields,
                ["contacts"] = included.Count,
                ["excluded"] = excluded.Count,
                ["sha256"] = sha256,
            }), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new ExportResult(export, reasons, excluded);
        }
        catch
        {
            files.Delete(workspaceId, exportId);
            throw;
        }
    }

    /// <summary>
    /// The included contacts, many rows a statement: through the change tracker they would cost more than the file.
    /// Parameters get the provider's own Guid mapping, so the rows read back as EF Core writes them.
    /// </summary>
    private static async Task InsertIncludedAsync(ContactBoxDbContext db, Guid exportId, Guid workspaceId, Guid[] contactIds, CancellationToken cancellationToken)
    {
        var entity = db.Model.FindEntityType(typeof(ExportedContact))!;
        var sql = new StringBuilder($"INSERT INTO \"{entity.GetTableName()}\" (\"ExportId\", \"ContactId\", \"WorkspaceId\") VALUES ");
        var parameters = new object[contactIds.Length * 3];
        for (var i = 0; i < contactIds.Length; i++)
        {
            sql.Append(i == 0 ? "" : ", ").Append(CultureInfo.InvariantCulture, $"({{{i * 3}}}, {{{(i * 3) + 1}}}, {{{(i * 3) + 2}}})");
            parameters[i * 3] = exportId;
            parameters[(i * 3) + 1] = contactIds[i];
            parameters[(i * 3) + 2] = workspaceId;
        }

        await db.Database.ExecuteSqlRawAsync(sql.ToString(), parameters, cancellationToken);
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

    /// <summary>Why the purpose does not cover the contact, or null when it does.</summary>
    public static ExclusionReason? Exclusion(ExportRow row, ProcessingPurpose purpose, bool marketing, ExportPreset preset)
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

        return preset.IsNewsletter() && ExportColumns.PrimaryEmail(row.Contact) is null ? ExclusionReason.NoEmailAddress : null;
    }

    private static IQueryable<ExportRow> Rows(ContactBoxDbContext db, IQueryable<Contact> selection, Guid purposeId, DateTimeOffset now) =>
        selection.AsNoTracking()
            .OrderBy(c => c.DisplayName).ThenBy(c => c.Id)
            .Select(c => new ExportRow(
                c,
                c.Tags.Select(t => t.Name).ToList(),
                db.ContactPrivacy.Any(p => p.ContactId == c.Id && p.RestrictedSince != null),
                db.ContactPrivacy.Any(p => p.ContactId == c.Id && p.ObjectedSince != null),
                db.ContactPrivacy.Where(p => p.ContactId == c.Id).Select(p => p.SourceTypeId).FirstOrDefault(),
                db.PurposeAssignments.Any(a => a.ContactId == c.Id && a.PurposeId == purposeId && a.WithdrawnAt == null && (a.ValidUntil == null || a.ValidUntil > now)),
                db.PurposeAssignments.Any(a => a.ContactId == c.Id && a.PurposeId == purposeId),
                db.PurposeAssignments.Any(a => a.ContactId == c.Id && a.PurposeId == purposeId && a.WithdrawnAt != null)));

    private static CsvWriterOptions Options(ExportPreset preset) => new()
    {
        Separator = preset is ExportPreset.MailMerge or ExportPreset.Rapidmail ? ';' : ',',
        NewLine = "\r\n",
        WriteByteOrderMark = preset == ExportPreset.MailMerge,
        // Spreadsheets run a cell starting with = + - @ (or tab, CR) as a formula; a leading ' shows it as text.
        Injection = preset.IsSpreadsheetBound() ? CsvInjection.Escape : CsvInjection.None,
    };
}
