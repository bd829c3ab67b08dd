using System.Text;
using ContactBox.Domain.Common;
using ContactBox.Domain.Import;
using ContactBox.Infrastructure.Import;

namespace ContactBox.Infrastructure.Tests.Import;

/// <summary>
/// The rows an import expects (counted while its file is staged) against the rows the importer's own reader
/// (<see cref="CsvRows{TField}"/>) reads from the same file.
/// </summary>
public sealed class CsvRecordCounterTests
{
    [Theory]
    [InlineData("Vorname,Nachname\nErika,Müller\nHans,Weiß\n", 2)]
    [InlineData("Vorname,Nachname\r\nErika,Müller\r\nHans,Weiß", 2)]
    [InlineData("Vorname,Nachname\rErika,Müller\rHans,Weiß\r", 2)]
    [InlineData("Erika,Müller\nHans,Weiß\n", 2)]
    [InlineData("Vorname,Notiz\n\"Erika\",\"eins\nzwei\r\ndrei\"\nHans,\"er sagte \"\"ja\"\"\"\n", 2)]
    [InlineData("Vorname,Notiz\n\"Erika\",\"eins\n\n\nzwei\"\r\n", 1)]
    [InlineData("Vorname,Nachname\n\nErika,Müller\n\n\r\n\r\n", 1)]
    [InlineData("Vorname,Nachname\n", 0)]
    [InlineData("Vorname,Nachname", 0)]
    [InlineData("sep=;\nVorname;Nachname\nErika;\"Mül;ler\"\n", 1)]
    [InlineData("\uFEFF\"Vorname\",\"Nachname\"\n\"Erika\",\"Müller\"\n", 1)]
    [InlineData("Vorname,Nachname\nErika,Müller,zu viel\nHans\n \n", 3)]
    public async Task A_well_formed_or_ragged_file_expects_exactly_the_rows_the_importer_reads(string csv, long rows)
    {
        var (expected, read) = await ExpectedAndReadAsync(Encoding.UTF8.GetBytes(csv), new ImportRequest<ImportField>(), chunk: 3);

        Assert.Equal(rows, read);
        Assert.Equal(rows, expected);
    }

    [Theory]
    [InlineData("Vorname,Nachname\nEri\"ka,Müller\nHans,Weiß\n")]
    [InlineData("Vorname,Nachname\n\"Erika\"x,Müller\nHans,Weiß\n")]
    [InlineData("Vorname,Nachname\nErika,\"Müller\nHans,Weiß\n")]
    [InlineData("Vorname,Nachname\nErika, \"Müller\"\nHans,Weiß\n")]
    public async Task Broken_quoting_expects_no_total(string csv)
    {
        var (expected, read) = await ExpectedAndReadAsync(Encoding.UTF8.GetBytes(csv), new ImportRequest<ImportField>(), chunk: 81920);

        Assert.Null(expected);
        Assert.True(read > 0);
    }

    [Fact]
    public async Task A_quote_beside_another_character_than_the_given_separator_expects_no_total()
    {
        var csv = Encoding.UTF8.GetBytes("Vorname;Nachname\n\"Erika\";\"Mül\nler\"\n");

        Assert.Equal(1, (await ExpectedAndReadAsync(csv, new ImportRequest<ImportField>(), chunk: 81920)).Expected);
        Assert.Null((await ExpectedAndReadAsync(csv, new ImportRequest<ImportField> { Separator = ',' }, chunk: 81920)).Expected);
    }

    [Fact]
    public async Task A_byte_order_mark_read_as_windows_1252_expects_no_total()
    {
        var csv = Encoding.UTF8.GetBytes("\uFEFF\"Vorname\nNotiz\",Nachname\nErika,Müller\n");

        Assert.Equal(1, (await ExpectedAndReadAsync(csv, new ImportRequest<ImportField>(), chunk: 81920)).Expected);
        var (expected, read) = await ExpectedAndReadAsync(csv, new ImportRequest<ImportField> { Encoding = ImportEncoding.Windows1252 }, chunk: 81920);
        Assert.Null(expected);
        Assert.True(read > 0);
    }

    [Fact]
    public async Task A_first_row_longer_than_the_reader_takes_expects_no_total()
    {
        var csv = Encoding.UTF8.GetBytes("\"" + new string('x', 1_100_000) + "\",Müller\nHans,Weiß\n");
        await using var file = await ImportFile.StageAsync(new MemoryStream(csv), long.MaxValue, CancellationToken.None);

        Assert.Equal(2, file.Records.Records);
        Assert.Null(await ContactImporter.ExpectedRowsAsync(file, new ImportRequest<ImportField>(), CancellationToken.None));
    }

