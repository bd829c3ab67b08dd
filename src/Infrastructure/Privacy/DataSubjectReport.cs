using ContactBox.Domain.Appointments;
using ContactBox.Domain.Contacts;
using ContactBox.Domain.Privacy;
using ContactBox.Domain.Timeline;

namespace ContactBox.Infrastructure.Privacy;

/// <summary>
/// Everything stored about one contact, for a right of access request (Art. 15): served as GraphQL and as a
/// JSON file. Attachments and recipients come from the features that own them (<see cref="IDataSubjectReportContributor"/>).
/// </summary>
public sealed record DataSubjectReport(
    DateTimeOffset GeneratedAt,
    Guid ContactId,
    ReportContact Contact,
    IReadOnlyList<ReportTimelineEntry> Timeline,
    IReadOnlyList<ReportAppointment> Appointments,
    IReadOnlyList<ReportFollowUp> FollowUps,
    IReadOnlyList<ReportAttachment> Attachments,
    ReportSource? Source,
    IReadOnlyList<ReportPurpose> Purposes,
    DateTimeOffset? RestrictedSince,
    string? RestrictionReason,
    DateTimeOffset? ObjectedToDirectMarketingSince,
    DateTimeOffset? RetentionReviewSince,
    IReadOnlyList<ReportRecipient> Recipients,
    IReadOnlyList<ReportCustomField> CustomFields,
    IReadOnlyList<ReportEmailBounce> EmailBounces);

public sealed record ReportContact(
    ContactKind Kind,
    Salutation? Salutation,
    string? Title,
    string? FirstName,
    string? LastName,
    string? OrganizationName,
    string? Department,
    string? JobTitle,
    string DisplayName,
    string? Website,
    DateOnly? Birthday,
    string? Employer,
    IReadOnlyList<EmailAddress> Emails,
    IReadOnlyList<PhoneNumber> Phones,
    IReadOnlyList<PostalAddress> Addresses,
    IReadOnlyList<string> Tags,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

public sealed record ReportTimelineEntry(TimelineEntryKind Kind, Direction? Direction, string? Subject, string? Body, DateTimeOffset OccurredAt);

public sealed record ReportAppointment(string Title, string? Description, string? Location, DateTimeOffset StartsAt, DateTimeOffset EndsAt, AppointmentStatus Status);

public sealed record ReportFollowUp(string Subject, string? Note, DateTimeOffset DueAt, DateTimeOffset? CompletedAt);

/// <summary>A stored file's metadata (from the attachments feature).</summary>
public sealed record ReportAttachment(string FileName, string ContentType, long Size, DateTimeOffset CreatedAt);

public sealed record ReportSource(string? Type, string? Detail, DateOnly? Date);

public sealed record ReportPurpose(
    string Purpose,
    string? Description,
    LegalBasis LegalBasis,
    IReadOnlyList<string> DataCategories,
    int? RetentionDays,
    bool PurposeArchived,
    DateTimeOffset AssignedAt,
    DateTimeOffset? ConsentGivenAt,
    string? ConsentEvidence,
    DateTimeOffset? ValidUntil,
    DateTimeOffset? WithdrawnAt,
    string? WithdrawalEvidence,
    bool IsActive,
    DateTimeOffset? RetainedUntil);

/// <summary>A custom field's value (from the custom fields feature), as text.</summary>
public sealed record ReportCustomField(string Key, string Label, string Value);

/// <summary>What newsletter services reported about one of the contact's e-mail addresses (from the export feature).</summary>
public sealed record ReportEmailBounce(string Address, DateTimeOffset? HardBouncedAt, string? HardBounceReason, int SoftBounceCount, DateTimeOffset? LastSoftBounceAt);

/// <summary>Someone the contact's data was disclosed to (from the export records, once exports exist).</summary>
public sealed record ReportRecipient(string Recipient, string Purpose, DateTimeOffset DisclosedAt);

/// <summary>
/// Adds a feature's data to the access report. The attachments feature contributes file metadata, the export
/// feature the recipients; register implementations in DI. A feature implements the part it owns; the other
/// contributes nothing.
/// </summary>
public interface IDataSubjectReportContributor
{
    Task<IReadOnlyList<ReportAttachment>> AttachmentsAsync(Persistence.ContactBoxDbContext db, Guid contactId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ReportAttachment>>([]);

    Task<IReadOnlyList<ReportRecipient>> RecipientsAsync(Persistence.ContactBoxDbContext db, Guid contactId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ReportRecipient>>([]);

    Task<IReadOnlyList<ReportCustomField>> CustomFieldsAsync(Persistence.ContactBoxDbContext db, Guid contactId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ReportCustomField>>([]);

    Task<IReadOnlyList<ReportEmailBounce>> EmailBouncesAsync(Persistence.ContactBoxDbContext db, Guid contactId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ReportEmailBounce>>([]);
}
