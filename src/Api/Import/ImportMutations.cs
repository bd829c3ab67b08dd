using ContactBox.Api.GraphQL;
using ContactBox.Api.GraphQL.Authorization;
using ContactBox.Api.GraphQL.Mutations;
using ContactBox.Api.GraphQL.Transport;
using ContactBox.Api.Privacy;
using ContactBox.Domain.Auth;
using ContactBox.Domain.Common;
using ContactBox.Domain.Import;
using ContactBox.Infrastructure.Import;
using GraphQL.Types;

namespace ContactBox.Api.Import;

public static class ImportMutations
{
    public static void Add(ObjectGraphType mutation, SchemaKit kit)
    {
        mutation.Mutation(kit, "importContacts", new ImportContactsInputType(), "result", typeof(ImportResultType), [typeof(ValidationErrorType)], async (context, input) =>
        {
            var cancellationToken = context.CancellationToken;
            var upload = input.Get<IUploadedFile>("file") ?? throw new DomainValidationException("file", "file is required.");
            var separator = input.String("separator");
            if (separator is not null && separator.Length != 1)
            {
                throw new DomainValidationException("separator", "separator must be one character.");
            }

            var opened = await upload.OpenAsync(cancellationToken);
            await using var file = await StageAsync(opened, cancellationToken);
            var request = new ImportRequest
            {
                FileName = opened.FileName,
                Mapping = input.Has("mapping") && input.Objects("mapping") is { } mapping
                    ? mapping.Select(m => new ColumnMapping(m.String("column")!, m.GetStruct<ImportField>("field")!.Value)).ToList()
                    : null,
                Separator = separator?[0],
                Encoding = input.GetStruct<ImportEncoding>("encoding"),
                HasHeader = input.GetStruct<bool>("hasHeader"),
                Duplicates = input.GetStruct<DuplicatePolicy>("duplicates") ?? DuplicatePolicy.Skip,
                RowPolicy = input.GetStruct<RowPolicy>("rowPolicy") ?? RowPolicy.AllOrNothing,
                DryRun = input.GetStruct<bool>("dryRun") ?? false,
            };
            return await context.RequestServices!.GetRequiredService<ContactImporter>()
                .ImportAsync(file, request, PrivacyAccess.Actor(context.User), cancellationToken);
        }).Description("Imports contacts from a CSV file (multipart request). Every row is checked by the same rules as createContact; "
                       + "every rejected row is reported with its line, column and reason. All rows are written in one transaction.")
            .RequireScopes(AuthScopes.Import, AuthScopes.ContactsWrite);
    }

    private static async Task<ImportFile> StageAsync(OpenedUpload opened, CancellationToken cancellationToken)
    {
        await using var content = opened.Content;
        return await ImportFile.StageAsync(content, cancellationToken);
    }
}
