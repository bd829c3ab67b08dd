using ContactBox.Domain.Export;

namespace ContactBox.Domain.Tests.Export;

public sealed class ExportedContactBucketTests
{
    private static readonly Guid Workspace = Guid.CreateVersion7();
    private static readonly Guid Export = Guid.CreateVersion7();

    [Fact]
    public void The_bucket_is_the_last_byte_of_the_id()
    {
        Assert.Equal(0x5e, ExportedContactBucket.BucketOf(Guid.Parse("01a21db4-9957-7d6c-9fff-e3a77d21555e")));
        Assert.Equal(0, ExportedContactBucket.BucketOf(Guid.Parse("ffffffff-ffff-ffff-ffff-ffffffffff00")));
    }

    [Fact]
    public void Every_id_of_a_sorted_bucket_is_found_and_no_other()
    {
        var ids = Enumerable.Range(0, 1_000).Select(_ => Guid.CreateVersion7()).Concat(Enumerable.Range(0, 1_000).Select(_ => Guid.NewGuid())).Order().ToList();
        var bucket = new ExportedContactBucket(Workspace, Export, 7, ids);

        Assert.Equal(ids.Count * 16, bucket.ContactIds.Length);
        Assert.Equal(ids, bucket.ContactIdList());
        Assert.All(ids, id => Assert.True(bucket.Contains(id)));
        Assert.DoesNotContain(Enumerable.Range(0, 1_000).Select(_ => Guid.NewGuid()), bucket.Contains);
    }

    [Fact]
    public void Without_cuts_out_exactly_the_one_id_and_says_when_it_is_not_there()
    {
        var ids = Enumerable.Range(0, 5).Select(_ => Guid.NewGuid()).Order().ToList();
        var bucket = new ExportedContactBucket(Workspace, Export, 7, ids);

        foreach (var id in ids)
        {
            var rest = new ExportedContactBucket(Workspace, Export, 7, [.. ids.Where(i => i != id)]);
            Assert.Equal(rest.ContactIds, ExportedContactBucket.Without(bucket.ContactIds, id));
        }

        Assert.Null(ExportedContactBucket.Without(bucket.ContactIds, Guid.NewGuid()));
        Assert.Empty(ExportedContactBucket.Without(new ExportedContactBucket(Workspace, Export, 7, [ids[0]]).ContactIds, ids[0])!);
    }
}
