using ContactBox.Domain.Contacts;
using ContactBox.Domain.Privacy;
using ContactBox.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Infrastructure.Privacy;

/// <summary>A contact that no purpose holds any more: every assignment withdrawn, expired or archived, and past retention.</summary>
public sealed record RetentionCandidate(Guid ContactId, DateTimeOffset RetainedUntil);

/// <summary>What one sweep of a workspace did.</summary>
public sealed record RetentionOutcome(RetentionAction Action, IReadOnlyList<Guid> Flagged, IReadOnlyList<Guid> Erased);

/// <summary>
/// The retention rule: finds the candidates of the current workspace (the dry run) and, by the workspace's
/// setting, flags them for review or erases them. Contacts without any purpose assignment are left alone: they
/// never had a purpose recorded, which is for a member to fix, not for a sweep to guess.
/// </summary>
public sealed class RetentionSweep(AuditTrail audit, ContactErasure erasure, TimeProvider clock)
{
    public const string ErasureReason = "Retention period ended: no processing purpose holds the contact any more.";

    public async Task<IReadOnlyList<RetentionCandidate>> CandidatesAsync(ContactBoxDbContext db, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var purposes = await db.Set<ProcessingPurpose>().AsNoTracking().ToDictionaryAsync(p => p.Id, cancellationToken);
        var assignments = await db.Set<PurposeAssignment>().AsNoTracking().ToListAsync(cancellationToken);
        return assignments
            .GroupBy(a => a.ContactId)
            .Select(g => (ContactId: g.Key, Until: g.Select(a => a.RetainedUntil(purposes[a.PurposeId], now)).ToList()))
            .Where(c => c.Until.All(u => u is { } until && until <= now))
            .Select(c => new RetentionCandidate(c.ContactId, c.Until.Max()!.Value))
            .OrderBy(c => c.RetainedUntil).ThenBy(c => c.ContactId)
            .ToList();
    }

    public async Task<RetentionOutcome> RunAsync(ContactBoxDbContext db, CancellationToken cancellationToken)
    {
        var action = await db.Set<PrivacySettings>().Select(s => (RetentionAction?)s.RetentionAction).FirstOrDefaultAsync(cancellationToken) ?? RetentionAction.FlagForReview;
        var flagged = new List<Guid>();
        var erased = new List<Guid>();
        foreach (var candidate in await CandidatesAsync(db, cancellationToken))
        {
            if (action == RetentionAction.Erase)
            {
                if (await erasure.EraseAsync(db, candidate.ContactId, ErasureReason, AuditActor.System, checkReason: false, cancellationToken) is not null)
                {
                    erased.Add(candidate.ContactId);
                }

                continue;
            }

            var privacy = await db.Set<ContactPrivacy>().FirstOrDefaultAsync(p => p.ContactId == candidate.ContactId, cancellationToken);
            if (privacy?.RetentionReviewSince is not null)
            {
                continue;
            }

            await audit.RecordAsync(db, AuditActor.System, async () =>
            {
                if (privacy is null)
                {
                    privacy = new ContactPrivacy(candidate.ContactId);
                    db.Add(privacy);
                }

                privacy.FlagForRetentionReview(clock.GetUtcNow());
                await db.SaveChangesAsync(cancellationToken);
                return (true, new AuditEntry(AuditAction.RetentionReviewFlagged, nameof(Contact), candidate.ContactId,
                    new Dictionary<string, object?> { ["retainedUntil"] = candidate.RetainedUntil }));
            }, cancellationToken);
            flagged.Add(candidate.ContactId);
        }

        db.ChangeTracker.Clear();
        return new RetentionOutcome(action, flagged, erased);
    }
}
