using System.Linq.Expressions;
using ContactBox.Domain.Export;
using ContactBox.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Infrastructure.Export;

/// <summary>One contact an export left out, and why.</summary>
public sealed record ExcludedContact(Guid ContactId, ExclusionReason Reason);

/// <summary>
/// An export's excluded contacts as one list: reason by reason (in the order of <see cref="ExclusionReason"/>), each in
/// the order the export met them. Its <see cref="Blocks"/> (a few bytes per 4,096 contacts, no IDs) say where a page
/// lies; a page then needs only the blocks it covers. Both steps read many exports' at once
/// (<see cref="SizesAsync"/>, <see cref="ContentsAsync"/>), so a list of exports pages each one's excluded contacts with
/// two statements in all.
/// </summary>
public sealed class ExcludedContactPages
{
    private readonly Guid _exportId;

    private ExcludedContactPages(Guid exportId, IReadOnlyList<BlockSize> blocks)
    {
        _exportId = exportId;
        Blocks = blocks;
        Total = blocks.Sum(b => b.Count);
    }

    /// <summary>The list's blocks in its order, with how many IDs each holds.</summary>
    public IReadOnlyList<BlockSize> Blocks { get; }

    public int Total { get; }

    /// <summary>The list of an export whose blocks are <paramref name="sizes"/> (<see cref="SizesAsync"/>): for one reason, or all.</summary>
    public static ExcludedContactPages Of(Guid exportId, IEnumerable<BlockSize> sizes, ExclusionReason? reason) =>
        new(exportId, [.. sizes.Where(b => reason is null || b.Reason == reason).OrderBy(b => b.Reason).ThenBy(b => b.Block)]);

    /// <summary>The export's excluded contacts (for one reason, or all); the tenancy filter keeps other workspaces' out.</summary>
    public static async Task<ExcludedContactPages> OfAsync(ContactBoxDbContext db, Guid exportId, ExclusionReason? reason, CancellationToken cancellationToken) =>
        Of(exportId, (await SizesAsync(db, [exportId], cancellationToken)).GetValueOrDefault(exportId, []), reason);

    /// <summary>Every block's size of each export, in one statement (an export without excluded contacts has none).</summary>
    public static async Task<IReadOnlyDictionary<Guid, IReadOnlyList<BlockSize>>> SizesAsync(ContactBoxDbContext db, IReadOnlyList<Guid> exportIds, CancellationToken cancellationToken)
    {
        var ids = exportIds.ToArray();
        var sizes = await db.Set<ExcludedContactBlock>().AsNoTracking().Where(b => ids.Contains(b.ExportId))
            .Select(b => new { b.ExportId, Size = new BlockSize(b.Reason, b.Block, b.Count) }).ToListAsync(cancellationToken);
        return sizes.GroupBy(s => s.ExportId).ToDictionary(g => g.Key, g => (IReadOnlyList<BlockSize>)[.. g.Select(s => s.Size)]);
    }

    /// <summary>The blocks that hold the positions [skip, skip + take) of the list.</summary>
    public IReadOnlyList<BlockKey> Covering(int skip, int take) => [.. Spans(skip, take).Select(span => span.Key)];

    /// <summary>
    /// The contacts at positions [skip, skip + take) of the list, from the <paramref name="contents"/> of the blocks
    /// <see cref="Covering"/> named. An erasure may have shortened a block since its size was read (or the record gone
    /// with its blocks): the page then ends early rather than fails.
    /// </summary>
    public List<ExcludedContact> Page(int skip, int take, IReadOnlyDictionary<BlockKey, byte[]> contents)
    {
        var page = new List<ExcludedContact>(Math.Clamp(Total - skip, 0, Math.Max(take, 0)));
        foreach (var (key, from) in Spans(skip, take))
        {
            if (contents.TryGetValue(key, out var ids))
            {
                for (var index = from; index < PackedIds.Count(ids) && page.Count < take; index++)
                {
                    page.Add(new ExcludedContact(PackedIds.At(ids, index), key.Reason));
                }
            }
        }

        return page;
    }

