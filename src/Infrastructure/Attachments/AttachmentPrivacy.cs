using ContactBox.Domain.Attachments;
using ContactBox.Infrastructure.Persistence;
using ContactBox.Infrastructure.Privacy;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Infrastructure.Attachments;

/// <summary>
/// The attachments' share of the privacy features: their metadata in an access report (Art. 15) and, in an
/// erasure (Art. 17), their rows and files — those on the contact and on its timeline entries and follow-ups.
/// Appointments outlive an erasure (only the participation goes), and so do their attachments.
/// </summary>
public sealed class AttachmentPrivacy : IContactErasureParticipant, IDataSubjectReportContributor
{
    public string Name => "attachments";

    /// <summary>Before the timeline entries and follow-ups they hang on, which the database will not delete under them.</summary>
    public int Order => -1;

    public async Task<int> EraseAsync(ContactBoxDbContext db, Guid contactId, CancellationToken cancellationToken)
    {
        // Deleted through the change tracker, so the owner-deletion interceptor removes the files after the commit
        // (and keeps them if the erasure rolls back).
        var attachments = await OfContact(db, contactId).ToListAsync(cancellationToken);
        db.Attachments.RemoveRange(attachments);
        await db.SaveChangesAsync(cancellationToken);
        return attachments.Count;
    }

    public async Task<IReadOnlyList<ReportAttachment>> AttachmentsAsync(ContactBoxDbContext db, Guid contactId, CancellationToken cancellationToken) =>
        await OfContact(db, contactId).AsNoTracking()
            .OrderBy(a => a.CreatedAt).ThenBy(a => a.Id)
            .Select(a => new ReportAttachment(a.FileName, a.ContentType, a.SizeBytes, a.CreatedAt))
            .ToListAsync(cancellationToken);

    private static IQueryable<Attachment> OfContact(ContactBoxDbContext db, Guid contactId) =>
        db.Attachments.Where(a => a.ContactId == contactId
                                  || (a.TimelineEntryId != null && db.TimelineEntries.Any(t => t.Id == a.TimelineEntryId && t.ContactId == contactId))
                                  || (a.FollowUpId != null && db.FollowUps.Any(f => f.Id == a.FollowUpId && f.ContactId == contactId)));
}
