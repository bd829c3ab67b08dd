using System.Globalization;
using System.Text.RegularExpressions;
using ContactBox.Domain.Common;
using ContactBox.Domain.CustomFields;

namespace ContactBox.Domain.Import;

/// <summary>A CSV column mapped to a custom field by key; <see cref="Path"/> names the mapping entry for errors.</summary>
public sealed record CustomFieldColumn(string Column, string FieldKey, string Path);

/// <summary>Where a combined pick list's values come from.</summary>
public enum PickListValueSource
{
    /// <summary>Each column is a yes/no flag; a yes contributes the column's header as the option.</summary>
    Header,

    /// <summary>The cells' texts are the options (a multi pick list splits them at , ; |).</summary>
    Cell,
}

/// <summary>
/// Several columns combined into one pick-list field ("mehrere Felder in einem Menü zusammenfassen"). The import
/// creates the field when it does not exist (label, single or <see cref="Multiple"/>) and adds the options it meets.
/// </summary>
public sealed record PickListColumns(string FieldKey, string? Label, IReadOnlyList<string> Columns, bool Multiple, PickListValueSource ValueFrom, string Path);

/// <summary>An option the import added to a pick list (a dry run reports the ones it would add).</summary>
public sealed record CreatedPickListOption(string FieldKey, string OptionKey, string Label);

/// <summary>
/// Reads a row's custom field cells into entries for <see cref="Contacts.Contact.SetCustomFields"/>: German and ISO
/// dates, German numbers (<c>1.234,56</c>), ja/nein/yes/no/x, option keys or labels. Options a combined pick list
/// meets for the first time are returned as pending, to be added once the row has passed the contact rules.
/// </summary>
public sealed partial class CustomFieldColumns
{
    private static readonly string[] Yes = ["ja", "j", "yes", "y", "x", "true", "wahr", "1"];
    private static readonly string[] No = ["nein", "n", "no", "false", "falsch", "0", "-"];
    private static readonly char[] ListSeparators = [',', ';', '|'];

    private readonly IReadOnlyList<CustomFieldColumn> _columns;
    private readonly IReadOnlyList<PickListColumns> _pickLists;
    private readonly Dictionary<string, CustomField> _fields;

    /// <summary><paramref name="fields"/>: the workspace's fields, including those the import created for its pick lists.</summary>
    public CustomFieldColumns(IReadOnlyList<CustomFieldColumn> columns, IReadOnlyList<PickListColumns> pickLists, IEnumerable<CustomField> fields)
    {
        _columns = columns;
        _pickLists = pickLists;
        _fields = fields.ToDictionary(f => f.Key, StringComparer.Ordinal);
        foreach (var column in columns)
        {
            var field = _fields.GetValueOrDefault(column.FieldKey) ?? throw new DomainValidationException($"{column.Path}.customField", $"No custom field '{column.FieldKey}' exists.");
            if (field.IsArchived)
            {
                throw new DomainValidationException($"{column.Path}.customField", $"The custom field '{field.Key}' is archived and takes no new values.");
            }
        }
    }

    public bool IsEmpty => _columns.Count == 0 && _pickLists.Count == 0;

    /// <summary>
    /// Suggests custom fields for columns no contact field took: only a header equal to a field's key or label
    /// (letters and digits compared, case ignored), never a guess.
    /// </summary>
    public static IReadOnlyList<CustomFieldColumn> Suggest(IEnumerable<string> headers, IEnumerable<CustomField> fields)
    {
        var current = fields.Where(f => !f.IsArchived).ToList();
        var mapping = new List<CustomFieldColumn>();
        foreach (var header in headers)
        {
            var field = current.Find(f => Same(f.Key, header) || Same(f.Label, header));
            if (field is not null && mapping.TrueForAll(m => m.FieldKey != field.Key))
            {
                mapping.Add(new CustomFieldColumn(header, field.Key, "mapping"));
            }
        }

        return mapping;
    }

    /// <summary>
    /// The row's entries, the column each came from, and options to add first. Throws <see cref="DomainValidationException"/>
    /// with the column's header as its field when a cell cannot be read.
    /// </summary>
    public (List<CustomFieldEntry> Entries, List<string> Columns, List<(CustomField Field, string Key, string Label)> NewOptions) Read(Func<string, string?> value)
    {
        var entries = new List<CustomFieldEntry>();
        var columns = new List<string>();
        var newOptions = new List<(CustomField, string, string)>();
        foreach (var column in _columns)
        {
            if (Clean(value(column.Column)) is not { } text)
            {
                continue;
            }

            var field = _fields[column.FieldKey];
            entries.Add(Parse(field, text, column.Column));
            columns.Add(column.Column);
        }

        foreach (var pickList in _pickLists)
        {
            var field = _fields[pickList.FieldKey];
            var keys = new List<string>();
            foreach (var column in pickList.Columns)
            {
                if (Clean(value(column)) is not { } text)
                {
                    continue;
                }

                if (pickList.ValueFrom == PickListValueSource.Header)
                {
                    if (Flag(text, column))
                    {
                        keys.Add(OptionFor(field, column, newOptions));
                    }

                    continue;
                }

                var parts = pickList.Multiple ? text.Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [text];
                keys.AddRange(parts.Select(p => OptionFor(field, p, newOptions)));
            }

            keys = keys.Distinct(StringComparer.Ordinal).ToList();
            if (keys.Count > 1 && !pickList.Multiple)
            {
                throw new DomainValidationException(pickList.Columns[0], $"'{field.Key}' is a pick list, but the row gives {keys.Count} values: {string.Join(", ", keys)}.");
            }

            if (keys.Count > 0)
            {
                entries.Add(new CustomFieldEntry(field.Key, Options: keys));
                columns.Add(pickList.Columns[0]);
            }
        }

        return (entries, columns, newOptions);
    }

