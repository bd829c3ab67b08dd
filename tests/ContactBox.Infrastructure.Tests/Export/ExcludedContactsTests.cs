using ContactBox.Domain.Export;
using ContactBox.Infrastructure.Export;

namespace ContactBox.Infrastructure.Tests.Export;

public sealed class ExcludedContactsTests
{
    private static readonly Guid Workspace = Guid.CreateVersion7();
    private static readonly Guid ExportId = Guid.CreateVersion7();

    [Fact]
    public void Each_reasons_ids_come_back_in_the_order_added_as_numbered_blocks_and_the_spill_file_goes_with_it()
    {
        // Blocks of 4: 10 without consent (two spilled blocks and a partial one), 4 restricted (one full block), 1 hard bounce.
        var noConsent = Ids(10);
        var restricted = Ids(4);
        var bounced = Ids(1);
        string? spill;
        List<ExcludedContactBlock> blocks;
        IReadOnlyDictionary<ExclusionReason, int> counts;
        using (var excluded = new ExcludedContacts(blockIds: 4))
        {
            // Interleaved, as an export meets them.
            for (var i = 0; i < 10; i++)
            {
                excluded.Add(ExclusionReason.NoConsent, noConsent[i]);
                if (i < 4)
                {
                    excluded.Add(ExclusionReason.Restricted, restricted[i]);
                }
            }

            excluded.Add(ExclusionReason.HardBounce, bounced[0]);
            spill = excluded.SpillFile;
            counts = excluded.Counts;
            blocks = [.. excluded.Blocks(Workspace, ExportId)];
            Assert.Equal(15, excluded.Count);
            Assert.True(File.Exists(spill));
        }

        Assert.False(File.Exists(spill));
        Assert.Equal(new Dictionary<ExclusionReason, int> { [ExclusionReason.Restricted] = 4, [ExclusionReason.NoConsent] = 10, [ExclusionReason.HardBounce] = 1 }, counts);
        Assert.Equal(
            [(ExclusionReason.Restricted, 0, 4), (ExclusionReason.NoConsent, 0, 4), (ExclusionReason.NoConsent, 1, 4), (ExclusionReason.NoConsent, 2, 2), (ExclusionReason.HardBounce, 0, 1)],
            blocks.Select(b => (b.Reason, b.Block, b.Count)));
        Assert.All(blocks, b => Assert.Equal((Workspace, ExportId), (b.WorkspaceId, b.ExportId)));
        Assert.Equal(restricted, blocks.Where(b => b.Reason == ExclusionReason.Restricted).SelectMany(b => b.ContactIdList()));
        Assert.Equal(noConsent, blocks.Where(b => b.Reason == ExclusionReason.NoConsent).SelectMany(b => b.ContactIdList()));
        Assert.Equal(bounced, blocks.Where(b => b.Reason == ExclusionReason.HardBounce).SelectMany(b => b.ContactIdList()));
        // Packed as the included buckets are: 16 bytes per ID, big-endian.
        Assert.Equal(noConsent[4].ToByteArray(bigEndian: true), blocks[2].ContactIds[..16]);
    }

    [Fact]
    public void A_few_excluded_contacts_stay_in_memory_and_no_reason_without_contacts_writes_a_block()
    {
        var ids = Ids(3);
        using var excluded = new ExcludedContacts();
        foreach (var id in ids)
        {
            excluded.Add(ExclusionReason.ConsentExpired, id);
        }

        var blocks = excluded.Blocks(Workspace, ExportId).ToList();

        Assert.Null(excluded.SpillFile);
        Assert.Equal([(ExclusionReason.ConsentExpired, 0, 3)], blocks.Select(b => (b.Reason, b.Block, b.Count)));
        Assert.Equal(ids, blocks[0].ContactIdList());
    }

    [Fact]
    public void A_block_without_a_contact_keeps_the_others_in_order_and_says_when_the_contact_is_not_there()
    {
        var ids = Ids(5);
        var block = new ExcludedContactBlock(Workspace, ExportId, ExclusionReason.NoConsent, 0, PackedIds.Pack(ids));

        var without = ExcludedContactBlock.Without(block.ContactIds, ids[2]);

        Assert.True(block.Contains(ids[4]));
        Assert.False(block.Contains(Guid.CreateVersion7()));
        Assert.Equal([ids[0], ids[1], ids[3], ids[4]], PackedIds.Unpack(without!));
        Assert.Null(ExcludedContactBlock.Without(without!, ids[2]));
    }

    /// <summary>IDs in an order that is not GUID order, as an export's row order is not.</summary>
    private static List<Guid> Ids(int count) => [.. Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).OrderByDescending(g => g)];
}