    /// <summary>
    /// Thousands of random files of separators, quotes, line breaks and text, fed in random pieces: whenever a total is
    /// expected it is exactly the importer's row count, and every file written with correct quoting gets one (read
    /// with its separator: a detected one may differ in a tiny file, which then rightly gets none).
    /// </summary>
    [Fact]
    public async Task Random_files_expect_the_importers_row_count_or_no_total()
    {
        var random = new Random(20261127);
        string[] pieces = ["a", "b", "Vorname", ",", ",", ";", "\t", "\"", "\"", "\n", "\n", "\r\n", "\r", " ", "ü", "\"\""];
        var trusted = 0;
        for (var i = 0; i < 3000; i++)
        {
            var text = new StringBuilder(random.Next(3) == 0 ? "sep=;\n" : "");
            for (var n = random.Next(1, 40); n > 0; n--)
            {
                text.Append(pieces[random.Next(pieces.Length)]);
            }

            var request = new ImportRequest<ImportField>
            {
                Separator = random.Next(4) == 0 ? ",;|"[random.Next(3)] : null,
                HasHeader = random.Next(3) switch { 0 => true, 1 => false, _ => null },
                Encoding = random.Next(4) == 0 ? ImportEncoding.Windows1252 : null,
            };
            var bytes = (random.Next(5) == 0 ? "\uFEFF"u8.ToArray() : []).Concat(Encoding.UTF8.GetBytes(text.ToString())).ToArray();
            var (expected, read) = await ExpectedAndReadAsync(bytes, request, chunk: random.Next(1, 8));
            if (expected is not null)
            {
                trusted++;
                Assert.True(expected == read, $"File {i} {Show(bytes)} ({request.Separator}, {request.HasHeader}, {request.Encoding}): expected {expected}, the importer read {read}.");
            }
        }

        Assert.True(trusted > 300, $"Only {trusted} of 3000 random files got a total.");

        for (var i = 0; i < 1000; i++)
        {
            var separator = ",;\t|"[random.Next(4)];
            var lines = Enumerable.Range(0, random.Next(1, 6)).Select(_ => string.Join(separator, Enumerable.Range(0, random.Next(1, 4)).Select(_ => Field(random, separator))));
            var newline = random.Next(2) == 0 ? "\n" : "\r\n";
            var bytes = Encoding.UTF8.GetBytes(string.Join(newline, lines) + (random.Next(2) == 0 ? newline : ""));
            var (expected, read) = await ExpectedAndReadAsync(bytes, new ImportRequest<ImportField> { Separator = separator, HasHeader = random.Next(2) == 0 }, chunk: random.Next(1, 8));
            Assert.True(expected == read, $"Well-formed file {i} {Show(bytes)}: expected {(expected is { } e ? e : "null")}, the importer read {read}.");
        }
    }

    /// <summary>A field as a CSV writer quotes it: in quotes (inner quotes doubled) when it holds the separator, a quote or a line break.</summary>
    private static string Field(Random random, char separator)
    {
        var value = string.Concat(Enumerable.Range(0, random.Next(0, 5)).Select(_ => new[] { "x", "ä", " ", "\"", "\n", "\r\n", separator.ToString() }[random.Next(7)]));
        return value.Length == 0 || value.IndexOfAny(['"', '\n', '\r', separator]) >= 0 || random.Next(4) == 0
            ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
            : value;
    }

    private static string Show(byte[] bytes) => System.Text.Json.JsonSerializer.Serialize(Encoding.UTF8.GetString(bytes));

    /// <summary>The rows expected from the staged file, and the rows the importer's reader counts reading it all (0 when it finds none).</summary>
    private static async Task<(long? Expected, long Read)> ExpectedAndReadAsync(byte[] bytes, ImportRequest<ImportField> request, int chunk)
    {
        await using var file = await ImportFile.StageAsync(new ChunkedStream(bytes, chunk), long.MaxValue, CancellationToken.None);
        var expected = await ContactImporter.ExpectedRowsAsync(file, request, CancellationToken.None);
        try
        {
            await using var rows = await CsvRows<ImportField>.OpenAsync(file, request, ContactRow.Headers, _ => null, CancellationToken.None);
            while (await rows.ReadAsync(CancellationToken.None))
            {
            }

            return (expected, rows.Rows);
        }
        catch (DomainValidationException e) when (e.Message.Contains("no rows", StringComparison.Ordinal))
        {
            return (expected, 0);
        }
    }

    /// <summary>A stream that hands out at most <paramref name="chunk"/> bytes a read, as a network upload may.</summary>
    private sealed class ChunkedStream(byte[] bytes, int chunk) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }
}
