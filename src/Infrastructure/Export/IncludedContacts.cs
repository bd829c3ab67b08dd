using ContactBox.Domain.Export;

namespace ContactBox.Infrastructure.Export;

/// <summary>
/// The included contacts' IDs per bucket of the export record, spilled as they stream by (<see cref="SpilledIds"/>,
/// blocks of <c>blockIds</c> IDs, 256 by default: 256 × 4 KiB in memory at most), and at the end each bucket's IDs
/// read back, sorted and handed out as its row (one bucket in memory at a time).
/// </summary>
public sealed class IncludedContacts(int blockIds = IncludedContacts.DefaultBlockIds) : IDisposable
{
    public const int DefaultBlockIds = 256;

    private readonly SpilledIds _ids = new(ExportedContactBucket.Buckets, blockIds);

    public int Count => _ids.Count;

    /// <summary>The temporary file, once a block was spilled (deleted when this is disposed).</summary>
    public string? SpillFile => _ids.SpillFile;

    public void Add(Guid contactId) => _ids.Add(ExportedContactBucket.BucketOf(contactId), contactId);

    /// <summary>One row per bucket that has contacts, each read back, sorted as it is written and let go of afterwards.</summary>
    public IEnumerable<ExportedContactBucket> Buckets(Guid workspaceId, Guid exportId)
    {
        for (var bucket = 0; bucket < ExportedContactBucket.Buckets; bucket++)
        {
            if (_ids.CountOf(bucket) == 0)
            {
                continue;
            }

            var ids = new List<Guid>(_ids.CountOf(bucket));
            foreach (var block in _ids.Blocks(bucket))
            {
                ids.AddRange(PackedIds.Unpack(block));
            }

            ids.Sort();
            yield return new ExportedContactBucket(workspaceId, exportId, bucket, ids);
        }
    }

    public void Dispose() => _ids.Dispose();
}
