using ContactBox.Domain.Common;

namespace ContactBox.Domain.CustomFields;

/// <summary>
/// A value given for a contact's custom field, by key: the member matching the field's type is set, or none
/// (clears the value). Options name option keys.
/// </summary>
public sealed record CustomFieldEntry(string Key, string? Text = null, double? Number = null, DateOnly? Date = null, bool? Boolean = null, IReadOnlyList<string>? Options = null)
{
    public bool IsEmpty => Text is null && Number is null && Date is null && Boolean is null && (Options is null || Options.Count == 0);
}

public static class CustomFieldRules
{
    /// <summary>
    /// Checks <paramref name="entry"/> against the field's type and options. Returns the cleaned entry (null: clear the
    /// value) and the chosen option IDs. <paramref name="current"/> are the options the contact has now: an archived
    /// option may stay, but not be newly chosen.
    /// </summary>
    public static (CustomFieldEntry? Entry, IReadOnlyList<Guid> OptionIds) Accept(this CustomField field, CustomFieldEntry entry, IReadOnlyCollection<Guid> current, string path)
    {
        var given = new (string Name, bool IsGiven)[]
        {
            ("text", entry.Text is not null), ("number", entry.Number is not null), ("date", entry.Date is not null),
            ("boolean", entry.Boolean is not null), ("options", entry.Options is { Count: > 0 }),
        }.Where(g => g.IsGiven).Select(g => g.Name).ToList();

        var expected = field.Type switch
        {
            CustomFieldType.Text => "text",
            CustomFieldType.Number => "number",
            CustomFieldType.Date => "date",
            CustomFieldType.Boolean => "boolean",
            _ => "options",
        };
        if (given.Exists(g => g != expected))
        {
            throw new DomainValidationException(path, $"'{field.Key}' is a {field.Type} field: give {expected}, not {string.Join(", ", given.Where(g => g != expected))}.");
        }

        switch (field.Type)
        {
            case CustomFieldType.Text:
                var text = Guard.Optional(entry.Text, path, CustomFieldLimits.Text);
                return (text is null ? null : new CustomFieldEntry(field.Key, Text: text), []);
            case CustomFieldType.Number when entry.Number is { } number && !double.IsFinite(number):
                throw new DomainValidationException(path, $"'{field.Key}' needs a finite number.");
            case CustomFieldType.Number or CustomFieldType.Date or CustomFieldType.Boolean:
                return (entry.IsEmpty ? null : entry with { Key = field.Key }, []);
        }

        var ids = new List<Guid>();
        foreach (var key in entry.Options ?? [])
        {
            var option = field.FindOption(key?.Trim() ?? "")
                ?? throw new DomainValidationException(path, $"'{field.Key}' has no option '{key}'. Options: {string.Join(", ", field.OrderedOptions().Where(o => !o.IsArchived).Select(o => o.Key))}.");
            if (option.IsArchived && !current.Contains(option.Id))
            {
                throw new DomainValidationException(path, $"The option '{option.Key}' of '{field.Key}' is archived and cannot be chosen any more.");
            }

            if (!ids.Contains(option.Id))
            {
                ids.Add(option.Id);
            }
        }

        if (field.Type == CustomFieldType.PickList && ids.Count > 1)
        {
            throw new DomainValidationException(path, $"'{field.Key}' is a pick list: choose one option, not {ids.Count}.");
        }

        return (ids.Count == 0 ? null : new CustomFieldEntry(field.Key, Options: entry.Options), ids);
    }
}
