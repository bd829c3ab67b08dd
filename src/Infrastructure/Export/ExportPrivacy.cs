using ContactBox.Domain.Export;
using ContactBox.Infrastructure.Persistence;
using ContactBox.Infrastructure.Privacy;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Infrastructure.Export;

/// <summary>
/// The exports' share of the privacy features: each export that included a contact is a disclosure, a recipient in
/// the access report (Art. 15) and, per purpose, in the record of processing activities (Art. 30).
/// </summary>
public sealed class ExportPrivacy : IDataSubjectReportContributor, IProcessingRecipientSource
{
    public async Task<IReadOnlyList<ReportRecipient>> RecipientsAsync(ContactBoxDbContext db, Guid contactId, CancellationToken cancellationToken)
    {
        var ids = await ExportIdsAsync(db, contactId, cancellationToken);
        var exports = await (
                from export in db.Set<ContactExport>()
                join purpose in db.ProcessingPurposes on export.PurposeId equals purpose.Id
                where ids.Contains(export.Id)
                orderby export.CreatedAt
                select new { export.Preset, Purpose = purpose.Name, export.CreatedAt })
            .AsNoTracking().ToListAsync(cancellationToken);
        return [.. exports.Select(e => new ReportRecipient(Recipient(e.Preset), e.Purpose, e.CreatedAt))];
    }

    /// <summary>
    /// The exports of the workspace that included the contact: its bucket of each export, binary-searched as the rows
    /// stream by (one blob at a time in memory: about 16 bytes × the export's contacts / 256).
    /// </summary>
    public static async Task<List<Guid>> ExportIdsAsync(ContactBoxDbContext db, Guid contactId, CancellationToken cancellationToken)
    {
        var ids = new List<Guid>();
        await foreach (var bucket in BucketsOf(db, contactId).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (bucket.Contains(contactId))
            {
                ids.Add(bucket.ExportId);
            }
        }

        return ids;
    }

    /// <summary>The bucket the contact would be in, of every export of the workspace.</summary>
    public static IQueryable<ExportedContactBucket> BucketsOf(ContactBoxDbContext db, Guid contactId)
    {
        var bucket = ExportedContactBucket.BucketOf(contactId);
        return db.Set<ExportedContactBucket>().AsNoTracking().Where(b => b.Bucket == bucket);
    }

    public async Task<IReadOnlyList<(Guid PurposeId, string Recipient)>> RecipientsByPurposeAsync(ContactBoxDbContext db, CancellationToken cancellationToken)
    {
        var used = await db.Set<ContactExport>().AsNoTracking().Select(e => new { e.PurposeId, e.Preset }).Distinct().ToListAsync(cancellationToken);
        return [.. used.Select(u => (u.PurposeId, Recipient(u.Preset)))];
    }

    /// <summary>Who receives the data a preset's file is made for.</summary>
    public static string Recipient(ExportPreset preset) => preset switch
    {
        ExportPreset.Mailchimp => "Mailchimp (newsletter service, CSV export)",
        ExportPreset.Rapidmail => "rapidmail (newsletter service, CSV export)",
        ExportPreset.MailMerge => "Mail merge (CSV export)",
        _ => "CSV export",
    };
}
