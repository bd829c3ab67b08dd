using System.Text;

namespace ContactBox.Domain.Attachments;

/// <summary>
/// Tells the type of a file from its first bytes (magic numbers), never from the client's header. The file
/// name only chooses between formats that share a container (a ZIP is a .docx, .xlsx or .pptx).
/// </summary>
public static class ContentTypes
{
    /// <summary>How many leading bytes <see cref="Detect"/> looks at.</summary>
    public const int SampleSize = 4096;

    public const string Pdf = "application/pdf";
    public const string Png = "image/png";
    public const string Jpeg = "image/jpeg";
    public const string Gif = "image/gif";
    public const string Webp = "image/webp";
    public const string Text = "text/plain";
    public const string Csv = "text/csv";
    public const string Html = "text/html";
    public const string Svg = "image/svg+xml";
    public const string Xml = "application/xml";
    public const string Zip = "application/zip";
    public const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string Pptx = "application/vnd.openxmlformats-officedocument.presentationml.presentation";
    public const string Doc = "application/msword";
    public const string Xls = "application/vnd.ms-excel";
    public const string OleStorage = "application/x-ole-storage";
    public const string Unknown = "application/octet-stream";

    public static IReadOnlyList<string> DefaultAllowed { get; } =
    [
        Pdf, Png, Jpeg, Gif, Webp, Text, Csv, Zip, Docx, Xlsx, Pptx, Doc, Xls,
        "application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.spreadsheet", "application/vnd.oasis.opendocument.presentation",
    ];

    public static string Detect(ReadOnlySpan<byte> head, string fileName)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        if (head.StartsWith("%PDF-"u8))
        {
            return Pdf;
        }

        if (head.StartsWith("\x89PNG\r\n\x1A\n"u8))
        {
            return Png;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return Jpeg;
        }

        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8))
        {
            return Gif;
        }

        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return Webp;
        }

        if (head.StartsWith("PK\x03\x04"u8))
        {
            return Zipped(head, extension);
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]))
        {
            return extension switch { ".doc" => Doc, ".xls" => Xls, _ => OleStorage };
        }

        return IsText(head) ? Textual(head, extension) : Unknown;
    }

    // OpenDocument stores its type uncompressed as the first entry ("mimetype"); Office Open XML files are told
    // apart by their extension only, as they share the container.
    private static string Zipped(ReadOnlySpan<byte> head, string extension)
    {
        const int nameOffset = 30;
        if (head.Length > nameOffset + 8 && head[nameOffset..].StartsWith("mimetype"u8))
        {
            var rest = head[(nameOffset + 8)..];
            var end = rest.IndexOf((byte)'P');
            var type = Encoding.ASCII.GetString(end < 0 ? rest[..Math.Min(rest.Length, 80)] : rest[..end]);
            if (type.StartsWith("application/vnd.oasis.opendocument.", StringComparison.Ordinal))
            {
                return type;
            }
        }

        return extension switch { ".docx" => Docx, ".xlsx" => Xlsx, ".pptx" => Pptx, _ => Zip };
    }

    private static string Textual(ReadOnlySpan<byte> head, string extension)
    {
        var start = Encoding.UTF8.GetString(head[..Math.Min(head.Length, 512)]).TrimStart('\uFEFF', ' ', '\t', '\r', '\n').ToLowerInvariant();
        if (start.StartsWith("<!doctype html", StringComparison.Ordinal) || start.StartsWith("<html", StringComparison.Ordinal) || start.Contains("<script", StringComparison.Ordinal))
        {
            return Html;
        }

        if (start.StartsWith("<svg", StringComparison.Ordinal) || (start.StartsWith("<?xml", StringComparison.Ordinal) && start.Contains("<svg", StringComparison.Ordinal)))
        {
            return Svg;
        }

        if (start.StartsWith("<?xml", StringComparison.Ordinal))
        {
            return Xml;
        }

        return extension is ".csv" ? Csv : Text;
    }

    /// <summary>UTF-8 without NUL bytes (a multi-byte character cut at the end of the sample is allowed).</summary>
    private static bool IsText(ReadOnlySpan<byte> head)
    {
        if (head.IndexOf((byte)0) >= 0)
        {
            return false;
        }

        var valid = head;
        for (var i = 1; i <= 3 && i <= head.Length; i++)
        {
            if ((head[^i] & 0xC0) == 0xC0)
            {
                valid = head[..^i];
                break;
            }
        }

        try
        {
            _ = new UTF8Encoding(false, throwOnInvalidBytes: true).GetCharCount(valid);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
