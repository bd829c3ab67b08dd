using System.Text.Json;
using ContactBox.Api.Attachments;
using ContactBox.Api.GraphQL.DataLoading;
using ContactBox.Api.GraphQL.Relay;
using ContactBox.Api.GraphQL.Scalars;
using ContactBox.Domain.Operations;
using ContactBox.Infrastructure.Operations;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.Options;

namespace ContactBox.Api.Operations;

/// <summary>A signed URL (relative to the API) that works for the requester only, until expiresAt.</summary>
public sealed record OperationDownload(string Url, DateTimeOffset ExpiresAt);

public sealed class BackgroundOperationType : ObjectGraphType<BackgroundOperation>
{
    public const string FileTypeName = "ImportFile";

    public BackgroundOperationType(NodeRegistry nodes, IEnumerable<IOperationHandler> handlers)
    {
        Name = "BackgroundOperation";
        Description = "An export or import running on the job scheduler (or done at once): its status, progress and outcome. Visible to its requester and the workspace's admins.";
        this.Authorize();
        this.AsNode(nodes, (context, operation) => OperationAccess.CanSee(context.User, operation));
        Field<NonNullGraphType<EnumerationGraphType<OperationKind>>>("kind").Resolve(c => c.Source.Kind);
        Field<NonNullGraphType<EnumerationGraphType<OperationStatus>>>("status").Resolve(c => c.Source.Status);
        Field<NonNullGraphType<LongGraphType>>("processed")
            .Description("Rows done so far: contacts written to the file for an export, rows read for an import.")
            .Resolve(c => c.RequestServices!.GetRequiredService<OperationBoard>().Processed(c.Source.Id) ?? c.Source.Processed);
        Field<LongGraphType>("total").Description("Contacts selected for an export; the data rows of an import's file (counted as it was staged, header aside), null when its quoting is broken (its rows are then known only at the end).").Resolve(c => c.Source.Total);
        Field<NonNullGraphType<LongGraphType>>("rejected").Description("Rows an import rejected (see errorReport).").Resolve(c => c.Source.Rejected);
        Field(o => o.CreatedAt);
        Field(o => o.StartedAt, nullable: true);
        Field(o => o.FinishedAt, nullable: true);
        Field(o => o.Error, nullable: true).Description("Why it failed.");
        Field(o => o.CancelRequested);
        Field(o => o.ActorKind).Description("Member or Client, as in the audit log.");
        Field(o => o.ActorId, nullable: true).Description("The member's ID or the OAuth client's client_id.");
        Field<IdGraphType>("fileId")
            .Description("An import's uploaded file: pass it as importContacts(input: {fileId}) / importTimeline to run again without uploading (until fileExpiresAt).")
            .Resolve(c => c.Source.FileId is { } id ? GlobalId.Format(FileTypeName, id) : null);
        Field(o => o.FileName, nullable: true);
        Field<LongGraphType>("fileSizeBytes").Resolve(c => c.Source.FileSizeBytes);
        Field(o => o.FileExpiresAt, nullable: true);
        Field<OperationDownloadType>("errorReport")
            .Description("An import's rejected rows as CSV (line,column,reason): a short-lived URL for the caller; null when no row was rejected or the report was removed (errorReportExpiresAt).")
            .Resolve(c => ErrorReportExpiresAt(c) is { } expiresAt && expiresAt > c.Now()
                ? ErrorReportUrl(c, c.Source.Id)
                : null);
        Field<DateTimeType>("errorReportExpiresAt")
            .Description("When an import's error report is removed (ContactBox:Operations:ErrorReportRetention after it finished); null when it has none.")
            .Resolve(c => ErrorReportExpiresAt(c));

        var results = new UnionGraphType { Name = "OperationResult", Description = "What a finished operation produced." };
        foreach (var handler in handlers)
        {
            results.Type(handler.ResultGraphType);
        }

        Field("result", results)
            .Description("The outcome once the operation succeeded, as the mutation would have returned it; null before.")
            .ResolveAsync(async c => c.Source.Status != OperationStatus.Succeeded || c.Source.Result is null
                ? null
                : await handlers.Single(h => h.Kind == c.Source.Kind).ReadResultAsync(c, c.Source));
    }

    private static DateTimeOffset? ErrorReportExpiresAt(IResolveFieldContext<BackgroundOperation> context) =>
        context.Source.Rejected == 0 || context.Source.Kind == OperationKind.Export || context.Source.Status != OperationStatus.Succeeded
            ? null
            : context.RequestServices!.GetRequiredService<IOptions<OperationOptions>>().Value.ErrorReportExpiresAt(context.Source.FinishedAt);

    public static OperationDownload ErrorReportUrl(IResolveFieldContext context, Guid operationId)
    {
        var (url, expiresAt) = context.RequestServices!.GetRequiredService<AttachmentUrls>()
            .SignedUrl(context, operationId, $"/operations/{GlobalId.Format("BackgroundOperation", operationId)}/error-report");
        return new OperationDownload(url, expiresAt);
    }
}

public sealed class OperationDownloadType : ObjectGraphType<OperationDownload>
{
    public OperationDownloadType()
    {
        Name = "OperationDownload";
        Description = "A download URL (relative to the API) that works for the requester only, until expiresAt.";
        Field(d => d.Url);
        Field(d => d.ExpiresAt);
    }
}

/// <summary>A progress event: the counts it was published with, and the operation as it is now (with its result at the end).</summary>
public sealed record OperationProgressEvent(BackgroundOperation Operation, ProgressData Progress);

public sealed class OperationProgressType : ObjectGraphType<OperationProgressEvent>
{
    public OperationProgressType()
    {
        Name = "OperationProgress";
        Description = "How far an operation got; published at most every ContactBox:Operations:ProgressInterval while it runs, and once when it ends.";
        Field<NonNullGraphType<IdGraphType>>("operationId").Resolve(c => GlobalId.Format("BackgroundOperation", c.Source.Operation.Id));
        Field<NonNullGraphType<EnumerationGraphType<OperationKind>>>("kind").Resolve(c => c.Source.Operation.Kind);
        Field<NonNullGraphType<EnumerationGraphType<OperationStatus>>>("status").Resolve(c => c.Source.Progress.Status);
        Field<NonNullGraphType<LongGraphType>>("processed").Resolve(c => c.Source.Progress.Processed);
        Field<LongGraphType>("total").Resolve(c => c.Source.Progress.Total);
        Field<NonNullGraphType<BackgroundOperationType>>("operation").Resolve(c => c.Source.Operation);
    }

    public static ProgressData Read(string? data) => JsonSerializer.Deserialize<ProgressData>(data ?? "{}", BackgroundOperations.Json)!;
}
