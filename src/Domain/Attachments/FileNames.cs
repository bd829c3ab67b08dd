using System.Globalization;
using System.Text;

namespace ContactBox.Domain.Attachments;

/// <summary>Makes any client-given file name safe to keep and to send back in a Content-Disposition header.</summary>
public static class FileNames
{
    public const int MaxLength = 255;
    public const string Fallback = "file";

    /// <summary>
    /// Keeps the last path segment only (no traversal), drops control and format characters (no header
    /// injection, no right-to-left tricks), trims dots and spaces, and shortens long names keeping the extension.
    /// </summary>
    public static string Sanitize(string? name)
    {
        var text = (name ?? string.Empty).Normalize(NormalizationForm.FormC);
        var lastSeparator = text.LastIndexOfAny(['/', '\\']);
        text = text[(lastSeparator + 1)..];

        var clean = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
                or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                continue;
            }

            clean.Append(rune is { Value: ':' or '*' or '?' or '"' or '<' or '>' or '|' } ? "_" : rune.ToString());
        }

        var result = clean.ToString().Trim().Trim('.').Trim();
        if (result.Length == 0)
        {
            return Fallback;
        }

        return result.Length <= MaxLength ? result : Shorten(result);
    }

    private static string Shorten(string name)
    {
        var extension = Path.GetExtension(name);
        if (extension.Length > 20)
        {
            extension = string.Empty;
        }

        var stem = name[..^extension.Length];
        var keep = MaxLength - extension.Length;
        // Never cut a surrogate pair in half.
        if (char.IsHighSurrogate(stem[keep - 1]))
        {
            keep--;
        }

        return stem[..keep] + extension;
    }
}
