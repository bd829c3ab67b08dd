using ContactBox.Domain.Appointments;
using ContactBox.Domain.Contacts;
using ContactBox.Domain.FollowUps;
using ContactBox.Domain.Privacy;
using ContactBox.Domain.Timeline;
using ContactBox.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Infrastructure.Privacy;

/// <summary>Produces right of access reports; each one produced is recorded in the audit log with the report.</summary>
public sealed class DataSubjectReports(AuditTrail audit, TimeProvider clock, IEnumerable<IDataSubjectReportContributor> contributors)
{
    /// <summary>The report for a contact of the current workspace, or null when there is none. Audited.</summary>
    public async Task<DataSubjectReport?> ProduceAsync(ContactBoxDbContext db, Guid contactId, AuditActor actor, string channel, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var report = await BuildAsync(db, contactId, cancellationToken);
        if (report is null)
        {
            return null;
        }

        await audit.AppendAsync(db, actor, new AuditEntry(AuditAction.DataSubjectReportProduced, nameof(Contact), contactId,
            new Dictionary<string, object?> { ["channel"] = channel }), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return report;
    }

    private async Task<DataSubjectReport?> BuildAsync(ContactBoxDbContext db, Guid contactId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var contact = await db.Contacts.AsNoTracking().Include(c => c.Tags).FirstOrDefaultAsync(c => c.Id == contactId, cancellationToken);
        if (contact is null)
        {
            return null;
        }

        var employer = contact.EmployerId is { } employerId
            ? await db.Contacts.Where(c => c.Id == employerId).Select(c => c.DisplayName).FirstOrDefaultAsync(cancellationToken)
            : null;
        var timeline = await db.TimelineEntries.AsNoTracking().Where(t => t.ContactId == contactId).OrderBy(t => t.OccurredAt).ToListAsync(cancellationToken);
        var appointmentIds = db.AppointmentParticipants.Where(p => p.ContactId == contactId).Select(p => p.AppointmentId);
        var appointments = await db.Appointments.AsNoTracking().Where(a => appointmentIds.Contains(a.Id)).OrderBy(a => a.StartsAt).ToListAsync(cancellationToken);
        var followUps = await db.FollowUps.AsNoTracking().Where(f => f.ContactId == contactId).OrderBy(f => f.DueAt).ToListAsync(cancellationToken);
        var privacy = await db.Set<ContactPrivacy>().AsNoTracking().FirstOrDefaultAsync(p => p.ContactId == contactId, cancellationToken);
        var sourceType = privacy?.SourceTypeId is { } typeId
            ? await db.Set<ContactSourceType>().Where(s => s.Id == typeId).Select(s => s.Name).FirstOrDefaultAsync(cancellationToken)
            : null;
        var assignments = await db.Set<PurposeAssignment>().AsNoTracking().Where(a => a.ContactId == contactId).OrderBy(a => a.CreatedAt).ToListAsync(cancellationToken);
        var purposeIds = assignments.Select(a => a.PurposeId).Distinct().ToList();
        var purposes = await db.Set<ProcessingPurpose>().AsNoTracking().Where(p => purposeIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);

        var attachments = new List<ReportAttachment>();
        var recipients = new List<ReportRecipient>();
        var customFields = new List<ReportCustomField>();
        var emailBounces = new List<ReportEmailBounce>();
        foreach (var contributor in contributors)
        {
            customFields.AddRange(await contributor.CustomFieldsAsync(db, contactId, cancellationToken));
            attachments.AddRange(await contributor.AttachmentsAsync(db, contactId, cancellationToken));
            recipients.AddRange(await contributor.RecipientsAsync(db, contactId, cancellationToken));
            emailBounces.AddRange(await contributor.EmailBouncesAsync(db, contactId, cancellationToken));
        }

        return new DataSubjectReport(
            now,
            contactId,
            new ReportContact(contact.Kind, contact.Salutation, contact.Title, contact.FirstName, contact.LastName, contact.OrganizationName,
                contact.Department, contact.JobTitle, contact.DisplayName, contact.Website, contact.Birthday, employer,
                contact.Emails, contact.Phones, contact.Addresses, [.. contact.Tags.Select(t => t.Name).Order(StringComparer.Ordinal)],
                contact.CreatedAt, contact.UpdatedAt),
            [.. timeline.Select(t => new ReportTimelineEntry(t.Kind, t.Direction, t.Subject, t.Body, t.OccurredAt))],
            [.. appointments.Select(a => new ReportAppointment(a.Title, a.Description, a.Location, a.StartsAt, a.EndsAt, a.Status))],
            [.. followUps.Select(f => new ReportFollowUp(f.Subject, f.Note, f.DueAt, f.CompletedAt))],
            attachments,
            privacy is { SourceTypeId: not null } or { SourceDetail: not null } or { SourceDate: not null }
                ? new ReportSource(sourceType, privacy.SourceDetail, privacy.SourceDate)
                : null,
            [.. assignments.Select(a => Purpose(a, purposes[a.PurposeId], now))],
            privacy?.RestrictedSince,
            privacy?.RestrictionReason,
            privacy?.ObjectedSince,
            privacy?.RetentionReviewSince,
            recipients,
            customFields,
            emailBounces);
    }

    private static ReportPurpose Purpose(PurposeAssignment a, ProcessingPurpose p, DateTimeOffset now) =>
        new(p.Name, p.Description, a.LegalBasis, p.DataCategories, p.RetentionDays, p.IsArchived, a.CreatedAt,
            a.ConsentGivenAt, a.ConsentEvidence, a.ValidUntil, a.WithdrawnAt, a.WithdrawalEvidence, a.IsActive(p, now), a.RetainedUntil(p, now));
}
