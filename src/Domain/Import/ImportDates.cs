using System.Globalization;

namespace ContactBox.Domain.Import;

/// <summary>How an import reads a date cell: ISO 8601 or the German forms (31.03.2027, 31.3.27), for any date column.</summary>
public static class ImportDates
{
    private static readonly string[] Formats = ["yyyy-MM-dd", "dd.MM.yyyy", "d.M.yyyy", "dd.MM.yy", "d.M.yy"];

    /// <summary>The date, or null when the text is none of the accepted forms.</summary>
    public static DateOnly? Parse(string text) =>
        DateOnly.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    /// <summary>The problem reported for a cell that is no date.</summary>
    public static string NotADate(string text) => $"'{text}' is not a date: use 2027-03-31 or 31.03.2027.";
}
