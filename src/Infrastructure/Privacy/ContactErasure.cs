using System.Linq.Expressions;
using ContactBox.Domain.Common;
using ContactBox.Domain.Contacts;
using ContactBox.Domain.Privacy;
using ContactBox.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Infrastructure.Privacy;

/// <summary>
/// One feature's share of an erasure (Art. 17): removes what the feature stores about the contact, inside the
/// erasure's transaction, and says how many items it removed (for the receipt). Register implementations in DI;
/// the attachments feature adds one for its rows and files.
/// </summary>
public interface IContactErasureParticipant
{
    /// <summary>Names the items in the receipt, e.g. "timelineEntries".</summary>
    string Name { get; }

    /// <summary>
    /// Participants run in ascending order: rows that refer to others (attachments on timeline entries) must go
    /// before the rows they refer to. The core tables use 0.
    /// </summary>
    int Order => 0;

    Task<int> EraseAsync(ContactBoxDbContext db, Guid contactId, CancellationToken cancellationToken);
}

/// <summary>The receipt of an erasure: what was removed, without any personal data.</summary>
public sealed record ErasureReceipt(Guid ContactId, DateTimeOffset ErasedAt, long AuditSequence, IReadOnlyDictionary<string, int> Removed);

/// <summary>Erases a contact everywhere and leaves a receipt in the audit log, all in one transaction.</summary>
public sealed class ContactErasure(AuditTrail audit, IEnumerable<IContactErasureParticipant> participants)
{
    /// <summary>The receipt, or null when the workspace has no such contact. A reason that names the contact is refused.</summary>
    public Task<ErasureReceipt?> EraseAsync(ContactBoxDbContext db, Guid contactId, string reason, AuditActor actor, CancellationToken cancellationToken) =>
        EraseAsync(db, contactId, reason, actor, checkReason: true, cancellationToken);

    /// <summary>As above; the retention sweep's fixed reason (<paramref name="checkReason"/> false) is not checked against the contact.</summary>
    internal async Task<ErasureReceipt?> EraseAsync(ContactBoxDbContext db, Guid contactId, string reason, AuditActor actor, bool checkReason, CancellationToken cancellationToken)
    {
        reason = Guard.Required(reason, "reason", PrivacyLimits.Reason);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var contact = await db.Contacts.AsNoTracking().FirstOrDefaultAsync(c => c.Id == contactId, cancellationToken);
        if (contact is null)
        {
            return null;
        }

        // The receipt outlives the contact: it must not carry what the erasure removes.
        var personal = new[] { contact.FirstName, contact.LastName, contact.OrganizationName }
            .Concat(contact.Emails.Select(e => e.Address))
            .Where(p => p is { Length: > 2 });
        if (checkReason && personal.Any(p => reason.Contains(p!, StringComparison.OrdinalIgnoreCase)))
        {
            throw new DomainValidationException("reason", "The reason is kept in the audit log after the erasure; it must not name the contact or their e-mail address.");
        }

        var removed = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var participant in participants.OrderBy(p => p.Order))
        {
            removed[participant.Name] = await participant.EraseAsync(db, contactId, cancellationToken);
        }

        // Employees stay, without their employer; then the contact itself.
        await db.Contacts.Where(c => c.EmployerId == contactId).ExecuteUpdateAsync(s => s.SetProperty(c => c.EmployerId, (Guid?)null), cancellationToken);
        await db.ContactTags.Where(t => t.ContactId == contactId).ExecuteDeleteAsync(cancellationToken);
        removed["contact"] = await db.Contacts.Where(c => c.Id == contactId).ExecuteDeleteAsync(cancellationToken);

        var details = new Dictionary<string, object?>(removed.ToDictionary(r => r.Key, r => (object?)r.Value)) { ["reason"] = reason };
        var record = await audit.AppendAsync(db, actor, new AuditEntry(AuditAction.ContactErased, nameof(Contact), contactId, details), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ErasureReceipt(contactId, record.OccurredAt, record.Sequence, removed);
    }
}

/// <summary>Deletes the rows of one table that belong to the contact: how the core data takes part in an erasure.</summary>
internal sealed class ContactRows<T>(string name, Expression<Func<T, Guid>> contactKey) : IContactErasureParticipant
    where T : class
{
    public string Name => name;

    public Task<int> EraseAsync(ContactBoxDbContext db, Guid contactId, CancellationToken cancellationToken)
    {
        // Read from an object, so that EF sends the key as a parameter rather than writing it into the SQL.
        var key = Expression.Property(Expression.Constant(new ContactKey(contactId)), nameof(ContactKey.Id));
        var matches = Expression.Lambda<Func<T, bool>>(Expression.Equal(contactKey.Body, key), contactKey.Parameters);
        return db.Set<T>().Where(matches).ExecuteDeleteAsync(cancellationToken);
    }
}

internal sealed record ContactKey(Guid Id);
