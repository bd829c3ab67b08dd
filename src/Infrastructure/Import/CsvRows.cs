using System.Globalization;
using ContactBox.Domain.Common;
using ContactBox.Domain.Import;
using CsvHelper;

namespace ContactBox.Infrastructure.Import;

/// <summary>
/// The rows of a staged import file, streamed by CsvHelper: separator, encoding and header detected unless given,
/// the mapping checked against the columns, and every row the reader cannot read (broken quoting, ragged rows)
/// reported as a problem of its line rather than dropped.
/// </summary>
internal sealed class CsvRows<TField> : IAsyncDisposable
    where TField : struct, Enum
{
    private const string MalformedPrefix = "The row could not be read as CSV";

    private readonly CsvReader _reader;
    private readonly Dictionary<string, int> _index;

    private CsvRows(CsvReader reader, char separator, ImportEncoding encoding, bool hasHeader, List<string> headers, IReadOnlyList<ColumnMapping<TField>> mapping, List<ImportProblem> problems)
    {
        _reader = reader;
        Separator = separator;
        Encoding = encoding;
        HasHeader = hasHeader;
        Headers = headers;
        Mapping = mapping;
        Problems = problems;
        _index = headers.Select((h, i) => (h, i)).GroupBy(p => p.h, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().i, StringComparer.Ordinal);
    }

    public char Separator { get; }
    public ImportEncoding Encoding { get; }
    public bool HasHeader { get; }
    public IReadOnlyList<string> Headers { get; }
    public IReadOnlyList<ColumnMapping<TField>> Mapping { get; }

    /// <summary>The problems found so far: the reader's unreadable rows, and those the caller adds.</summary>
    public List<ImportProblem> Problems { get; }

    /// <summary>The rows returned by <see cref="ReadAsync"/> so far.</summary>
    public long Read { get; private set; }

    /// <summary>All rows of the file so far: those read and those the reader could not read.</summary>
    public long Rows => Read + Problems.Count(p => p.Column is null && p.Reason.StartsWith(MalformedPrefix, StringComparison.Ordinal));

    /// <summary>The 1-based line where the current row starts.</summary>
    public long Line => _reader.LineNumber;

    /// <summary>Opens the file; <paramref name="suggestions"/> tell a header from data and map the columns when no mapping is given.</summary>
    public static async Task<CsvRows<TField>> OpenAsync(ImportFile file, ImportRequest<TField> request, HeaderSuggestions<TField> suggestions, Func<IReadOnlyList<ColumnMapping<TField>>, string?> missing,
        CancellationToken cancellationToken)
    {
        var encoding = request.Encoding ?? file.DetectedEncoding;
        var (separator, hasHeader, width) = await SniffAsync(file, request, encoding, suggestions, cancellationToken);
        var problems = new List<ImportProblem>();
        var reader = CsvReader.Create(file.Open(), Options(separator, hasHeader, encoding, problems), leaveOpen: false);
        try
        {
            await reader.ReadHeaderAsync(cancellationToken);
            var headers = hasHeader ? reader.Headers.ToList() : Enumerable.Range(1, width).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToList();
            // Columns combined into pick lists are not suggested for anything else.
            var combined = request.PickLists.SelectMany(p => p.Columns).ToHashSet(StringComparer.Ordinal);
            var mapping = request.Mapping ?? suggestions.For(headers.Where(h => !combined.Contains(h)));
            for (var i = 0; i < mapping.Count; i++)
            {
                if (!headers.Contains(mapping[i].Column, StringComparer.Ordinal))
                {
                    throw new DomainValidationException($"mapping[{i}].column", $"The file has no column '{mapping[i].Column}'. Its columns: {string.Join(", ", headers)}.");
                }
            }

            if (missing(mapping) is { } what)
            {
                throw new DomainValidationException("mapping", $"No column is mapped to {what}. The file's columns: {string.Join(", ", headers)}; is '{separator}' the right separator?");
            }

            return new CsvRows<TField>(reader, separator, encoding, hasHeader, headers, mapping, problems);
        }
        catch
        {
            await reader.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The rows <see cref="Rows"/> will come to, known before they are read: the file's counted records (see
    /// <see cref="ImportFile.Records"/>) less the header, decided from the first row as <see cref="OpenAsync"/> decides it.
    /// Null when the count cannot be trusted for the separator the file is read with (broken quoting).
    /// </summary>
    public static async Task<long?> ExpectedAsync(ImportFile file, ImportRequest<TField> request, HeaderSuggestions<TField> suggestions, CancellationToken cancellationToken)
    {
        var records = file.Records;
        var encoding = request.Encoding ?? file.DetectedEncoding;
        if (records.BrokenQuoting || (records.ByteOrderMark && encoding != ImportEncoding.Utf8))
        {
            return null; // checked again by DataRows; here it spares reading the first row
        }

        if (records.Records == (records.SeparatorLine is { } line && (request.Separator ?? line) == line ? 1 : 0))
        {
            return 0; // nothing to read (the import itself then says the file has no rows)
        }

        try
        {
            var (separator, hasHeader, _) = await SniffAsync(file, request, encoding, suggestions, cancellationToken);
            return records.DataRows(separator, hasHeader, encoding == ImportEncoding.Utf8);
        }
        catch (Exception e) when (e is DomainValidationException or CsvFormatException)
        {
            return null; // no readable first row where the count saw one: not to be trusted (the import says what is wrong)
        }
    }

    public async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        if (!await _reader.ReadAsync(cancellationToken))
        {
            return false;
        }

        Read++;
        return true;
    }

    /// <summary>The current row's value in <paramref name="column"/> (a header of the mapping).</summary>
    public string? Get(string column) => _reader.GetString(_index[column]);

    /// <summary>Refuses a file without rows; sorts the problems by line.</summary>
    public void Finish()
    {
        if (Rows == 0)
        {
            throw new DomainValidationException("file", HasHeader ? "The file has a header but no rows." : "The file has no rows.");
        }

        Problems.Sort((a, b) => a.Line.CompareTo(b.Line));
    }

    public ValueTask DisposeAsync() => _reader.DisposeAsync();

    private static CsvReaderOptions Options(char? separator, bool hasHeader, ImportEncoding encoding, List<ImportProblem> problems) => new()
    {
        Separator = separator,
        HasHeader = hasHeader,
        Encoding = ImportFile.EncodingOf(encoding),
        TrackLineNumbers = true,
        DetectSeparatorHint = true,
        MalformedData = CsvMalformedDataHandling.Skip,
        FieldCountMismatch = CsvFieldCountHandling.Skip,
        // An unclosed quote must not make the reader buffer the rest of a large file.
        MaxRecordSize = 1024 * 1024,
        OnMalformedRecord = m => problems.Add(new ImportProblem(m.LineNumber, null, $"{MalformedPrefix}: {Describe(m.Reason)}")),
    };

    private static string Describe(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.FieldCountMismatch => "it has a different number of fields than the header",
        CsvMalformedReason.StrayQuote => "a quote inside an unquoted field",
        CsvMalformedReason.TextAfterClosingQuote => "text after a closing quote",
        CsvMalformedReason.UnterminatedQuote => "a quoted field is never closed",
        _ => reason.ToString(),
    };

    /// <summary>The separator (given, or detected by CsvHelper), whether the first row is a header (given, or: it names a field) and its width.</summary>
    private static async Task<(char Separator, bool HasHeader, int Width)> SniffAsync(ImportFile file, ImportRequest<TField> request, ImportEncoding encoding,
        HeaderSuggestions<TField> suggestions, CancellationToken cancellationToken)
    {
        await using var reader = CsvReader.Create(file.Open(), Options(request.Separator, hasHeader: false, encoding, []), leaveOpen: false);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new DomainValidationException("file", "The file has no rows.");
        }

        var first = Enumerable.Range(0, reader.FieldCount).Select(reader.GetString).ToList();
        return (reader.Separator, request.HasHeader ?? first.Exists(h => suggestions.Suggest(h) is not null), first.Count);
    }
}
