using System.Text.Json;
using ContactBox.Api.GraphQL.DataLoading;
using ContactBox.Api.GraphQL.Mutations;
using ContactBox.Api.Operations;
using ContactBox.Domain.Import;
using ContactBox.Domain.Operations;
using ContactBox.Domain.Privacy;
using ContactBox.Infrastructure.Import;
using ContactBox.Infrastructure.Operations;
using ContactBox.Infrastructure.Persistence;
using ContactBox.Infrastructure.Privacy;
using GraphQL;

namespace ContactBox.Api.Import;

/// <summary>How to read and apply the file, as the mutation's input said (the file itself is the operation's).</summary>
public sealed record ImportJobInput(
    IReadOnlyList<ImportJobColumn>? Mapping,
    char? Separator,
    ImportEncoding? Encoding,
    bool? HasHeader,
    RowPolicy RowPolicy,
    bool DryRun,
    DuplicatePolicy Duplicates,
    Guid? PurposeId,
    LegalBasis? LegalBasis)
{
    public DuplicateKey DuplicateKey { get; init; } = DuplicateKey.Email;

    /// <summary>Columns mapped to custom fields (contact imports).</summary>
    public IReadOnlyList<CustomFieldColumn>? CustomFields { get; init; }

    /// <summary>Columns combined into one pick-list field each (contact imports).</summary>
    public IReadOnlyList<PickListColumns> PickLists { get; init; } = [];

    public ImportRequest<TField> Request<TField>(string? fileName)
        where TField : struct, Enum => new()
    {
        FileName = fileName,
        Mapping = Mapping?.Select(m => new ColumnMapping<TField>(m.Column, Enum.Parse<TField>(m.Field))).ToList(),
        Separator = Separator,
        Encoding = Encoding,
        HasHeader = HasHeader,
        RowPolicy = RowPolicy,
        DryRun = DryRun,
        Duplicates = Duplicates,
        DuplicateKey = DuplicateKey,
        CustomFields = CustomFields,
        PickLists = PickLists,
    };
}

public sealed record ImportJobColumn(string Column, string Field);

/// <summary>One import run, the same inside the request and in a job: the importer, then the error report beside the operation.</summary>
public sealed record ImportRun(object Result, long Rows, long Rejected, string Json);

/// <summary>A background contact or timeline import: the staged file from the shared folder through the same importer as the mutation.</summary>
public sealed class ImportOperation(OperationKind kind, OperationFiles files) : IOperationHandler
{
    /// <summary>A result kept with the operation lists at most this many problems; the error report has them all.</summary>
    public const int KeptProblems = 1000;

    public OperationKind Kind => kind;

    public Type ResultGraphType => kind == OperationKind.ImportContacts ? typeof(ContactImportResultType) : typeof(TimelineImportResultType);

    public async Task<OperationOutcome> RunAsync(OperationRun run, CancellationToken cancellationToken)
    {
        var operation = run.Operation;
        var input = operation.Input<ImportJobInput>();
        var purpose = await PurposeAsync(run.Services.GetRequiredService<ContactBoxDbContext>(), input, cancellationToken);
        // The kept file, read in place with the facts its upload found (the sweep leaves it while this operation runs).
        if (!File.Exists(files.SourcePath(operation.WorkspaceId, operation.FileId!.Value)))
        {
            throw new Domain.Common.DomainValidationException("fileId", "The uploaded file is no longer kept; upload it again.");
        }

        await using var file = await files.OpenKeptAsync(operation.WorkspaceId, operation.FileId.Value, cancellationToken);
        var done = await ExecuteAsync(run.Services, operation, file, input, purpose, run.Actor, run.Progress, cancellationToken);
        return new OperationOutcome(done.Json, null, done.Rows, done.Rejected);
    }

    public Task<object?> ReadResultAsync(IResolveFieldContext context, BackgroundOperation operation) =>
        Task.FromResult<object?>(kind == OperationKind.ImportContacts
            ? JsonSerializer.Deserialize<ImportResult<ImportField>>(operation.Result!, BackgroundOperations.Json)
            : JsonSerializer.Deserialize<ImportResult<TimelineImportField>>(operation.Result!, BackgroundOperations.Json));

    /// <summary>Runs the importer of the operation's kind on <paramref name="file"/> and writes the error report when rows were rejected.</summary>
    public static async Task<ImportRun> ExecuteAsync(IServiceProvider services, BackgroundOperation operation, ImportFile file, ImportJobInput input,
        (ProcessingPurpose, LegalBasis?)? purpose, AuditActor actor, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        ImportRun done;
        IReadOnlyList<ImportProblem> problems;
        if (operation.Kind == OperationKind.ImportContacts)
        {
            var result = await services.GetRequiredService<ContactImporter>()
                .ImportAsync(file, input.Request<ImportField>(operation.FileName) with { Purpose = purpose }, actor, progress, cancellationToken);
            problems = result.Problems;
            done = new ImportRun(result, result.Rows, result.Rejected,
                JsonSerializer.Serialize(result with { Problems = [.. result.Problems.Take(KeptProblems)] }, BackgroundOperations.Json));
        }
        else
        {
            var result = await services.GetRequiredService<TimelineImporter>()
                .ImportAsync(file, input.Request<TimelineImportField>(operation.FileName), actor, progress, cancellationToken);
            problems = result.Problems;
            done = new ImportRun(result, result.Rows, result.Rejected,
                JsonSerializer.Serialize(result with { Problems = [.. result.Problems.Take(KeptProblems)] }, BackgroundOperations.Json));
        }

        if (problems.Count > 0)
        {
            // The scope's workspace: a record made inside the request gets its WorkspaceId only when it is saved.
            await services.GetRequiredService<OperationFiles>().WriteErrorReportAsync(services.GetRequiredService<Infrastructure.Tenancy.CurrentWorkspace>().Id, operation.Id, ImportErrorReport.ToCsv(problems), cancellationToken);
        }

        return done;
    }

    /// <summary>
    /// Gives the operation its total before the job starts: the rows the import of <paramref name="file"/> will count,
    /// from the records counted while the file passed by. Left null when the file's quoting is broken (the rows are
    /// then known only at the end), so that <c>processed</c> never passes <c>total</c>.
    /// </summary>
    public static async Task ExpectRowsAsync(BackgroundOperation operation, ImportFile file, ImportJobInput input, CancellationToken cancellationToken)
    {
        var rows = operation.Kind == OperationKind.ImportContacts
            ? await ContactImporter.ExpectedRowsAsync(file, input.Request<ImportField>(operation.FileName), cancellationToken)
            : await TimelineImporter.ExpectedRowsAsync(file, input.Request<TimelineImportField>(operation.FileName), cancellationToken);
        if (rows is { } total)
        {
            operation.Expect(total);
        }
    }

    /// <summary>The purpose chosen for the whole import, checked before the file is read as an assignment would be.</summary>
    public static async Task<(ProcessingPurpose, LegalBasis?)?> PurposeAsync(ContactBoxDbContext db, ImportJobInput input, CancellationToken cancellationToken)
    {
        if (input.PurposeId is not { } id)
        {
            return null;
        }

        var purpose = await db.RequireAsync<ProcessingPurpose>(id, "purposeId", cancellationToken);
        _ = new PurposeAssignment(Guid.Empty, purpose, input.LegalBasis, null, null, null);
        return (purpose, input.LegalBasis);
    }
}
