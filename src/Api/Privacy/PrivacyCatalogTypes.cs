using ContactBox.Api.GraphQL.Authorization;
using ContactBox.Api.GraphQL.DataLoading;
using ContactBox.Api.GraphQL.Relay;
using ContactBox.Domain.Auth;
using ContactBox.Domain.Privacy;
using ContactBox.Infrastructure.Privacy;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Api.Privacy;

public sealed class ProcessingPurposeType : ObjectGraphType<ProcessingPurpose>
{
    public ProcessingPurposeType(NodeRegistry nodes)
    {
        Name = "ProcessingPurpose";
        Description = "A purpose for which the workspace processes personal data, with its legal basis (Art. 6(1) GDPR) and retention.";
        this.RequireScopes(AuthScopes.ContactsRead);
        this.AsNode(nodes);
        Field(p => p.Name);
        Field(p => p.Description, nullable: true);
        Field(p => p.LegalBasis);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("dataCategories").Resolve(c => c.Source.DataCategories);
        Field(p => p.RetentionDays, nullable: true).Description("Days the data may be kept after the purpose ends for a contact.");
        Field(p => p.IsArchived);
        Field(p => p.ArchivedAt, nullable: true);
        Field(p => p.CreatedAt);
        Field(p => p.UpdatedAt);
    }
}

public sealed class ProtectionMeasureType : ObjectGraphType<ProtectionMeasure>
{
    public ProtectionMeasureType(NodeRegistry nodes)
    {
        Name = "ProtectionMeasure";
        Description = "A technical or organisational measure (TOM, Art. 32 GDPR).";
        this.RequireScopes(AuthScopes.ContactsRead);
        this.AsNode(nodes);
        Field(m => m.Category);
        Field(m => m.Title);
        Field(m => m.Description, nullable: true);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ProcessingPurposeType>>>>("purposes")
            .Description("The purposes the measure protects; empty when it applies to all processing.")
            .ResolveAsync(async c => (object?)await c.Db().ProcessingPurposes.AsNoTracking()
                .Where(p => c.Source.PurposeIds.Contains(p.Id)).OrderBy(p => p.Name).ToListAsync(c.CancellationToken));
        Field(m => m.CreatedAt);
        Field(m => m.UpdatedAt);
    }
}

public sealed class ContactSourceTypeGraphType : ObjectGraphType<ContactSourceType>
{
    public ContactSourceTypeGraphType(NodeRegistry nodes)
    {
        Name = "ContactSourceType";
        Description = "A kind of contact source, e.g. trade fair, website form, business card, import, referral.";
        this.RequireScopes(AuthScopes.ContactsRead);
        this.AsNode(nodes);
        Field(s => s.Name);
        Field(s => s.IsArchived);
    }
}

public sealed class PrivacySettingsType : ObjectGraphType<PrivacySettings>
{
    public PrivacySettingsType()
    {
        Name = "PrivacySettings";
        Field(s => s.RetentionAction).Description("What the daily retention sweep does with contacts no purpose holds any more.");
    }
}

/// <summary><c>privacy: PrivacyCatalog!</c>: the DPO's catalog, readable by every member so they can pick purposes and sources in passing.</summary>
public sealed class PrivacyCatalogType : ObjectGraphType<object>
{
    public PrivacyCatalogType()
    {
        Name = "PrivacyCatalog";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ProcessingPurposeType>>>>("purposes")
            .Argument<BooleanGraphType>("includeArchived", "Archived purposes too (false when left out).")
            .ResolveAsync(async c =>
            {
                var all = c.GetArgument<bool?>("includeArchived") ?? false;
                return (object?)await c.Db().ProcessingPurposes.AsNoTracking().Where(p => all || p.ArchivedAt == null).OrderBy(p => p.Name).ToListAsync(c.CancellationToken);
            });
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ProtectionMeasureType>>>>("measures")
            .ResolveAsync(async c => (object?)await c.Db().ProtectionMeasures.AsNoTracking().OrderBy(m => m.Category).ThenBy(m => m.Title).ToListAsync(c.CancellationToken));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ContactSourceTypeGraphType>>>>("sourceTypes")
            .Argument<BooleanGraphType>("includeArchived")
            .ResolveAsync(async c =>
            {
                var all = c.GetArgument<bool?>("includeArchived") ?? false;
                return (object?)await c.Db().ContactSourceTypes.AsNoTracking().Where(s => all || s.ArchivedAt == null).OrderBy(s => s.Name).ToListAsync(c.CancellationToken);
            });
        Field<NonNullGraphType<PrivacySettingsType>>("settings")
            .ResolveAsync(async c => (object?)(await c.Db().PrivacySettings.AsNoTracking().FirstOrDefaultAsync(c.CancellationToken) ?? new PrivacySettings()));
    }
}

public sealed class RecordOfProcessingActivitiesType : ObjectGraphType<RecordOfProcessingActivities>
{
    public RecordOfProcessingActivitiesType()
    {
        Name = "RecordOfProcessingActivities";
        Description = "The record of processing activities (Art. 30 GDPR), built from the catalog. Also at GET /privacy/record-of-processing-activities.json and .csv.";
        Field(r => r.GeneratedAt);
        Field(r => r.Controller).Description("The workspace (the controller).");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ProcessingActivityType>>>>("activities").Resolve(c => c.Source.Activities);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MeasureEntryType>>>>("measures").Resolve(c => c.Source.Measures);
    }
}

public sealed class ProcessingActivityType : ObjectGraphType<ProcessingActivity>
{
    public ProcessingActivityType()
    {
        Name = "ProcessingActivity";
        Field<NonNullGraphType<IdGraphType>>("purposeId").Resolve(c => GlobalId.Format("ProcessingPurpose", c.Source.PurposeId));
        Field(a => a.Purpose);
        Field(a => a.Description, nullable: true);
        Field(a => a.LegalBasis);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("dataCategories").Resolve(c => c.Source.DataCategories);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("recipients")
            .Description("Recipients the data was disclosed to (from the export records, once exports exist).").Resolve(c => c.Source.Recipients);
        Field(a => a.RetentionDays, nullable: true);
        Field(a => a.Archived);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MeasureEntryType>>>>("measures").Resolve(c => c.Source.Measures);
    }
}

public sealed class MeasureEntryType : ObjectGraphType<MeasureEntry>
{
    public MeasureEntryType()
    {
        Name = "ProcessingActivityMeasure";
        Field<NonNullGraphType<IdGraphType>>("measureId").Resolve(c => GlobalId.Format("ProtectionMeasure", c.Source.MeasureId));
        Field(m => m.Category);
        Field(m => m.Title);
        Field(m => m.Description, nullable: true);
    }
}
