using ContactBox.Domain.Privacy;
using ContactBox.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Infrastructure.Privacy;

/// <summary>The first place where a workspace's audit chain does not hold.</summary>
public sealed record AuditChainBreak(long Sequence, Guid? RecordId, string Reason);

/// <summary>The outcome of checking a chain: OK with the number of records, or the first break.</summary>
public sealed record AuditVerification(bool IsValid, long Count, AuditChainBreak? FirstBreak);

/// <summary>Walks a workspace's audit chain in order and recomputes every link.</summary>
public static class AuditVerifier
{
    public static async Task<AuditVerification> VerifyAsync(ContactBoxDbContext db, CancellationToken cancellationToken)
    {
        var expectedPrevious = AuditChain.GenesisHash;
        long count = 0;
        await foreach (var record in db.Set<AuditRecord>().AsNoTracking().OrderBy(r => r.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            var expectedSequence = count + 1;
            var problem = record.Sequence != expectedSequence
                ? $"Record {expectedSequence} is missing: the chain jumps to {record.Sequence}."
                : record.PreviousHash != expectedPrevious
                    ? "The record does not point at the hash of the record before it."
                    : AuditTrail.HashOf(record) != record.Hash
                        ? "The record's content does not match its hash: it was changed after it was written."
                        : null;
            if (problem is not null)
            {
                return new AuditVerification(false, count, new AuditChainBreak(expectedSequence, record.Id, problem));
            }

            expectedPrevious = record.Hash;
            count++;
        }

        // Removing the newest records leaves a consistent prefix; the head still knows how long the chain was.
        var head = await db.Set<AuditChainHead>().AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        if (head is not null && (head.Sequence != count || head.LastHash != expectedPrevious))
        {
            return new AuditVerification(false, count, new AuditChainBreak(count + 1, null,
                $"The chain ends at record {count}, but {head.Sequence} records were written."));
        }

        return new AuditVerification(true, count, null);
    }
}
