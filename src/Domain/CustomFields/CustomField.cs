using ContactBox.Domain.Common;

namespace ContactBox.Domain.CustomFields;

/// <summary>
/// A field the workspace's admins add to contacts (e.g. "Branche", a pick list). Its key never changes, so
/// filters, imports and exports can name it; a field in use is archived rather than deleted.
/// </summary>
public sealed class CustomField : WorkspaceEntity
{
    private readonly List<CustomFieldOption> _options = [];

    private CustomField() { }

    public CustomField(string key, string label, string? description, CustomFieldType type, bool isRequired, int position)
    {
        Key = CustomFieldKeys.Check(key, "key");
        Type = type;
        Position = position;
        Change(label, description, isRequired);
    }

    public string Key { get; private set; } = null!;
    public string Label { get; private set; } = null!;
    public string? Description { get; private set; }
    public CustomFieldType Type { get; private set; }

    /// <summary>A new contact needs a value, and an update cannot clear it.</summary>
    public bool IsRequired { get; private set; }

    public int Position { get; internal set; }
    public DateTimeOffset? ArchivedAt { get; private set; }
    public bool IsArchived => ArchivedAt is not null;
    public IReadOnlyCollection<CustomFieldOption> Options => _options;

    public bool IsPickList => Type is CustomFieldType.PickList or CustomFieldType.MultiPickList;

    public IEnumerable<CustomFieldOption> OrderedOptions() => _options.OrderBy(o => o.Position).ThenBy(o => o.Key, StringComparer.Ordinal);

    public void Change(string? label, string? description, bool isRequired)
    {
        Label = Guard.Required(label, "label", CustomFieldLimits.Label);
        Description = Guard.Optional(description, "description", CustomFieldLimits.Description);
        IsRequired = isRequired;
    }

    public void Archive(DateTimeOffset now) =>
        ArchivedAt = ArchivedAt is null ? Guard.Utc(now) : throw new DomainValidationException("id", "The field is already archived.");

    public void Restore() =>
        ArchivedAt = ArchivedAt is not null ? null : throw new DomainValidationException("id", "The field is not archived.");

    /// <summary>Adds an option at the end of the list; <paramref name="path"/> names the input for errors.</summary>
    public CustomFieldOption AddOption(string? key, string? label, string path = "")
    {
        if (!IsPickList)
        {
            throw new DomainValidationException(Join(path, "key"), $"The field '{Key}' is of type {Type} and has no options.");
        }

        if (_options.Count >= CustomFieldLimits.MaxOptions)
        {
            throw new DomainValidationException(Join(path, "key"), $"A field can have at most {CustomFieldLimits.MaxOptions} options.");
        }

        var option = new CustomFieldOption(Id, key!, label!, _options.Count == 0 ? 0 : _options.Max(o => o.Position) + 1, Join(path, "key"), Join(path, "label"));
        if (_options.Exists(o => o.Key == option.Key))
        {
            throw new DomainValidationException(Join(path, "key"), $"The field '{Key}' already has an option '{option.Key}'.");
        }

        _options.Add(option);
        return option;
    }

    public CustomFieldOption? FindOption(string key) => _options.Find(o => o.Key == key);

    /// <summary>Puts the options in the given order; the list must name each option once.</summary>
    public void ReorderOptions(IReadOnlyList<Guid> ids, string field) =>
        Reorder(_options, ids, field, o => o.Id, (o, p) => o.Position = p);

    /// <summary>Puts the workspace's fields in the given order; the list must name each field once.</summary>
    public static void ReorderFields(IReadOnlyCollection<CustomField> fields, IReadOnlyList<Guid> ids, string field) =>
        Reorder(fields, ids, field, f => f.Id, (f, p) => f.Position = p);

    /// <summary>Gives <paramref name="items"/> the positions of <paramref name="ids"/>; every item must be named exactly once.</summary>
    public static void Reorder<T>(IReadOnlyCollection<T> items, IReadOnlyList<Guid> ids, string field, Func<T, Guid> id, Action<T, int> setPosition)
    {
        if (ids.Count != items.Count || ids.Distinct().Count() != ids.Count || !items.All(i => ids.Contains(id(i))))
        {
            throw new DomainValidationException(field, $"Name each of the {items.Count} items exactly once, in the new order.");
        }

        foreach (var item in items)
        {
            setPosition(item, ids.ToList().IndexOf(id(item)));
        }
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
