using ContactBox.Api.Attachments;
using ContactBox.Api.GraphQL;
using ContactBox.Api.GraphQL.Authorization;
using ContactBox.Api.GraphQL.DataLoading;
using ContactBox.Api.GraphQL.Mutations;
using ContactBox.Api.GraphQL.Transport;
using ContactBox.Api.Operations;
using ContactBox.Api.Privacy;
using ContactBox.Domain.Attachments;
using ContactBox.Domain.Auth;
using ContactBox.Domain.Common;
using ContactBox.Domain.Import;
using ContactBox.Domain.Operations;
using ContactBox.Domain.Privacy;
using ContactBox.Infrastructure.Attachments;
using ContactBox.Infrastructure.Import;
using ContactBox.Infrastructure.Operations;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ContactBox.Api.Import;

public static class ImportMutations
{
    private static readonly Type[] Errors = [typeof(ValidationErrorType), typeof(NotFoundErrorType), typeof(FileTooLargeErrorType)];

    public static void Add(ObjectGraphType mutation, SchemaKit kit)
    {
        mutation.Mutation(kit, "importContacts", new ImportContactsInputType(), "result", typeof(ContactImportResultType), Errors,
                (context, input) => RunAsync<ImportField>(context, input, OperationKind.ImportContacts), typeof(BackgroundOperationType))
            .Description("Imports contacts from a CSV file (multipart request) or a file uploaded earlier (fileId). Every row is checked by the same rules as "
                         + "createContact; every rejected row is reported with its line, column and reason. Each new contact gets the source \"Import\" with the "
                         + "file name and date. One transaction. Files over ContactBox:Operations:ImportInlineMaxBytes (or background: true) run as a background "
                         + "operation (importProgress); the payload's operation then carries the result when it is done.")
            .RequireScopes(AuthScopes.Import, AuthScopes.ContactsWrite);

        mutation.Mutation(kit, "importTimeline", new ImportTimelineInputType(), "result", typeof(TimelineImportResultType), Errors,
                (context, input) => RunAsync<TimelineImportField>(context, input, OperationKind.ImportTimeline), typeof(BackgroundOperationType))
            .Description("Imports history from a CSV file: each row (contact e-mail, date, kind, subject, body) appends one timeline entry to the contact "
                         + "with that e-mail address. Rejected rows are reported like importContacts'; large files run in the background the same way. One transaction.")
            .RequireScopes(AuthScopes.Import, AuthScopes.ContactsWrite);
    }

    /// <summary>
    /// Reads the settings every import shares, keeps the file in the shared operations folder (an upload, or the one a
    /// fileId names), and runs the import at once (small files) or hands it to the job scheduler.
    /// </summary>
    private static async Task<object?> RunAsync<TField>(IResolveFieldContext context, InputReader input, OperationKind kind)
        where TField : struct, Enum
    {
        var services = context.RequestServices!;
        var cancellationToken = context.CancellationToken;
        var job = Read<TField>(input);
        var purpose = await ImportOperation.PurposeAsync(context.Db(), job, cancellationToken);
        var operation = BackgroundOperations.New(context, kind, job);
        var options = services.GetRequiredService<IOptions<OperationOptions>>().Value;
        var files = services.GetRequiredService<OperationFiles>();
        var now = context.Now();
        var workspaceId = services.GetRequiredService<Infrastructure.Tenancy.CurrentWorkspace>().Id;

        ImportFile? staged = null;
        var recorded = false;
        try
        {
            if (input.Get<IUploadedFile>("file") is { } upload)
            {
                if (input.Get<object>("fileId") is not null)
                {
                    throw new DomainValidationException("fileId", "Give either file or fileId, not both.");
                }

                var (fileName, file) = await StageAsync(context, upload);
                staged = file;
                await files.KeepAsync(staged, workspaceId, operation.Id, cancellationToken);
                operation.UseFile(operation.Id, fileName, staged.Length, now + options.FileLifetime);
            }
            else if (input.OptionalId("fileId", BackgroundOperationType.FileTypeName) is { } fileId)
            {
                var source = await EarlierFileAsync(context, fileId, input.String("fileId")!, now);
                operation.UseFile(source.Id, source.FileName, source.FileSizeBytes ?? 0, source.FileExpiresAt!.Value);
                // In place, with the hash and count its upload found (an import at once reads it from there; disposing keeps it).
                staged = await files.OpenKeptAsync(workspaceId, source.Id, cancellationToken);
            }
            else
            {
                throw new DomainValidationException("file", "file is required (or fileId, a file uploaded earlier).");
            }

            await ImportOperation.ExpectRowsAsync(operation, staged, job, cancellationToken);
            if (input.GetStruct<bool>("background") ?? operation.FileSizeBytes > options.ImportInlineMaxBytes)
            {
                var queued = await BackgroundOperations.EnqueueAsync(context, operation);
                recorded = true;
                return queued;
            }

            var done = await ImportOperation.ExecuteAsync(services, operation, staged, job, purpose, PrivacyAccess.Actor(context.User), null, cancellationToken);
            operation.Completed(context.Now(), done.Json, null, done.Rows, done.Rejected);
            var db = context.Db();
            db.Add(operation);
            await db.SaveChangesAsync(cancellationToken);
            recorded = true;
            return new MutationPayload(done.Result, null) { Operation = operation };
        }
        finally
        {
            if (!recorded && operation.FileId == operation.Id)
            {
                files.DeleteSource(workspaceId, operation.Id); // refused before it was recorded: keep nothing
            }

            if (staged is not null)
            {
                await staged.DisposeAsync();
            }
        }
    }

