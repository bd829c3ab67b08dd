using ContactBox.Domain.Export;
using ContactBox.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Infrastructure.Export;

/// <summary>One contact an export left out, and why.</summary>
public sealed record ExcludedContact(Guid ContactId, ExclusionReason Reason);

/// <summary>
/// An export's excluded contacts as one list: reason by reason (in the order of <see cref="ExclusionReason"/>), each in
/// the order the export met them. Its <see cref="Blocks"/> (a few bytes per 4,096 contacts, no IDs) say where a page
/// lies; <see cref="ReadAsync"/> then reads only the blocks the page covers.
/// </summary>
public sealed class ExcludedContactPages
{
    private readonly ContactBoxDbContext _db;
    private readonly Guid _exportId;

    private ExcludedContactPages(ContactBoxDbContext db, Guid exportId, IReadOnlyList<BlockSize> blocks)
    {
        _db = db;
        _exportId = exportId;
        Blocks = blocks;
        Total = blocks.Sum(b => b.Count);
    }

    /// <summary>The list's blocks in its order, with how many IDs each holds.</summary>
    public IReadOnlyList<BlockSize> Blocks { get; }

    public int Total { get; }

    /// <summary>The export's excluded contacts (for one reason, or all); the tenancy filter keeps other workspaces' out.</summary>
    public static async Task<ExcludedContactPages> OfAsync(ContactBoxDbContext db, Guid exportId, ExclusionReason? reason, CancellationToken cancellationToken)
    {
        var blocks = db.Set<ExcludedContactBlock>().AsNoTracking().Where(b => b.ExportId == exportId);
        if (reason is { } only)
        {
            blocks = blocks.Where(b => b.Reason == only);
        }

        // Reasons are stored by name: their order is the enum's, put in here.
        var sizes = await blocks.Select(b => new BlockSize(b.Reason, b.Block, b.Count)).ToListAsync(cancellationToken);
        return new ExcludedContactPages(db, exportId, [.. sizes.OrderBy(b => b.Reason).ThenBy(b => b.Block)]);
    }

    /// <summary>The contacts at positions [skip, skip + take) of the list, reading each block the range touches once.</summary>
    public async Task<List<ExcludedContact>> ReadAsync(int skip, int take, CancellationToken cancellationToken)
    {
        var page = new List<ExcludedContact>(Math.Clamp(Total - skip, 0, Math.Max(take, 0)));
        var start = 0;
        foreach (var block in Blocks)
        {
            if (page.Count >= take)
            {
                break;
            }

            var end = start + block.Count;
            if (end > skip && block.Count > 0)
            {
                var (reason, number) = (block.Reason, block.Block);
                var ids = await _db.Set<ExcludedContactBlock>().AsNoTracking()
                    .Where(b => b.ExportId == _exportId && b.Reason == reason && b.Block == number)
                    .Select(b => b.ContactIds).FirstOrDefaultAsync(cancellationToken) ?? [];
                // An erasure may have shortened the block since its size was read (or the record gone with its blocks):
                // the page ends early rather than fails.
                for (var index = Math.Max(skip - start, 0); index < PackedIds.Count(ids) && page.Count < take; index++)
                {
                    page.Add(new ExcludedContact(PackedIds.At(ids, index), reason));
                }
            }

            start = end;
        }

        return page;
    }

    /// <summary>Every contact of the list, a block at a time.</summary>
    public Task<List<ExcludedContact>> ReadAllAsync(CancellationToken cancellationToken) => ReadAsync(0, Total, cancellationToken);

    public sealed record BlockSize(ExclusionReason Reason, int Block, int Count);
}
