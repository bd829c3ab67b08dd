using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;
using ContactBox.Domain.Attachments;
using ContactBox.Domain.Common;

namespace ContactBox.Infrastructure.Import;

/// <summary>
/// An uploaded import file set aside on disk (streamed, never whole in memory) with its SHA-256, and what its first
/// bytes say about it: empty, binary, and its encoding. The file is deleted when disposed.
/// </summary>
public sealed class ImportFile : IAsyncDisposable
{
    private const int SampleBytes = 64 * 1024;

    static ImportFile() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private ImportFile(string path, string sha256, long length, ImportEncoding detected)
    {
        Path = path;
        Sha256 = sha256;
        Length = length;
        DetectedEncoding = detected;
    }

    public string Path { get; }
    public string Sha256 { get; }
    public long Length { get; }
    public ImportEncoding DetectedEncoding { get; }

    public static Encoding EncodingOf(ImportEncoding encoding) =>
        encoding == ImportEncoding.Windows1252 ? Encoding.GetEncoding(1252) : new UTF8Encoding(false);

    /// <summary>Copies <paramref name="content"/> to a staging file; refuses a file over <paramref name="maxBytes"/>, an empty or a binary one.</summary>
    public static async Task<ImportFile> StageAsync(Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "contactbox-import-" + Guid.NewGuid().ToString("N") + ".csv");
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var sample = new byte[SampleBytes];
            var sampled = 0;
            long length = 0;
            await using (var target = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                var buffer = new byte[81920];
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    var toSample = Math.Min(read, SampleBytes - sampled);
                    buffer.AsSpan(0, toSample).CopyTo(sample.AsSpan(sampled));
                    sampled += toSample;
                    length += read;
                    if (length > maxBytes)
                    {
                        throw new FileTooLargeException(maxBytes);
                    }

                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }

            var file = new ImportFile(path, Convert.ToHexStringLower(hash.GetHashAndReset()), length, Detect(sample.AsSpan(0, sampled), length > sampled));
            return file;
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    public Stream Open() => new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, FileOptions.SequentialScan);

    public ValueTask DisposeAsync()
    {
        File.Delete(Path);
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