    private static ImportJobInput Read<TField>(InputReader input)
        where TField : struct, Enum
    {
        var separator = input.String("separator");
        if (separator is not null && separator.Length != 1)
        {
            throw new DomainValidationException("separator", "separator must be one character.");
        }

        var mapped = input.Has("mapping") && input.Get<object>("mapping") is not null;
        return new ImportJobInput(
            mapped
                ? input.Objects("mapping").Where(m => m.String("customField") is null)
                    .Select(m => new ImportJobColumn(m.String("column")!, (m.GetStruct<TField>("field") ?? throw new DomainValidationException(m.Path("field"), "Give field or customField.")).ToString())).ToList()
                : null,
            separator?[0],
            input.GetStruct<ImportEncoding>("encoding"),
            input.GetStruct<bool>("hasHeader"),
            input.GetStruct<RowPolicy>("rowPolicy") ?? RowPolicy.AllOrNothing,
            input.GetStruct<bool>("dryRun") ?? false,
            input.GetStruct<DuplicatePolicy>("duplicates") ?? DuplicatePolicy.Skip,
            input.OptionalId("purposeId", "ProcessingPurpose"),
            input.GetStruct<LegalBasis>("legalBasis"))
        {
            DuplicateKey = input.GetStruct<DuplicateKey>("duplicateKey") ?? DuplicateKey.Email,
            CustomFields = mapped ? CustomFieldMapping(input) : null,
            PickLists = input.Objects("pickLists").Select(p => new PickListColumns(p.String("field")!, p.String("label"), p.List<string>("columns"),
                p.GetStruct<bool>("multiple") ?? true, p.GetStruct<PickListValueSource>("valueFrom") ?? PickListValueSource.Header, p.Location)).ToList(),
        };
    }

    /// <summary>The mapping entries naming a custom field (not also a contact field).</summary>
    private static List<CustomFieldColumn> CustomFieldMapping(InputReader input) =>
        input.Objects("mapping").Where(m => m.String("customField") is not null).Select(m => m.Has("field") && m.Get<object>("field") is not null
            ? throw new DomainValidationException(m.Path("field"), "Give field or customField, not both.")
            : new CustomFieldColumn(m.String("column")!, m.String("customField")!, m.Location)).ToList();

    /// <summary>A file uploaded earlier by the same requester in this workspace, still within its time.</summary>
    private static async Task<BackgroundOperation> EarlierFileAsync(IResolveFieldContext context, Guid fileId, string id, DateTimeOffset now)
    {
        var requester = OperationAccess.Requester(context.User);
        var source = await context.Db().Set<BackgroundOperation>().AsNoTracking()
                         .FirstOrDefaultAsync(o => o.Id == fileId && o.FileId == o.Id && o.Requester == requester && requester != "", context.CancellationToken)
                     ?? throw new NotFoundException("fileId", id, BackgroundOperationType.FileTypeName);
        var files = context.RequestServices!.GetRequiredService<OperationFiles>();
        return source.FileExpiresAt is { } expiresAt && expiresAt > now && File.Exists(files.SourcePath(source.WorkspaceId, source.Id))
            ? source
            : throw new DomainValidationException("fileId", "The file uploaded earlier is kept no longer (see fileExpiresAt); upload it again.");
    }

    private static async Task<(string? FileName, ImportFile File)> StageAsync(IResolveFieldContext context, IUploadedFile upload)
    {
        var maxBytes = context.RequestServices!.GetRequiredService<IOptions<AttachmentOptions>>().Value.MaxFileBytes;
        try
        {
            var opened = await upload.OpenAsync(context.CancellationToken);
            await using var content = opened.Content;
            return (opened.FileName, await ImportFile.StageAsync(content, maxBytes, context.CancellationToken));
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // A chunked body that outgrew the request's limit while the file streamed, as for attachments.
            throw new FileTooLargeException(maxBytes);
        }
    }
}
