using ContactBox.Domain.Export;
using ContactBox.Infrastructure.Persistence;
using ContactBox.Infrastructure.Privacy;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Infrastructure.Export;

/// <summary>
/// The export records' share of an erasure (Art. 17): the contact's ID is cut out of its bucket in every export that
/// included it and out of its block in every export that left it out, so no trace of it stays in the records (the files
/// already handed out are beyond reach; the exports' counts stay as they were). Says how many export records named the contact.
/// </summary>
public sealed class ExportRecordErasure : IContactErasureParticipant
{
    // Another erasure may rewrite the same bucket or block between the read and the write; the write then matches
    // nothing and the row is read again. More rounds than this mean something else is wrong.
    private const int Attempts = 5;

    public string Name => "exportRecords";

    public async Task<int> EraseAsync(ContactBoxDbContext db, Guid contactId, CancellationToken cancellationToken)
    {
        // The rows naming the contact, read once (one at a time in memory); only a row another erasure rewrote meanwhile
        // is read again. A contact is in an export's buckets or in its excluded blocks, never both: a row is an export.
        var buckets = new List<ExportedContactBucket>();
        await foreach (var bucket in ExportPrivacy.BucketsOf(db, contactId).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (bucket.Contains(contactId))
            {
                buckets.Add(bucket);
            }
        }

        // Excluded blocks are in the export's order, not by ID: every block of the workspace is searched.
        var blocks = new List<ExcludedContactBlock>();
        await foreach (var block in BlocksMentioning(db, contactId).AsNoTracking().AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (block.Contains(contactId))
            {
                blocks.Add(block);
            }
        }

        var erased = 0;
        foreach (var bucket in buckets)
        {
            var rows = db.Set<ExportedContactBucket>().Where(b => b.ExportId == bucket.ExportId && b.Bucket == bucket.Bucket);
            erased += await CutAsync(bucket.ExportId, bucket.ContactIds, ids => ExportedContactBucket.Without(ids, contactId),
                (before, after) => rows.Where(b => b.ContactIds == before).ExecuteUpdateAsync(s => s.SetProperty(b => b.ContactIds, after), cancellationToken),
                () => rows.AsNoTracking().Select(b => b.ContactIds).FirstOrDefaultAsync(cancellationToken));
        }

        foreach (var block in blocks)
        {
            var rows = db.Set<ExcludedContactBlock>().Where(b => b.ExportId == block.ExportId && b.Reason == block.Reason && b.Block == block.Block);
            erased += await CutAsync(block.ExportId, block.ContactIds, ids => ExcludedContactBlock.Without(ids, contactId),
                (before, after) => rows.Where(b => b.ContactIds == before).ExecuteUpdateAsync(
                    s => s.SetProperty(b => b.ContactIds, after).SetProperty(b => b.Count, PackedIds.Count(after)), cancellationToken),
                () => rows.AsNoTracking().Select(b => b.ContactIds).FirstOrDefaultAsync(cancellationToken));
        }

        return erased;
    }

    /// <summary>
    /// The excluded blocks of the workspace whose bytes hold the ID's 16 somewhere (the caller checks it is one of the
    /// IDs): the database searches the blobs (SQLite <c>instr</c>, PostgreSQL <c>position</c>) and sends only those; on
    /// SQL Server (not run here) every block is sent and searched here.
    /// </summary>
    private static IQueryable<ExcludedContactBlock> BlocksMentioning(ContactBoxDbContext db, Guid contactId)
    {
        var id = PackedIds.Pack([contactId]);
        var blocks = db.Set<ExcludedContactBlock>();
        // The tenancy filter applies to the raw statement as to any query of the set.
        return db.Database.ProviderName switch
        {
            "Microsoft.EntityFrameworkCore.Sqlite" => blocks.FromSql($"SELECT * FROM \"ExcludedContactBlock\" WHERE instr(\"ContactIds\", {id}) > 0"),
            "Npgsql.EntityFrameworkCore.PostgreSQL" => blocks.FromSql($"SELECT * FROM \"ExcludedContactBlock\" WHERE position({id} in \"ContactIds\") > 0"),
            _ => blocks,
        };
    }

    /// <summary>
    /// Writes the row's IDs without the contact, only over the IDs last read; reads them again when another erasure came
    /// first. 1 when this erasure cut the contact out, 0 when it was gone already.
    /// </summary>
    private static async Task<int> CutAsync(Guid exportId, byte[] contactIds, Func<byte[], byte[]?> without, Func<byte[], byte[], Task<int>> write, Func<Task<byte[]?>> reread)
    {
        for (var attempt = 1; without(contactIds) is { } after; attempt++)
        {
            if (await write(contactIds, after) == 1)
            {
                return 1;
            }

            if (attempt == Attempts)
            {
                throw new DbUpdateConcurrencyException($"The export record {exportId} changed {Attempts} times while the contact was erased from it.");
            }

            contactIds = await reread() ?? [];
        }

        return 0;
    }
}
