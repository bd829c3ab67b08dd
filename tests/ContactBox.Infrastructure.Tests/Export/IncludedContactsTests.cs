using ContactBox.Domain.Export;
using ContactBox.Infrastructure.Export;

namespace ContactBox.Infrastructure.Tests.Export;

public sealed class IncludedContactsTests
{
    private static readonly Guid Workspace = Guid.CreateVersion7();
    private static readonly Guid ExportId = Guid.CreateVersion7();

    [Fact]
    public void Spilled_blocks_come_back_as_each_buckets_sorted_ids_and_the_file_goes_with_it()
    {
        // Blocks of 4 IDs: 10,000 contacts over 256 buckets spill about ten blocks per bucket and leave partial ones.
        var contacts = Enumerable.Range(0, 10_000).Select(_ => Guid.CreateVersion7()).ToList();
        string? spill;
        List<ExportedContactBucket> buckets;
        using (var included = new IncludedContacts(blockIds: 4))
        {
            foreach (var contact in contacts)
            {
                included.Add(contact);
            }

            spill = included.SpillFile;
            buckets = [.. included.Buckets(Workspace, ExportId)];
            Assert.Equal(10_000, included.Count);
            Assert.True(File.Exists(spill));
        }

        var expected = contacts.GroupBy(ExportedContactBucket.BucketOf).OrderBy(g => g.Key).ToList();
        Assert.Equal(expected.Select(g => g.Key), buckets.Select(b => b.Bucket));
        Assert.All(buckets, b => Assert.Equal((Workspace, ExportId), (b.WorkspaceId, b.ExportId)));
        Assert.Equal(expected.Select(g => g.Order().ToList()), buckets.Select(b => b.ContactIdList().ToList()));
        Assert.False(File.Exists(spill));
    }

    [Fact]
    public void A_small_export_stays_in_memory_and_writes_only_the_buckets_it_has()
    {
        var contacts = new[] { Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7() };
        using var included = new IncludedContacts();
        foreach (var contact in contacts)
        {
            included.Add(contact);
        }

        var buckets = included.Buckets(Workspace, ExportId).ToList();

        Assert.Null(included.SpillFile);
        Assert.Equal(contacts.Order(), buckets.SelectMany(b => b.ContactIdList()).Order());
        Assert.Equal(contacts.Select(ExportedContactBucket.BucketOf).Distinct().Order(), buckets.Select(b => b.Bucket));
    }
}
