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
        var bucket = ExportedContactBucket.BucketOf(contactId);
        var erased = 0;
        foreach (var exportId in await ExportPrivacy.ExportIdsAsync(db, contactId, cancellationToken))
        {
            for (var attempt = 1; ; attempt++)
            {
                var before = await db.Set<ExportedContactBucket>().AsNoTracking().Where(b => b.ExportId == exportId && b.Bucket == bucket)
                    .Select(b => b.ContactIds).FirstOrDefaultAsync(cancellationToken);
                if (before is null || ExportedContactBucket.Without(before, contactId) is not { } after)
                {
                    break;
                }

                // Written only if nobody changed the bucket since it was read.
                if (await db.Set<ExportedContactBucket>().Where(b => b.ExportId == exportId && b.Bucket == bucket && b.ContactIds == before)
                        .ExecuteUpdateAsync(s => s.SetProperty(b => b.ContactIds, after), cancellationToken) == 1)
                {
                    erased++;
                    break;
                }

                if (attempt == Attempts)
                {
                    throw new DbUpdateConcurrencyException($"The export record {exportId} changed {Attempts} times while the contact was erased from it.");
                }
            }
        }

        return erased;
    }
}
