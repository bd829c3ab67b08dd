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
        var exports = await (
                from included in db.Set<ExportedContact>()
                join export in db.Set<ContactExport>() on included.ExportId equals export.Id
                join purpose in db.ProcessingPurposes on export.PurposeId equals purpose.Id
                where included.ContactId == contactId
                orderby export.CreatedAt
                select new { export.Preset, Purpose = purpose.Name, export.CreatedAt })
            .AsNoTracking().ToListAsync(cancellationToken);
        return [.. exports.Select(e => new ReportRecipient(Recipient(e.Preset), e.Purpose, e.CreatedAt))];
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
