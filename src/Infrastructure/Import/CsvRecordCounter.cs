namespace ContactBox.Infrastructure.Import;

/// <summary>
/// Counts the records of a CSV file as its bytes pass by once (while it is staged), the way the importer's reader
/// splits them: a line break inside a quoted field does not end a record, CR LF, LF and CR end one, empty lines are
/// no records, a last line without a line break is one. The separator is not known yet (it may be detected later), so
/// the count also notes the one character found beside the quotes: in a well-formed file that is the separator (an
/// opening quote follows it or starts the line, a closing quote precedes it or ends the line). Any other character
/// there, two different ones, or a quote never closed, means broken quoting, for which the count is not trusted.
/// Quotes, CR and LF are single bytes in UTF-8 and Windows-1252 alike, so the bytes are read without decoding them.
/// </summary>
public sealed class CsvRecordCounter
{
    private const int LineStart = -1;
    private const byte Quote = (byte)'"';

    private long _records;
    private bool _inQuotes;
    private bool _quoteAtEnd;
    private bool _content;
    private int _previous = LineStart;
    private int _neighbour = -1;
    private bool _broken;
    private int _bomChecked;

    private static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];

    public void Append(ReadOnlySpan<byte> bytes)
    {
        // A UTF-8 byte order mark is not part of the first record (the reader drops it).
        while (_bomChecked < Bom.Length && !bytes.IsEmpty)
        {
            if (bytes[0] == Bom[_bomChecked])
            {
                _bomChecked++;
                bytes = bytes[1..];
                continue;
            }

            if (_bomChecked > 0)
            {
                _content = true; // the bytes taken for a mark were text (none is a quote or a line break)
                _previous = Bom[_bomChecked - 1];
            }

            _bomChecked = Bom.Length;
        }

        var i = 0;
        while (i < bytes.Length)
        {
            if (_quoteAtEnd)
            {
                // A quote inside a quoted field: doubled, it is an escaped quote; otherwise it closed the field.
                _quoteAtEnd = false;
                if (bytes[i] == Quote)
                {
                    i++;
                    continue;
                }

                _inQuotes = false;
                _previous = Quote;
                if (bytes[i] is not ((byte)'\r' or (byte)'\n'))
                {
                    Beside(bytes[i]);
                }
            }

            var rest = bytes[i..];
            if (_inQuotes)
            {
                var quote = rest.IndexOf(Quote);
                if (quote < 0)
                {
                    return;
                }

                i += quote + 1;
                _quoteAtEnd = true;
                continue;
            }

            var next = rest.IndexOfAny(Quote, (byte)'\r', (byte)'\n');
            if (next < 0)
            {
                _content |= !rest.IsEmpty;
                _previous = rest.IsEmpty ? _previous : rest[^1];
                return;
            }

            if (next > 0)
            {
                _content = true;
                _previous = rest[next - 1];
            }

            if (rest[next] == Quote)
            {
                if (_previous != LineStart)
                {
                    Beside(_previous);
                }

                _inQuotes = true;
                _content = true;
            }
            else
            {
                _records += _content ? 1 : 0;
                _content = false;
                _previous = LineStart;
            }

            i += next + 1;
        }
    }

    /// <summary>The count once the last bytes were appended; <paramref name="head"/> is the file's first bytes, for Excel's <c>sep=</c> line.</summary>
    public CsvRecordCount Complete(ReadOnlySpan<byte> head)
    {
        var unclosed = _inQuotes && !_quoteAtEnd;
        var records = _records + (_content ? 1 : 0);
        return new CsvRecordCount(records, SeparatorLine(head), _neighbour < 0 ? null : (char)_neighbour, _broken || unclosed, head.StartsWith(Bom));
    }

    private void Beside(int character)
    {
        if (_neighbour < 0)
        {
            _neighbour = character;
        }
        else if (_neighbour != character)
        {
            _broken = true;
        }
    }

    /// <summary>The separator a first line <c>sep=X</c> names (any case, nothing else on the line), as the reader takes it.</summary>
    private static char? SeparatorLine(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith(Bom))
        {
            head = head[Bom.Length..];
        }

        return head.Length >= 5 && "sep="u8.SequenceEqual([(byte)(head[0] | 0x20), (byte)(head[1] | 0x20), (byte)(head[2] | 0x20), head[3]])
               && head[4] < 0x80 && (head.Length == 5 || head[5] is (byte)'\r' or (byte)'\n')
            ? (char)head[4]
            : null;
    }
}

/// <summary>
/// The records of a CSV file as <see cref="CsvRecordCounter"/> counted them (a <c>sep=</c> line and a header
/// included), the one character found beside its quotes, whether its quoting is broken and whether it starts with a
/// UTF-8 byte order mark.
/// </summary>
public sealed record CsvRecordCount(long Records, char? SeparatorLine, char? QuoteNeighbour, bool BrokenQuoting, bool ByteOrderMark)
{
    /// <summary>
    /// The data rows the importer will count when it reads the file with <paramref name="separator"/>: the records less
    /// a <c>sep=</c> line naming that separator (the reader skips it; naming another, given, one it is a record) and the
    /// header. Null when the quoting is broken for that separator, where the reader splits records otherwise than a
    /// well-formed file says, and when a file with a UTF-8 byte order mark is read as Windows-1252 (the mark is then
    /// text of the first field).
    /// </summary>
    public long? DataRows(char separator, bool hasHeader, bool utf8)
    {
        if (BrokenQuoting || (QuoteNeighbour is { } beside && beside != separator) || (ByteOrderMark && !utf8))
        {
            return null;
        }

        var rows = Records - (SeparatorLine == separator ? 1 : 0) - (hasHeader ? 1 : 0);
        return Math.Max(rows, 0);
    }
}
