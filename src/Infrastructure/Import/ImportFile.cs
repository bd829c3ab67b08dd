using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;
using ContactBox.Domain.Attachments;
using ContactBox.Domain.Common;

namespace ContactBox.Infrastructure.Import;

/// <summary>
/// An uploaded import file set aside on disk (streamed, never whole in memory) with its SHA-256, and what its first
/// bytes say about it: empty, binary, and its encoding; and its CSV records, counted on the way. A staged file is
/// deleted when disposed.
/// </summary>
public sealed class ImportFile : IAsyncDisposable
{
    private const int SampleBytes = 64 * 1024;

    static ImportFile() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private readonly bool _owned;

    private ImportFile(string path, bool owned, string sha256, long length, ImportEncoding detected, CsvRecordCount records)
    {
        Path = path;
        _owned = owned;
        Sha256 = sha256;
        Length = length;
        DetectedEncoding = detected;
        Records = records;
    }

    public string Path { get; }
    public string Sha256 { get; }
    public long Length { get; }
    public ImportEncoding DetectedEncoding { get; }

    /// <summary>The file's CSV records, counted as its bytes passed by (see <see cref="CsvRecordCounter"/>).</summary>
    public CsvRecordCount Records { get; }

    public static Encoding EncodingOf(ImportEncoding encoding) =>
        encoding == ImportEncoding.Windows1252 ? Encoding.GetEncoding(1252) : new UTF8Encoding(false);

    /// <summary>Copies <paramref name="content"/> to a staging file; refuses a file over <paramref name="maxBytes"/>, an empty or a binary one.</summary>
    public static async Task<ImportFile> StageAsync(Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "contactbox-import-" + Guid.NewGuid().ToString("N") + ".csv");
        try
        {
            await using var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous);
            return await ReadAsync(content, target, path, owned: true, maxBytes, cancellationToken);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    /// <summary>Reads a file kept elsewhere (in the operations folder) once, as <see cref="StageAsync"/> does, without copying it; disposing it keeps the file.</summary>
    public static async Task<ImportFile> InspectAsync(string path, CancellationToken cancellationToken)
    {
        await using var content = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return await ReadAsync(content, null, path, owned: false, long.MaxValue, cancellationToken);
    }

    /// <summary>A file kept elsewhere whose <see cref="Facts"/> were saved when it was staged: nothing is read; disposing it keeps the file.</summary>
    public static ImportFile Kept(string path, ImportFileFacts facts) => new(path, owned: false, facts.Sha256, facts.Length, facts.DetectedEncoding, facts.Records);

    /// <summary>What reading the file found, to be kept beside a copy of it (see <see cref="Kept"/>).</summary>
    public ImportFileFacts Facts => new(Sha256, Length, DetectedEncoding, Records);

    private static async Task<ImportFile> ReadAsync(Stream content, Stream? target, string path, bool owned, long maxBytes, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var counter = new CsvRecordCounter();
        var sample = new byte[SampleBytes];
        var sampled = 0;
        long length = 0;
        var buffer = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            counter.Append(buffer.AsSpan(0, read));
            var toSample = Math.Min(read, SampleBytes - sampled);
            buffer.AsSpan(0, toSample).CopyTo(sample.AsSpan(sampled));
            sampled += toSample;
            length += read;
            if (length > maxBytes)
            {
                throw new FileTooLargeException(maxBytes);
            }

            if (target is not null)
            {
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }

        var head = sample.AsSpan(0, sampled);
        return new ImportFile(path, owned, Convert.ToHexStringLower(hash.GetHashAndReset()), length, Detect(head, length > sampled), counter.Complete(head));
    }

    public Stream Open() => new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.SequentialScan);

    public ValueTask DisposeAsync()
    {
        if (_owned)
        {
            File.Delete(Path);
        }

        return ValueTask.CompletedTask;
    }

    private static ImportEncoding Detect(ReadOnlySpan<byte> sample, bool truncated)
    {
        if (sample.Length == 0)
        {
            throw new DomainValidationException("file", "The file is empty (0 bytes).");
        }

        // Text files, in either encoding, have no NUL bytes; spreadsheets, images and archives do.
        if (sample.Contains((byte)0))
        {
            throw new DomainValidationException("file", "The file is not a CSV text file (it contains binary data).");
        }

        if (sample.StartsWith("\xEF\xBB\xBF"u8))
        {
            return ImportEncoding.Utf8;
        }

        // A sample cut off mid-file may end inside a multi-byte character: judge it up to the last ASCII byte.
        var judged = truncated ? sample[..(sample.LastIndexOfAnyInRange((byte)0, (byte)0x7F) + 1)] : sample;
        return Utf8.IsValid(judged) ? ImportEncoding.Utf8 : ImportEncoding.Windows1252;
    }
}

/// <summary>What staging an import file found: its SHA-256, length, detected encoding and CSV records.</summary>
public sealed record ImportFileFacts(string Sha256, long Length, ImportEncoding DetectedEncoding, CsvRecordCount Records);
