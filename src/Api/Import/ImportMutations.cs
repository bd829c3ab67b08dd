using ContactBox.Api.Attachments;
using ContactBox.Api.GraphQL;
using ContactBox.Api.GraphQL.Authorization;
using ContactBox.Api.GraphQL.DataLoading;
using ContactBox.Api.GraphQL.Mutations;
using ContactBox.Api.GraphQL.Transport;
using ContactBox.Api.Privacy;
using ContactBox.Domain.Attachments;
using ContactBox.Domain.Auth;
using ContactBox.Domain.Common;
using ContactBox.Domain.Import;
using ContactBox.Domain.Privacy;
using ContactBox.Infrastructure.Attachments;
using ContactBox.Infrastructure.Import;
using GraphQL;
using GraphQL.Types;
using Microsoft.Extensions.Options;

namespace ContactBox.Api.Import;

public static class ImportMutations
{
    public static void Add(ObjectGraphType mutation, SchemaKit kit)
    {
        mutation.Mutation(kit, "importContacts", new ImportContactsInputType(), "result", typeof(ContactImportResultType), [typeof(ValidationErrorType), typeof(NotFoundErrorType), typeof(FileTooLargeErrorType)], async (context, input) =>
        {
            var purpose = await PurposeAsync(context, input);
            return await RunAsync<ImportField>(context, input, (file, request) => context.RequestServices!.GetRequiredService<ContactImporter>()
                .ImportAsync(file, request with
                {
                    Duplicates = input.GetStruct<DuplicatePolicy>("duplicates") ?? DuplicatePolicy.Skip,
                    DuplicateKey = input.GetStruct<DuplicateKey>("duplicateKey") ?? DuplicateKey.Email,
                    Purpose = purpose,
                    CustomFields = request.Mapping is null ? null : CustomFieldMapping(input),
                    PickLists = input.Objects("pickLists").Select(p => new PickListColumns(p.String("field")!, p.String("label"), p.List<string>("columns"),
                        p.GetStruct<bool>("multiple") ?? true, p.GetStruct<PickListValueSource>("valueFrom") ?? PickListValueSource.Header, p.Location)).ToList(),
                },
                    PrivacyAccess.Actor(context.User), null, context.CancellationToken));
        })
            .Description("Imports contacts from a CSV file (multipart request). Every row is checked by the same rules as createContact; every rejected row is "
                         + "reported with its line, column and reason. Each new contact gets the source \"Import\" with the file name and date. One transaction.")
            .RequireScopes(AuthScopes.Import, AuthScopes.ContactsWrite);

        mutation.Mutation(kit, "importTimeline", new ImportTimelineInputType(), "result", typeof(TimelineImportResultType), [typeof(ValidationErrorType), typeof(FileTooLargeErrorType)], (context, input) =>
            RunAsync<TimelineImportField>(context, input, (file, request) => context.RequestServices!.GetRequiredService<TimelineImporter>()
                .ImportAsync(file, request, PrivacyAccess.Actor(context.User), null, context.CancellationToken)))
            .Description("Imports history from a CSV file: each row (contact e-mail, date, kind, subject, body) appends one timeline entry to the contact "
                         + "with that e-mail address. Rejected rows are reported like importContacts'. One transaction.")
            .RequireScopes(AuthScopes.Import, AuthScopes.ContactsWrite);
    }

    /// <summary>Reads the settings every import shares, stages the upload on disk and runs <paramref name="import"/> on it.</summary>
    private static async Task<object?> RunAsync<TField>(IResolveFieldContext context, InputReader input, Func<ImportFile, ImportRequest<TField>, Task<ImportResult<TField>>> import)
        where TField : struct, Enum
    {
        var upload = input.Get<IUploadedFile>("file") ?? throw new DomainValidationException("file", "file is required.");
        var separator = input.String("separator");
        if (separator is not null && separator.Length != 1)
        {
            throw new DomainValidationException("separator", "separator must be one character.");
        }

        OpenedUpload opened;
        ImportFile staged;
        try
        {
            opened = await upload.OpenAsync(context.CancellationToken);
            staged = await StageAsync(opened, MaxFileBytes(context), context.CancellationToken);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // A chunked body that outgrew the request's limit while the file streamed, as for attachments.
            throw new FileTooLargeException(MaxFileBytes(context));
        }

        await using var file = staged;
        return await import(file, new ImportRequest<TField>
        {
            FileName = opened.FileName,
            Mapping = input.Has("mapping") && input.Get<object>("mapping") is not null
                ? input.Objects("mapping").Where(m => m.String("customField") is null)
                    .Select(m => new ColumnMapping<TField>(m.String("column")!, m.GetStruct<TField>("field") ?? throw new DomainValidationException(m.Path("field"), "Give field or customField."))).ToList()
                : null,
            Separator = separator?[0],
            Encoding = input.GetStruct<ImportEncoding>("encoding"),
            HasHeader = input.GetStruct<bool>("hasHeader"),
            RowPolicy = input.GetStruct<RowPolicy>("rowPolicy") ?? RowPolicy.AllOrNothing,
            DryRun = input.GetStruct<bool>("dryRun") ?? false,
        });
    }

    /// <summary>The mapping entries naming a custom field (not also a contact field).</summary>
    private static List<CustomFieldColumn> CustomFieldMapping(InputReader input) =>
        input.Objects("mapping").Where(m => m.String("customField") is not null).Select(m => m.Has("field") && m.Get<object>("field") is not null
            ? throw new DomainValidationException(m.Path("field"), "Give field or customField, not both.")
            : new CustomFieldColumn(m.String("column")!, m.String("customField")!, m.Location)).ToList();

    /// <summary>The purpose chosen for the whole import, checked before the file is read as an assignment would be.</summary>
    private static async Task<(ProcessingPurpose, LegalBasis?)?> PurposeAsync(IResolveFieldContext context, InputReader input)
    {
        if (input.OptionalId("purposeId", "ProcessingPurpose") is not { } id)
        {
            return null;
        }

        var purpose = await context.Db().RequireAsync<ProcessingPurpose>(id, "purposeId", context.CancellationToken);
        var legalBasis = input.GetStruct<LegalBasis>("legalBasis");
        _ = new PurposeAssignment(Guid.Empty, purpose, legalBasis, null, null, null);
        return (purpose, legalBasis);
    }

    private static async Task<ImportFile> StageAsync(OpenedUpload opened, long maxBytes, CancellationToken cancellationToken)
    {
        await using var content = opened.Content;
        return await ImportFile.StageAsync(content, maxBytes, cancellationToken);
    }

    /// <summary>Import files share the uploads' per-file limit (ContactBox:Attachments:MaxFileBytes).</summary>
    private static long MaxFileBytes(IResolveFieldContext context) =>
        context.RequestServices!.GetRequiredService<IOptions<AttachmentOptions>>().Value.MaxFileBytes;
}
