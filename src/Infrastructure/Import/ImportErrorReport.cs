using System.Globalization;
using System.Text;
using ContactBox.Domain.Import;

namespace ContactBox.Infrastructure.Import;

/// <summary>The downloadable error report: one RFC 4180 line per problem.</summary>
public static class ImportErrorReport
{
    public static string ToCsv(IEnumerable<ImportProblem> problems)
    {
        var csv = new StringBuilder("line,column,reason\r\n");
        foreach (var problem in problems)
        {
            csv.Append(problem.Line.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append(Quote(problem.Column)).Append(',')
                .Append(Quote(problem.Reason)).Append("\r\n");
        }

        return csv.ToString();
    }

    private static string Quote(string? value) =>
        value is null ? "" : value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
