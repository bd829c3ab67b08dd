using ContactBox.Domain.Export;

namespace ContactBox.Infrastructure.Export;

/// <summary>
/// The contacts an export leaves out, per reason in the order met, spilled as they stream by (<see cref="SpilledIds"/>,
/// blocks of <c>blockIds</c> IDs: at most one 64 KiB block per reason in memory) and handed out as the export record's
/// <see cref="ExcludedContactBlock"/> rows, one spilled block per row.
/// </summary>
public sealed class ExcludedContacts(int blockIds = ExcludedContactBlock.MaxIds) : IDisposable
{
    private static readonly ExclusionReason[] Reasons = Enum.GetValues<ExclusionReason>();

    private readonly SpilledIds _ids = new(Reasons.Length, blockIds);

    public int Count => _ids.Count;

    /// <summary>The temporary file, once a block was spilled (deleted when this is disposed).</summary>
    public string? SpillFile => _ids.SpillFile;

    /// <summary>How many were left out per reason (reasons without contacts are left out).</summary>
    public IReadOnlyDictionary<ExclusionReason, int> Counts =>
        Reasons.Where(r => _ids.CountOf((int)r) > 0).ToDictionary(r => r, r => _ids.CountOf((int)r));

    public void Add(ExclusionReason reason, Guid contactId) => _ids.Add((int)reason, contactId);

    /// <summary>The rows, reason by reason (in the order of <see cref="ExclusionReason"/>), each block read back as it is written.</summary>
    public IEnumerable<ExcludedContactBlock> Blocks(Guid workspaceId, Guid exportId)
    {
        foreach (var reason in Reasons)
        {
            var number = 0;
            foreach (var block in _ids.Blocks((int)reason))
            {
                yield return new ExcludedContactBlock(workspaceId, exportId, reason, number++, block);
            }
        }
    }

    public void Dispose() => _ids.Dispose();
}
