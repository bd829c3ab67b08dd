using ContactBox.Api.GraphQL;
using ContactBox.Api.GraphQL.Authorization;
using ContactBox.Api.GraphQL.Relay;
using ContactBox.Api.Privacy;
using ContactBox.Domain.Auth;
using ContactBox.Domain.Export;
using ContactBox.Domain.Privacy;
using ContactBox.Infrastructure.Export;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Api.Export;

public sealed class ContactExportType : ObjectGraphType<ContactExport>
{
    public ContactExportType(NodeRegistry nodes, SchemaKit kit)
    {
        Name = "ContactExport";
        Description = "The record of an export: who, when, for which purpose, in which shape, how many contacts, and the file's SHA-256.";
        this.RequireScopes(AuthScopes.Export);
        this.AsNode(nodes);
        Field(e => e.CreatedAt);
        this.Reference<ContactExport, ProcessingPurpose, NonNullGraphType<ProcessingPurposeType>>("purpose", e => e.PurposeId);
        Field(e => e.Note, nullable: true);
        Field<NonNullGraphType<EnumerationGraphType<ExportPreset>>>("preset").Resolve(c => c.Source.Preset);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<EnumerationGraphType<ExportField>>>>>("fields").Resolve(c => c.Source.Fields);
        Field(e => e.ActorKind).Description("Member, Client or System, as in the audit log.");
        Field(e => e.ActorId, nullable: true).Description("The member's ID or the OAuth client's client_id.");
        Field(e => e.ClientId, nullable: true).Description("The client_id of the OAuth client whose token made the export (also when a member signed in through it).");
        Field(e => e.ContactCount).Description("Contacts in the file.");
        Field(e => e.ExcludedCount).Description("Selected contacts the purpose did not cover.");
        this.ExcludedContacts(kit, e => e.Id);
        Field<NonNullGraphType<LongGraphType>>("sizeBytes").Resolve(c => c.Source.SizeBytes);
        Field(e => e.Sha256);
        Field(e => e.FileName);
        Field(e => e.FileRemovedAt, nullable: true).Description("When the file was removed after the retention period (ContactBox:Export:FileRetention); the record stays.");
        Field<NonNullGraphType<IntGraphType>>("downloadCount")
            .Description("How often the file was downloaded.")
            .ResolveAsync(async c => (object?)await c.RequestServices!.GetRequiredService<Infrastructure.Persistence.ContactBoxDbContext>()
                .Set<ExportDownload>().CountAsync(d => d.ExportId == c.Source.Id, c.CancellationToken));
        Field<NonNullGraphType<ExportFileDownloadType>>("download")
            .Description("A fresh short-lived download URL for the caller.")
            .Resolve(c => c.RequestServices!.GetRequiredService<ExportUrls>().Create(c, c.Source.Id));
    }
}

public sealed class ExportFileDownloadType : ObjectGraphType<ExportFileDownload>
{
    public ExportFileDownloadType()
    {
        Name = "ExportFileDownload";
        Description = "A download URL (relative to the API) that works for the requester only, until expiresAt.";
        Field(d => d.Url);
        Field(d => d.ExpiresAt);
    }
}

public sealed class ExportExclusionType : ObjectGraphType<KeyValuePair<ExclusionReason, int>>
{
    public ExportExclusionType()
    {
        Name = "ExportExclusion";
        Description = "How many selected contacts were left out for one reason.";
        Field<NonNullGraphType<EnumerationGraphType<ExclusionReason>>>("reason").Resolve(c => c.Source.Key);
        Field<NonNullGraphType<IntGraphType>>("count").Resolve(c => c.Source.Value);
    }
}

public sealed class ExportContactsResultType : ObjectGraphType<ExportResult>
{
    public ExportContactsResultType(SchemaKit kit)
    {
        Name = "ExportContactsResult";
        Description = "The export written, its download, and who was left out and why.";
        Field<NonNullGraphType<ContactExportType>>("export").Resolve(c => c.Source.Export);
        Field<NonNullGraphType<ExportFileDownloadType>>("download").Resolve(c => c.RequestServices!.GetRequiredService<ExportUrls>().Create(c, c.Source.Export.Id));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ExportExclusionType>>>>("exclusions")
            .Description("Counts per reason, in the order of ExclusionReason; reasons without contacts are left out.")
            .Resolve(c => c.Source.Exclusions.OrderBy(e => e.Key).ToList());
        this.ExcludedContacts(kit, r => r.Export.Id, r => r.LegacyExcludedContactIds is not null);
        this.ExcludedContactIds();
    }
}
