using ContactBox.Api.GraphQL;
using ContactBox.Api.GraphQL.Authorization;
using ContactBox.Api.GraphQL.DataLoading;
using ContactBox.Api.GraphQL.Paging;
using ContactBox.Api.GraphQL.Relay;
using ContactBox.Api.GraphQL.Sorting;
using ContactBox.Domain.Auth;
using ContactBox.Domain.Privacy;
using ContactBox.Infrastructure.Privacy;
using GraphQL;
using GraphQL.Types;

namespace ContactBox.Api.Privacy;

public static class PrivacyQueries
{
    public static void Add(ObjectGraphType query, SchemaKit kit)
    {
        query.Field<NonNullGraphType<PrivacyCatalogType>>("privacy")
            .Description("The DPO's catalog: processing purposes, protection measures, contact source types, settings.")
            .Resolve(_ => new object())
            .RequireScopes(AuthScopes.ContactsRead);

        query.Field<NonNullGraphType<RecordOfProcessingActivitiesType>>(RecordOfProcessingField)
            .Description("The record of processing activities (Art. 30 GDPR) built from the catalog.")
            .ResolveAsync(async c => await c.RequestServices!.GetRequiredService<ProcessingRecords>().BuildAsync(c.Db(), c.CancellationToken))
            .Officer();

        query.Connection(kit, "auditLog", "AuditLog", typeof(AuditRecordType),
                c =>
                {
                    var records = c.Db().AuditRecords.AsQueryable();
                    if (c.GetArgument<string?>("subjectId") is { } subject)
                    {
                        if (!GlobalId.TryParse(subject, out var type, out var id))
                        {
                            throw new ExecutionError($"subjectId is not an ID of this API: '{subject}'.") { Code = ErrorCodes.InvalidId };
                        }

                        records = records.Where(r => r.SubjectType == type && r.SubjectId == id);
                    }

                    return records;
                },
                SortKey.Desc((AuditRecord r) => r.Sequence))
            .Argument<IdGraphType>("subjectId", "Only records about this object (it may have been erased).")
            .Description("The workspace's audit log, newest first unless ordered otherwise; filter by actor, action and time with where.")
            .Officer();

        query.Field<NonNullGraphType<AuditLogVerificationType>>("verifyAuditLog")
            .Description("Recomputes the workspace's audit chain: OK with the number of records, or the first broken record.")
            .ResolveAsync(async c => await AuditVerifier.VerifyAsync(c.Db(), c.CancellationToken))
            .Officer();

        query.Field<DataSubjectReportType>(DataSubjectReportField)
            .Argument<NonNullGraphType<IdGraphType>>("contactId")
            .Description("Everything stored about a contact (right of access, Art. 15); null when there is no such contact. Producing one is audited.")
            .ResolveAsync(async c =>
            {
                var contactId = GlobalId.Parse(c.GetArgument<string>("contactId"), "Contact", "contactId");
                return await c.RequestServices!.GetRequiredService<DataSubjectReports>()
                    .ProduceAsync(c.Db(), contactId, PrivacyAccess.Actor(c.User), "graphql", c.CancellationToken);
            })
            .Officer();

        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<RetentionCandidateType>>>>("retentionCandidates")
            .Description("Dry run of the daily retention sweep: the contacts it would flag or erase now.")
            .ResolveAsync(async c => await c.RequestServices!.GetRequiredService<RetentionSweep>().CandidatesAsync(c.Db(), c.CancellationToken))
            .Officer();
    }

    internal const string RecordOfProcessingField = "recordOfProcessingActivities";
    internal const string DataSubjectReportField = "dataSubjectReport";
}
