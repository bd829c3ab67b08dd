using ContactBox.Domain.Export;

namespace ContactBox.Infrastructure.Export;

/// <summary>
/// The included contacts' IDs per bucket of the export record, spilled to a temporary file as they stream by, so
/// memory does not grow with the export: each bucket fills a block of <c>blockIds</c> IDs (256) in memory, a full
/// block is appended to the file, and at the end each bucket's blocks are read back, sorted and handed out as its
/// row (one bucket in memory at a time). What stays in memory: one block per bucket (256 × 4 KiB) and the file
/// offset of each block written (8 bytes per 256 contacts).
/// </summary>
public sealed class IncludedContacts(int blockIds = IncludedContacts.DefaultBlockIds) : IDisposable
{
    public const int DefaultBlockIds = 256;
    private const int IdBytes = 16;

    private readonly byte[]?[] _blocks = new byte[]?[ExportedContactBucket.Buckets];
    private readonly int[] _filled = new int[ExportedContactBucket.Buckets];
    private readonly List<long>?[] _spilled = new List<long>?[ExportedContactBucket.Buckets];
    private FileStream? _file;

    public int Count { get; private set; }

    /// <summary>The temporary file, once a block was spilled (deleted when this is disposed).</summary>
    public string? SpillFile => _file?.Name;

    /// <summary>
    /// Adds one ID. A full block is written to the temporary file through a 64 KiB buffer (a copy, and every sixteen
    /// blocks a write to the page cache), synchronously: the export's loop would otherwise pay an awaited I/O per block.
    /// </summary>
    public void Add(Guid contactId)
    {
        var bucket = ExportedContactBucket.BucketOf(contactId);
        var block = _blocks[bucket] ??= new byte[blockIds * IdBytes];
        contactId.TryWriteBytes(block.AsSpan(_filled[bucket]++ * IdBytes, IdBytes));
        Count++;
        if (_filled[bucket] < blockIds)
        {
            return;
        }

        _file ??= new FileStream(Path.Combine(Path.GetTempPath(), "contactbox-export-" + Guid.NewGuid().ToString("N") + ".ids"),
            FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 64 * 1024, FileOptions.DeleteOnClose);
        (_spilled[bucket] ??= []).Add(_file.Position);
        _file.Write(block);
        _filled[bucket] = 0;
    }

    /// <summary>One row per bucket that has contacts, each read back, sorted as it is written and let go of afterwards.</summary>
    public IEnumerable<ExportedContactBucket> Buckets(Guid workspaceId, Guid exportId)
    {
        _file?.Flush();
        var read = _file is null ? null : new byte[blockIds * IdBytes];
        for (var bucket = 0; bucket < _blocks.Length; bucket++)
        {
            var spilled = _spilled[bucket];
            if (_filled[bucket] == 0 && spilled is null)
            {
                continue;
            }

            var ids = new List<Guid>(((spilled?.Count ?? 0) * blockIds) + _filled[bucket]);
            foreach (var offset in spilled ?? [])
            {
                RandomAccess.Read(_file!.SafeFileHandle, read, offset);
                AddAll(ids, read!, blockIds);
            }

            AddAll(ids, _blocks[bucket]!, _filled[bucket]);
            ids.Sort();
            _blocks[bucket] = null;
            yield return new ExportedContactBucket(workspaceId, exportId, bucket, ids);
        }
    }

    public void Dispose() => _file?.Dispose();

    private static void AddAll(List<Guid> ids, byte[] block, int count)
    {
        for (var i = 0; i < count; i++)
        {
            ids.Add(new Guid(block.AsSpan(i * IdBytes, IdBytes)));
        }
    }
}