    /// <summary>The key of the option with this key or label; a new option (pending) when the field has none.</summary>
    private static string OptionFor(CustomField field, string label, List<(CustomField Field, string Key, string Label)> newOptions)
    {
        var existing = field.OrderedOptions().FirstOrDefault(o => o.Key == label || string.Equals(o.Label, label, StringComparison.OrdinalIgnoreCase))
            ?? field.OrderedOptions().FirstOrDefault(o => o.Key == CustomFieldKeys.FromLabel(label));
        if (existing is not null)
        {
            return existing.Key;
        }

        var pending = newOptions.Find(o => o.Field == field && string.Equals(o.Label, label, StringComparison.OrdinalIgnoreCase));
        if (pending.Field is not null)
        {
            return pending.Key;
        }

        var key = CustomFieldKeys.FromLabel(label) ?? "option";
        var unique = key;
        for (var i = 2; field.FindOption(unique) is not null || newOptions.Exists(o => o.Field == field && o.Key == unique); i++)
        {
            unique = $"{key}-{i}";
        }

        newOptions.Add((field, unique, label.Length > CustomFieldLimits.Label ? label[..CustomFieldLimits.Label] : label));
        return unique;
    }

    private static CustomFieldEntry Parse(CustomField field, string text, string column) => field.Type switch
    {
        CustomFieldType.Text => new CustomFieldEntry(field.Key, Text: text),
        CustomFieldType.Number => new CustomFieldEntry(field.Key, Number: Number(text) ?? throw new DomainValidationException(column, $"'{text}' is not a number: use 1234.56 or 1.234,56.")),
        CustomFieldType.Date => new CustomFieldEntry(field.Key, Date: ImportDates.Parse(text) ?? throw new DomainValidationException(column, ImportDates.NotADate(text))),
        CustomFieldType.Boolean => new CustomFieldEntry(field.Key, Boolean: Flag(text, column)),
        CustomFieldType.PickList => new CustomFieldEntry(field.Key, Options: [OptionKey(field, text, column)]),
        _ => new CustomFieldEntry(field.Key, Options: text.Split(ListSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => OptionKey(field, p, column)).ToList()),
    };

    /// <summary>An existing option by key or label (a column mapped to a pick list does not add options; pickLists does).</summary>
    private static string OptionKey(CustomField field, string text, string column) =>
        field.OrderedOptions().FirstOrDefault(o => o.Key == text || string.Equals(o.Label, text, StringComparison.OrdinalIgnoreCase))?.Key
        ?? throw new DomainValidationException(column, $"'{text}' is not an option of '{field.Key}'. Options: {string.Join(", ", field.OrderedOptions().Where(o => !o.IsArchived).Select(o => o.Label))}.");

    private static bool Flag(string text, string column) =>
        Yes.Contains(text.ToLowerInvariant()) ? true
        : No.Contains(text.ToLowerInvariant()) ? false
        : throw new DomainValidationException(column, $"'{text}' is neither yes nor no: use ja/nein, yes/no, x or 1/0.");

    /// <summary>ISO (1234.56), German (1.234,56 or 1234,56) and German thousands (1.234 = 1234).</summary>
    public static double? Number(string text)
    {
        var compact = text.Replace(" ", "", StringComparison.Ordinal).Replace("€", "", StringComparison.Ordinal);
        if (compact.Contains(',', StringComparison.Ordinal))
        {
            compact = compact.Replace(".", "", StringComparison.Ordinal).Replace(',', '.');
        }
        else if (GermanThousands().IsMatch(compact))
        {
            compact = compact.Replace(".", "", StringComparison.Ordinal);
        }

        return double.TryParse(compact, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
            ? number
            : null;
    }

    private static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static bool Same(string a, string b) =>
        string.Equals(new string(a.Where(char.IsLetterOrDigit).ToArray()), new string(b.Where(char.IsLetterOrDigit).ToArray()), StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"^-?\d{1,3}(\.\d{3})+$")]
    private static partial Regex GermanThousands();
}
