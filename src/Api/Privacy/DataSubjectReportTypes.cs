using ContactBox.Api.Contacts;
using ContactBox.Api.GraphQL.Relay;
using ContactBox.Infrastructure.Privacy;
using GraphQL.Types;

namespace ContactBox.Api.Privacy;

public sealed class DataSubjectReportType : ObjectGraphType<DataSubjectReport>
{
    public DataSubjectReportType()
    {
        Name = "DataSubjectReport";
        Description = "Everything stored about a contact (right of access, Art. 15). As a file: GET /privacy/data-subject-reports/{contactId}.json.";
        Field(r => r.GeneratedAt);
        Field<NonNullGraphType<IdGraphType>>("contactId").Resolve(c => GlobalId.Format("Contact", c.Source.ContactId));
        Field<NonNullGraphType<ReportContactType>>("masterData").Resolve(c => c.Source.Contact);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ReportTimelineEntryType>>>>("timeline").Resolve(c => c.Source.Timeline);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ReportAppointmentType>>>>("appointments").Resolve(c => c.Source.Appointments);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ReportFollowUpType>>>>("followUps").Resolve(c => c.Source.FollowUps);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ReportAttachmentType>>>>("attachments").Resolve(c => c.Source.Attachments);
        Field<ReportSourceType>("source").Resolve(c => c.Source.Source);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ReportPurposeType>>>>("purposes").Resolve(c => c.Source.Purposes);
        Field(r => r.RestrictedSince, nullable: true);
        Field(r => r.RestrictionReason, nullable: true);
        Field(r => r.ObjectedToDirectMarketingSince, nullable: true);
        Field(r => r.RetentionReviewSince, nullable: true);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ReportRecipientType>>>>("recipients")
            .Description("Who the data was disclosed to (from the export records, once exports exist).").Resolve(c => c.Source.Recipients);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ReportCustomFieldType>>>>("customFields")
            .Description("The contact's custom field values, as text.").Resolve(c => c.Source.CustomFields);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ReportEmailBounceType>>>>("emailBounces")
            .Description("What newsletter services reported about the contact's e-mail addresses (recordEmailBounces).").Resolve(c => c.Source.EmailBounces);
    }
}

public sealed class ReportEmailBounceType : ObjectGraphType<ReportEmailBounce>
{
    public ReportEmailBounceType()
    {
        Name = "ReportEmailBounce";
        Field(b => b.Address);
        Field(b => b.HardBouncedAt, nullable: true);
        Field(b => b.HardBounceReason, nullable: true);
        Field(b => b.SoftBounceCount);
        Field(b => b.LastSoftBounceAt, nullable: true);
    }
}

public sealed class ReportCustomFieldType : ObjectGraphType<ReportCustomField>
{
    public ReportCustomFieldType()
    {
        Name = "ReportCustomField";
        Field(f => f.Key);
        Field(f => f.Label);
        Field(f => f.Value);
    }
}

public sealed class ReportContactType : ObjectGraphType<ReportContact>
{
    public ReportContactType()
    {
        Name = "DataSubjectMasterData";
        Field(c => c.Kind);
        Field(c => c.Salutation, nullable: true);
        Field(c => c.Title, nullable: true);
        Field(c => c.FirstName, nullable: true);
        Field(c => c.LastName, nullable: true);
        Field(c => c.OrganizationName, nullable: true);
        Field(c => c.Department, nullable: true);
        Field(c => c.JobTitle, nullable: true);
        Field(c => c.DisplayName);
        Field(c => c.Website, nullable: true);
        Field(c => c.Birthday, nullable: true);
        Field(c => c.Employer, nullable: true);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<EmailAddressType>>>>("emails").Resolve(c => c.Source.Emails);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PhoneNumberType>>>>("phones").Resolve(c => c.Source.Phones);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PostalAddressType>>>>("addresses").Resolve(c => c.Source.Addresses);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("tags").Resolve(c => c.Source.Tags);
        Field(c => c.CreatedAt);
        Field(c => c.UpdatedAt);
    }
}

public sealed class ReportTimelineEntryType : ObjectGraphType<ReportTimelineEntry>
{
    public ReportTimelineEntryType()
    {
        Name = "DataSubjectTimelineEntry";
        Field(t => t.Kind);
        Field(t => t.Direction, nullable: true);
        Field(t => t.Subject, nullable: true);
        Field(t => t.Body, nullable: true);
        Field(t => t.OccurredAt);
    }
}

public sealed class ReportAppointmentType : ObjectGraphType<ReportAppointment>
{
    public ReportAppointmentType()
    {
        Name = "DataSubjectAppointment";
        Field(a => a.Title);
        Field(a => a.Description, nullable: true);
        Field(a => a.Location, nullable: true);
        Field(a => a.StartsAt);
        Field(a => a.EndsAt);
        Field(a => a.Status);
    }
}

public sealed class ReportFollowUpType : ObjectGraphType<ReportFollowUp>
{
    public ReportFollowUpType()
    {
        Name = "DataSubjectFollowUp";
        Field(f => f.Subject);
        Field(f => f.Note, nullable: true);
        Field(f => f.DueAt);
        Field(f => f.CompletedAt, nullable: true);
    }
}

public sealed class ReportAttachmentType : ObjectGraphType<ReportAttachment>
{
    public ReportAttachmentType()
    {
        Name = "DataSubjectAttachment";
        Field(a => a.FileName);
        Field(a => a.ContentType);
        Field(a => a.Size);
        Field(a => a.CreatedAt);
    }
}

public sealed class ReportSourceType : ObjectGraphType<ReportSource>
{
    public ReportSourceType()
    {
        Name = "DataSubjectSource";
        Field(s => s.Type, nullable: true);
        Field(s => s.Detail, nullable: true);
        Field(s => s.Date, nullable: true);
    }
}

public sealed class ReportPurposeType : ObjectGraphType<ReportPurpose>
{
    public ReportPurposeType()
    {
        Name = "DataSubjectPurpose";
        Field(p => p.Purpose);
        Field(p => p.Description, nullable: true);
        Field(p => p.LegalBasis);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("dataCategories").Resolve(c => c.Source.DataCategories);
        Field(p => p.RetentionDays, nullable: true);
        Field(p => p.PurposeArchived);
        Field(p => p.AssignedAt);
        Field(p => p.ConsentGivenAt, nullable: true);
        Field(p => p.ConsentEvidence, nullable: true);
        Field(p => p.ValidUntil, nullable: true);
        Field(p => p.WithdrawnAt, nullable: true);
        Field(p => p.WithdrawalEvidence, nullable: true);
        Field(p => p.IsActive);
        Field(p => p.RetainedUntil, nullable: true);
    }
}

public sealed class ReportRecipientType : ObjectGraphType<ReportRecipient>
{
    public ReportRecipientType()
    {
        Name = "DataSubjectRecipient";
        Field(r => r.Recipient);
        Field(r => r.Purpose);
        Field(r => r.DisclosedAt);
    }
}
