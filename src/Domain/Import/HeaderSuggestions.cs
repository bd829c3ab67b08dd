using System.Globalization;
using System.Text;

namespace ContactBox.Domain.Import;

/// <summary>
/// Suggests a field from a column header by a table of known names, in German and English ("Vorname", "E-Mail",
/// "PLZ", "Ort", …). Headers compare by their letters and digits only: "E-Mail", "e_mail" and "EMail" are one name.
/// </summary>
public sealed class HeaderSuggestions<TField>
    where TField : struct, Enum
{
    private readonly Dictionary<string, TField> _known;

    public HeaderSuggestions(params (TField Field, string[] Names)[] entries) =>
        _known = entries.SelectMany(e => e.Names.Select(n => (Name: Key(n), e.Field))).ToDictionary(p => p.Name, p => p.Field, StringComparer.Ordinal);

    /// <summary>The field a header suggests, or null when it suggests none.</summary>
    public TField? Suggest(string? header) =>
        header is not null && _known.TryGetValue(Key(header), out var field) ? field : null;

    /// <summary>Suggestions for every header that has one; the first column suggesting a field wins it.</summary>
    public IReadOnlyList<ColumnMapping<TField>> For(IEnumerable<string> headers)
    {
        var mapping = new List<ColumnMapping<TField>>();
        foreach (var header in headers)
        {
            if (Suggest(header) is { } field && mapping.TrueForAll(m => !m.Field.Equals(field)))
            {
                mapping.Add(new ColumnMapping<TField>(header, field));
            }
        }

        return mapping;
    }

    private static string Key(string header)
    {
        var key = new StringBuilder(header.Length);
        foreach (var c in header.Trim().ToLower(CultureInfo.InvariantCulture))
        {
            if (char.IsLetterOrDigit(c))
            {
                key.Append(c);
            }
        }

        return key.ToString();
    }
}
