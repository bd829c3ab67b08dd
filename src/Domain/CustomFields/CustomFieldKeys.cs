using System.Text;
using ContactBox.Domain.Common;

namespace ContactBox.Domain.CustomFields;

/// <summary>Keys of fields and options: lower-case slugs (<c>branche</c>, <c>messe-2027</c>) that never change.</summary>
public static class CustomFieldKeys
{
    public static string Check(string? key, string field)
    {
        var value = Guard.Required(key, field, CustomFieldLimits.Key);
        if (!char.IsAsciiLetterLower(value[0]) || !value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_'))
        {
            throw new DomainValidationException(field, $"'{value}' is not a key: use a-z, 0-9, '-' and '_', starting with a letter.");
        }

        return value;
    }

    /// <summary>A key made from a label: "Messe Köln" → "messe-koeln"; null when nothing usable is left.</summary>
    public static string? FromLabel(string label)
    {
        var builder = new StringBuilder();
        foreach (var c in label.Trim().ToLowerInvariant())
        {
            var part = c switch
            {
                'ä' => "ae",
                'ö' => "oe",
                'ü' => "ue",
                'ß' => "ss",
                _ when char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) => c.ToString(),
                _ => "-",
            };
            if (part == "-" && (builder.Length == 0 || builder[^1] == '-'))
            {
                continue;
            }

            builder.Append(part);
        }

        var key = builder.ToString().TrimEnd('-');
        while (key.Length > 0 && !char.IsAsciiLetterLower(key[0]))
        {
            key = key.Length > 0 && char.IsAsciiDigit(key[0]) ? "v" + key : key[1..];
        }

        key = key.Length > CustomFieldLimits.Key ? key[..CustomFieldLimits.Key].TrimEnd('-') : key;
        return key.Length == 0 ? null : key;
    }
}
