using ContactBox.Domain.Common;
using ContactBox.Domain.CustomFields;
using ContactBox.Domain.Import;
using ContactBox.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Infrastructure.Import;

/// <summary>
/// The custom field side of a contact import, prepared once per file inside the import's transaction: the catalog,
/// the column mapping (given, or suggested only from headers equal to a field's key or label), and the combined pick
/// lists, whose fields are created and whose header options are added here (rolled back with a dry run).
/// </summary>
internal sealed class ImportCustomFields
{
    private ImportCustomFields(List<CustomField> catalog, IReadOnlyList<CustomFieldColumn> mapping, CustomFieldColumns columns)
    {
        Catalog = catalog;
        Mapping = mapping;
        Columns = columns;
    }

    public List<CustomField> Catalog { get; }
    public IReadOnlyList<CustomFieldColumn> Mapping { get; }
    public CustomFieldColumns Columns { get; }
    public List<string> CreatedFields { get; } = [];
    public List<CreatedPickListOption> CreatedOptions { get; } = [];

    public static async Task<ImportCustomFields> PrepareAsync(ContactBoxDbContext db, ImportRequest<ImportField> request, IReadOnlyList<string> headers,
        IReadOnlyList<ColumnMapping<ImportField>> contactMapping, CancellationToken cancellationToken)
    {
        var catalog = await db.CustomFields.AsNoTracking().Include(f => f.Options).OrderBy(f => f.Position).ToListAsync(cancellationToken);
        var pickListColumns = request.PickLists.SelectMany(p => p.Columns).ToHashSet(StringComparer.Ordinal);
        var mapping = request.CustomFields ?? CustomFieldColumns.Suggest(
            headers.Where(h => !pickListColumns.Contains(h) && contactMapping.All(m => m.Column != h)), catalog);
        foreach (var column in mapping.Where(c => !headers.Contains(c.Column, StringComparer.Ordinal)))
        {
            throw new DomainValidationException($"{column.Path}.column", $"The file has no column '{column.Column}'. Its columns: {string.Join(", ", headers)}.");
        }

        var created = new List<string>();
        var createdOptions = new List<CreatedPickListOption>();
        foreach (var pickList in request.PickLists)
        {
            var field = PickListField(db, catalog, pickList, headers, created);
            if (pickList.ValueFrom == PickListValueSource.Header)
            {
                // Each flag column is one option, in the file's order.
                foreach (var column in pickList.Columns.Where(c => field.FindOption(CustomFieldKeys.FromLabel(c) ?? "") is null
                             && !field.Options.Any(o => string.Equals(o.Label, c, StringComparison.OrdinalIgnoreCase))))
                {
                    var option = field.AddOption(CustomFieldKeys.FromLabel(column) ?? throw new DomainValidationException($"{pickList.Path}.columns", $"'{column}' makes no option key."),
                        column.Length > CustomFieldLimits.Label ? column[..CustomFieldLimits.Label] : column, $"{pickList.Path}.columns");
                    if (!created.Contains(field.Key))
                    {
                        db.CustomFieldOptions.Add(option);
                    }

                    createdOptions.Add(new CreatedPickListOption(field.Key, option.Key, option.Label));
                }
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
        var result = new ImportCustomFields(catalog, mapping, new CustomFieldColumns(mapping, request.PickLists, catalog));
        result.CreatedFields.AddRange(created);
        result.CreatedOptions.AddRange(createdOptions);
        return result;
    }

    /// <summary>Options the rows added to pick lists: inserted with the batch, reported in the result.</summary>
    public void Add(ContactBoxDbContext db, IReadOnlyList<CustomFieldOption> options)
    {
        foreach (var option in options)
        {
            db.CustomFieldOptions.Add(option);
            CreatedOptions.Add(new CreatedPickListOption(Catalog.First(f => f.Id == option.FieldId).Key, option.Key, option.Label));
        }
    }

    private static CustomField PickListField(ContactBoxDbContext db, List<CustomField> catalog, PickListColumns pickList, IReadOnlyList<string> headers, List<string> created)
    {
        for (var i = 0; i < pickList.Columns.Count; i++)
        {
            if (!headers.Contains(pickList.Columns[i], StringComparer.Ordinal))
            {
                throw new DomainValidationException($"{pickList.Path}.columns[{i}]", $"The file has no column '{pickList.Columns[i]}'. Its columns: {string.Join(", ", headers)}.");
            }
        }

        var key = CustomFieldKeys.Check(pickList.FieldKey, $"{pickList.Path}.field");
        var type = pickList.Multiple ? CustomFieldType.MultiPickList : CustomFieldType.PickList;
        var field = catalog.Find(f => f.Key == key);
        if (field is null)
        {
            field = new CustomField(key, pickList.Label ?? key, null, type, isRequired: false, catalog.Count == 0 ? 0 : catalog.Max(f => f.Position) + 1);
            db.CustomFields.Add(field);
            catalog.Add(field);
            created.Add(key);
            return field;
        }

        if (field.Type != type || field.IsArchived)
        {
            throw new DomainValidationException($"{pickList.Path}.field", field.IsArchived
                ? $"The custom field '{key}' is archived and takes no new values."
                : $"The custom field '{key}' is a {field.Type} field, not a {type}.");
        }

        return field;
    }
}
