using ContactBox.Domain.Export;
using ContactBox.Infrastructure.Persistence;
using ContactBox.Infrastructure.Privacy;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Infrastructure.Export;

/// <summary>
/// The export records' share of an erasure (Art. 17): the contact's ID is cut out of its bucket in every export that
/// included it, so no trace of it stays in the records (the files already handed out are beyond reach; the exports'
/// counts stay as they were). Says how many export records named the contact.
/// </summary>
public sealed class ExportRecordErasure : IContactErasureParticipant
{
    // Another erasure may rewrite the same bucket between the read and the write; the write then matches nothing and
    // the bucket is read again. More rounds than this mean something else is wrong.
    private const int Attempts = 5;

    public string Name => "exportRecords";

    public async Task<int> EraseAsync(ContactBoxDbContext db, Guid contactId, CancellationToken cancellationToken)
    {
        var erased = 0;
        // The contact's bucket of every export, read once (the ones naming it kept); only a bucket another erasure
        // rewrote meanwhile is read again.
        var naming = new List<ExportedContactBucket>();
        await foreach (var bucket in ExportPrivacy.BucketsOf(db, contactId).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (bucket.Contains(contactId))
            {
                naming.Add(bucket);
            }
        }

        foreach (var bucket in naming)
        {
            var contactIds = bucket.ContactIds;
            for (var attempt = 1; ExportedContactBucket.Without(contactIds, contactId) is { } after; attempt++)
            {
                var before = contactIds;
                // Written only if nobody changed the bucket since it was read.
                if (await db.Set<ExportedContactBucket>().Where(b => b.ExportId == bucket.ExportId && b.Bucket == bucket.Bucket && b.ContactIds == before)
                        .ExecuteUpdateAsync(s => s.SetProperty(b => b.ContactIds, after), cancellationToken) == 1)
                {
                    erased++;
                    break;
                }

                if (attempt == Attempts)
                {
                    throw new DbUpdateConcurrencyException($"The export record {bucket.ExportId} changed {Attempts} times while the contact was erased from it.");
                }

                contactIds = await db.Set<ExportedContactBucket>().AsNoTracking().Where(b => b.ExportId == bucket.ExportId && b.Bucket == bucket.Bucket)
                    .Select(b => b.ContactIds).FirstOrDefaultAsync(cancellationToken) ?? [];
            }
        }

        return erased;
    }
}
