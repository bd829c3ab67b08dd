using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ContactBox.Api.GraphQL;
using ContactBox.Api.Operations;
using ContactBox.Domain.Contacts;
using ContactBox.Domain.Export;
using ContactBox.Domain.Operations;
using ContactBox.Infrastructure.Export;
using ContactBox.Infrastructure.Persistence;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Api.Export;

/// <summary>What a background export job needs: the mutation's input, with where as JSON (see <see cref="InputJson"/>).</summary>
public sealed record ExportJobInput(
    IReadOnlyList<Guid>? ContactIds,
    JsonNode? Where,
    Guid? PurposeId,
    string? Note,
    ExportPreset Preset,
    IReadOnlyList<ExportField> Fields,
    bool DirectMarketing,
    string? ClientId,
    IReadOnlyList<string> CustomFields)
{
    public ExportRequest Request(IQueryable<Contact> selection, IReadOnlyList<Domain.CustomFields.CustomField> customFields) =>
        new(selection, PurposeId, Note, Preset, Fields, DirectMarketing, ClientId) { CustomFields = customFields };
}

/// <summary>
/// An export's kept result: the export record is <see cref="BackgroundOperation.ResultId"/>; how many were left out per
/// reason (who: the export record's excluded contacts). Operations written before those were stored kept the IDs here,
/// without their reasons: <paramref name="ExcludedContactIds"/>, read but no longer written.
/// </summary>
public sealed record ExportJobResult(
    IReadOnlyDictionary<ExclusionReason, int> Exclusions,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<Guid>? ExcludedContactIds = null);

/// <summary>A background export: the same exporter as the mutation's, reporting the rows written.</summary>
public sealed class ExportOperation(SchemaKit kit, IServiceProvider services) : IOperationHandler
{
    public OperationKind Kind => OperationKind.Export;

    public Type ResultGraphType => typeof(ExportContactsResultType);

    public async Task<OperationOutcome> RunAsync(OperationRun run, CancellationToken cancellationToken)
    {
        var input = run.Operation.Input<ExportJobInput>();
        // The filter type's fields know their types once the schema is built (resolved here: the schema holds this handler).
        services.GetRequiredService<ContactBoxSchema>().Initialize();
        var where = input.Where is null ? null : (IDictionary<string, object?>?)InputJson.FromJson(kit.FilterType<Contact>(), input.Where);
        var db = run.Services.GetRequiredService<ContactBoxDbContext>();
        var customFields = await CustomFields.CustomFieldLoaders.ByKeysAsync(db, input.CustomFields, "customFields", cancellationToken);
        var result = await run.Services.GetRequiredService<ContactExporter>()
            .ExportAsync(db, input.Request(ExportMutations.Selection(db, kit, input.ContactIds, where), customFields), run.Actor, run.Progress, cancellationToken);
        var kept = new ExportJobResult(result.Exclusions);
        return new OperationOutcome(JsonSerializer.Serialize(kept, BackgroundOperations.Json), result.Export.Id, result.Export.ContactCount, 0);
    }

    public async Task<object?> ReadResultAsync(IResolveFieldContext context, BackgroundOperation operation)
    {
        var export = await context.RequestServices!.GetRequiredService<ContactBoxDbContext>().Set<ContactExport>().AsNoTracking()
            .FirstOrDefaultAsync(e => e.Id == operation.ResultId, context.CancellationToken);
        var kept = JsonSerializer.Deserialize<ExportJobResult>(operation.Result!, BackgroundOperations.Json)!;
        return export is null ? null : new ExportResult(export, kept.Exclusions) { LegacyExcludedContactIds = kept.ExcludedContactIds is { Count: > 0 } ids ? ids : null };
    }
}
