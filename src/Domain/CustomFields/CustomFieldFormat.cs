using System.Globalization;

namespace ContactBox.Domain.CustomFields;

/// <summary>How a value is written as text (exports, the access report): numbers, dates, yes/no and the option separator.</summary>
public sealed record CustomFieldFormat(CultureInfo Culture, string DateFormat, string Yes, string No, string Separator)
{
    public static readonly CustomFieldFormat Invariant = new(CultureInfo.InvariantCulture, "yyyy-MM-dd", "yes", "no", ", ");

    public static readonly CustomFieldFormat German = new(CultureInfo.GetCultureInfo("de-DE"), "dd.MM.yyyy", "ja", "nein", ", ");

    /// <summary>The value's text; pick lists as their option labels in the field's order.</summary>
    public string Write(CustomField field, string? text, double? number, DateOnly? date, bool? boolean, IReadOnlyCollection<Guid> optionIds) => field.Type switch
    {
        CustomFieldType.Text => text ?? string.Empty,
        CustomFieldType.Number => number?.ToString(Culture) ?? string.Empty,
        CustomFieldType.Date => date?.ToString(DateFormat, CultureInfo.InvariantCulture) ?? string.Empty,
        CustomFieldType.Boolean => boolean switch { true => Yes, false => No, null => string.Empty },
        _ => string.Join(Separator, field.OrderedOptions().Where(o => optionIds.Contains(o.Id)).Select(o => o.Label)),
    };
}
