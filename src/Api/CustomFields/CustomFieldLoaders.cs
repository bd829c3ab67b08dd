using ContactBox.Api.Contacts;
using ContactBox.Api.GraphQL.DataLoading;
using ContactBox.Domain.Common;
using ContactBox.Domain.Contacts;
using ContactBox.Domain.CustomFields;
using ContactBox.Infrastructure.Persistence;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Api.CustomFields;

/// <summary>
/// Loads custom field values for a page of contacts: one statement for the values (with their option links) of
/// the whole page, and the workspace's catalog once per request.
/// </summary>
public static class CustomFieldLoaders
{
    /// <summary>The workspace's fields with all their options (archived included), in the admins' order.</summary>
    public static async Task<IReadOnlyList<CustomField>> CatalogAsync(ContactBoxDbContext db, CancellationToken cancellationToken) =>
        await db.CustomFields.AsNoTracking().Include(f => f.Options).OrderBy(f => f.Position).ThenBy(f => f.Key).ToListAsync(cancellationToken);

    /// <summary>Fields named by key, in the given order; an unknown or repeated key is refused at <c>{field}[i]</c>.</summary>
    public static async Task<IReadOnlyList<CustomField>> ByKeysAsync(ContactBoxDbContext db, IReadOnlyList<string> keys, string field, CancellationToken cancellationToken)
    {
        if (keys.Count == 0)
        {
            return [];
        }

        var catalog = await CatalogAsync(db, cancellationToken);
        return keys.Select((key, i) =>
            keys.Take(i).Contains(key) ? throw new DomainValidationException($"{field}[{i}]", $"The custom field '{key}' is named twice.")
            : catalog.FirstOrDefault(f => f.Key == key) ?? throw new DomainValidationException($"{field}[{i}]", $"No custom field '{key}' exists.")).ToList();
    }

    /// <summary>Adds <c>customFields</c> to Contact.</summary>
    public static void AddCustomFieldsField(this ContactType type) =>
        type.Field<NonNullGraphType<ListGraphType<NonNullGraphType<CustomFieldValueGraphType>>>>("customFields")
            .Description("The contact's custom field values, in the fields' order; fields without a value are left out.")
            .Argument<ListGraphType<NonNullGraphType<StringGraphType>>>("keys", "Only these fields (by key).")
            .Resolve(c =>
            {
                var keys = c.GetArgument<List<string>?>("keys");
                var loaders = c.Loaders();
                return loaders.GetOrAdd<Guid, IReadOnlyList<CustomFieldValueView>>("customFieldValues", (_, ids, ct) => ValuesAsync(loaders, ids, ct), () => [])
                    .Load(c.Source.Id)
                    .Then(values => keys is null ? values : values!.Where(v => keys.Contains(v.Field.Key)).ToList());
            });

    private static async Task<IReadOnlyDictionary<Guid, IReadOnlyList<CustomFieldValueView>>> ValuesAsync(DataLoaders loaders, IReadOnlyList<Guid> contactIds, CancellationToken cancellationToken)
    {
        var catalog = await loaders.GetOrAddState(typeof(CustomFieldLoaders), () => CatalogAsync(loaders.Db, cancellationToken));
        var values = await loaders.Db.CustomFieldValues.AsNoTracking().Include(v => v.Options)
            .Where(v => contactIds.Contains(v.ContactId)).ToListAsync(cancellationToken);
        return Views(catalog, values).GroupBy(v => v.Value.ContactId).ToDictionary(g => g.Key, g => (IReadOnlyList<CustomFieldValueView>)g.ToList());
    }

    /// <summary>Values joined with their fields and options, ordered as the catalog orders fields and options.</summary>
    public static IEnumerable<CustomFieldValueView> Views(IReadOnlyList<CustomField> catalog, IEnumerable<CustomFieldValue> values)
    {
        var fields = catalog.Select((f, i) => (Field: f, Index: i)).ToDictionary(f => f.Field.Id);
        return values
            .Where(v => fields.ContainsKey(v.FieldId))
            .Select(v =>
            {
                var field = fields[v.FieldId].Field;
                var chosen = v.Options.Select(o => o.OptionId).ToHashSet();
                return new CustomFieldValueView(field, v, field.OrderedOptions().Where(o => chosen.Contains(o.Id)).ToList());
            })
            .OrderBy(v => fields[v.Field.Id].Index);
    }

    /// <summary>
    /// Applies <c>customFields</c> of a contact mutation. A new contact is always checked (required fields); an
    /// update only when the input names custom fields, after loading the contact's current values.
    /// </summary>
    public static async Task ApplyAsync(ContactBoxDbContext db, Contact contact, IReadOnlyList<CustomFieldEntry>? entries, bool isNew, CancellationToken cancellationToken)
    {
        if (entries is null && !isNew)
        {
            return;
        }

        if (!isNew)
        {
            await db.Entry(contact).Collection(c => c.CustomFieldValues).Query().Include(v => v.Options).LoadAsync(cancellationToken);
        }

        contact.SetCustomFields(entries ?? [], await CatalogAsync(db, cancellationToken), isNew);
    }
}
