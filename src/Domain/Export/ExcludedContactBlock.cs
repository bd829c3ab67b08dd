using ContactBox.Domain.Common;

namespace ContactBox.Domain.Export;

/// <summary>
/// The contacts an export left out for one reason, in blocks of up to <see cref="MaxIds"/> IDs (16 bytes each,
/// big-endian) numbered from 0 in the order the export met them (its row order). An export that leaves out a million
/// contacts writes about 245 rows of 64 KiB instead of a million; a page of them reads the one or two blocks it covers.
/// </summary>
public sealed class ExcludedContactBlock : IWorkspaceOwned
{
    /// <summary>IDs per block: 64 KiB.</summary>
    public const int MaxIds = 4096;

    private ExcludedContactBlock() { }

    /// <summary>Written in bulk, past the change tracker: the workspace is set here, not by the data layer's stamp.</summary>
    public ExcludedContactBlock(Guid workspaceId, Guid exportId, ExclusionReason reason, int block, byte[] contactIds)
    {
        WorkspaceId = workspaceId;
        ExportId = exportId;
        Reason = reason;
        Block = block;
        ContactIds = contactIds;
        Count = PackedIds.Count(contactIds);
    }

    public Guid WorkspaceId { get; private set; }
    public Guid ExportId { get; private set; }
    public ExclusionReason Reason { get; private set; }
    public int Block { get; private set; }

    /// <summary>IDs in the block: <see cref="MaxIds"/> but for a reason's last block, or fewer after an erasure.</summary>
    public int Count { get; private set; }

    /// <summary>The block's contact IDs, 16 bytes each (big-endian), in the export's order.</summary>
    public byte[] ContactIds { get; private set; } = [];

    public bool Contains(Guid contactId) => PackedIds.IndexOf(ContactIds, contactId) >= 0;

    /// <summary>The IDs without <paramref name="contactId"/> (an erasure), or null when it is not among them.</summary>
    public static byte[]? Without(byte[] contactIds, Guid contactId) =>
        PackedIds.IndexOf(contactIds, contactId) is var index and >= 0 ? PackedIds.WithoutAt(contactIds, index) : null;

    public IEnumerable<Guid> ContactIdList() => PackedIds.Unpack(ContactIds);
}