    /// <summary>Each block that holds positions of [skip, skip + take), with the index in it where they start.</summary>
    private IEnumerable<(BlockKey Key, int From)> Spans(int skip, int take)
    {
        var start = 0;
        foreach (var block in Blocks)
        {
            if (start >= skip + take)
            {
                yield break;
            }

            if (start + block.Count > skip && block.Count > 0)
            {
                yield return (new BlockKey(_exportId, block.Reason, block.Block), Math.Max(skip - start, 0));
            }

            start += block.Count;
        }
    }

    /// <summary>
    /// The packed IDs of the given blocks, of any exports, in one statement: one term per distinct (reason, block) with
    /// the exports that need it, so the statement's shape depends on how many such pairs there are, not on the IDs.
    /// </summary>
    public static async Task<IReadOnlyDictionary<BlockKey, byte[]>> ContentsAsync(ContactBoxDbContext db, IReadOnlyList<BlockKey> keys, CancellationToken cancellationToken)
    {
        if (keys.Count == 0)
        {
            return new Dictionary<BlockKey, byte[]>();
        }

        var block = Expression.Parameter(typeof(ExcludedContactBlock), "b");
        var matches = keys.GroupBy(k => (k.Reason, k.Block)).Select(pair =>
        {
            // Values held in an object, so EF Core sends them as parameters and caches one plan per shape.
            var wanted = new WantedBlocks(pair.Key.Reason, pair.Key.Block, [.. pair.Select(k => k.ExportId).Distinct()]);
            var holder = Expression.Constant(wanted);
            Expression Property(string name) => Expression.Property(block, name);
            return Expression.AndAlso(
                Expression.AndAlso(
                    Expression.Equal(Property(nameof(ExcludedContactBlock.Reason)), Expression.Property(holder, nameof(WantedBlocks.Reason))),
                    Expression.Equal(Property(nameof(ExcludedContactBlock.Block)), Expression.Property(holder, nameof(WantedBlocks.Block)))),
                Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [typeof(Guid)],
                    Expression.Property(holder, nameof(WantedBlocks.ExportIds)), Property(nameof(ExcludedContactBlock.ExportId))));
        }).Aggregate(Expression.OrElse);
        var rows = await db.Set<ExcludedContactBlock>().AsNoTracking().Where(Expression.Lambda<Func<ExcludedContactBlock, bool>>(matches, block))
            .Select(b => new { b.ExportId, b.Reason, b.Block, b.ContactIds }).ToListAsync(cancellationToken);
        return rows.ToDictionary(r => new BlockKey(r.ExportId, r.Reason, r.Block), r => r.ContactIds);
    }

    /// <summary>The contacts at positions [skip, skip + take) of the list, reading the blocks the range touches.</summary>
    public async Task<List<ExcludedContact>> ReadAsync(ContactBoxDbContext db, int skip, int take, CancellationToken cancellationToken) =>
        Page(skip, take, await ContentsAsync(db, Covering(skip, take), cancellationToken));

    /// <summary>Every contact of the list: all of the export's blocks in one statement.</summary>
    public async Task<List<ExcludedContact>> ReadAllAsync(ContactBoxDbContext db, CancellationToken cancellationToken)
    {
        var rows = await db.Set<ExcludedContactBlock>().AsNoTracking().Where(b => b.ExportId == _exportId)
            .Select(b => new { b.Reason, b.Block, b.ContactIds }).ToListAsync(cancellationToken);
        return Page(0, Total, rows.ToDictionary(r => new BlockKey(_exportId, r.Reason, r.Block), r => r.ContactIds));
    }

    public sealed record BlockSize(ExclusionReason Reason, int Block, int Count);

    /// <summary>One stored block of one export's excluded contacts.</summary>
    public readonly record struct BlockKey(Guid ExportId, ExclusionReason Reason, int Block);

    private sealed record WantedBlocks(ExclusionReason Reason, int Block, Guid[] ExportIds);
}
