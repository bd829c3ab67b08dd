using ContactBox.Domain.Export;

namespace ContactBox.Infrastructure.Export;

/// <summary>
/// IDs kept per key (an export's bucket, an exclusion reason) in the order they were added, spilled to one temporary
/// file as they stream by so memory does not grow with the export: each key fills a block of <c>blockIds</c> IDs in
/// memory (packed as <see cref="PackedIds"/>), a full block is appended to the file, and at the end each key's blocks
/// are read back one at a time. What stays in memory: one block per key in use, and the file offset of each block
/// written (8 bytes per block).
/// </summary>
public sealed class SpilledIds(int keys, int blockIds) : IDisposable
{
    private readonly byte[]?[] _blocks = new byte[]?[keys];
    private readonly int[] _filled = new int[keys];
    private readonly int[] _counts = new int[keys];
    private readonly List<long>?[] _spilled = new List<long>?[keys];
    private FileStream? _file;

    public int BlockIds => blockIds;

    public int Count { get; private set; }

    /// <summary>The temporary file, once a block was spilled (deleted when this is disposed).</summary>
    public string? SpillFile => _file?.Name;

    public int CountOf(int key) => _counts[key];

    /// <summary>
    /// Adds one ID. A full block is written to the temporary file through a 64 KiB buffer (a copy, and a write to the
    /// page cache whenever the buffer fills), synchronously: the export's loop would otherwise pay an awaited I/O per block.
    /// </summary>
    public void Add(int key, Guid id)
    {
        var block = _blocks[key] ??= new byte[blockIds * PackedIds.IdSize];
        PackedIds.Write(id, block.AsSpan(_filled[key]++ * PackedIds.IdSize, PackedIds.IdSize));
        _counts[key]++;
        Count++;
        if (_filled[key] < blockIds)
        {
            return;
        }

        _file ??= new FileStream(Path.Combine(Path.GetTempPath(), "contactbox-export-" + Guid.NewGuid().ToString("N") + ".ids"),
            FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 64 * 1024, FileOptions.DeleteOnClose);
        (_spilled[key] ??= []).Add(_file.Position);
        _file.Write(block);
        _filled[key] = 0;
    }

    /// <summary>
    /// The key's blocks in the order they filled, each a new array of its packed IDs: the spilled ones read back from the
    /// file, then the last, partial one (let go of afterwards). Read each key once, after the last <see cref="Add"/>.
    /// </summary>
    public IEnumerable<byte[]> Blocks(int key)
    {
        _file?.Flush();
        foreach (var offset in _spilled[key] ?? [])
        {
            var block = new byte[blockIds * PackedIds.IdSize];
            RandomAccess.Read(_file!.SafeFileHandle, block, offset);
            yield return block;
        }

        if (_filled[key] > 0)
        {
            yield return _blocks[key].AsSpan(0, _filled[key] * PackedIds.IdSize).ToArray();
        }

        _blocks[key] = null;
    }

    public void Dispose() => _file?.Dispose();
}
