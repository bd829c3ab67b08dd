using System.Data.Common;
using System.Runtime.CompilerServices;
using ContactBox.Domain.Appointments;
using ContactBox.Domain.Attachments;
using ContactBox.Domain.Contacts;
using ContactBox.Domain.FollowUps;
using ContactBox.Domain.Timeline;
using ContactBox.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace ContactBox.Infrastructure.Attachments;

/// <summary>
/// However attachment rows are deleted through a DbContext — deleteAttachment, deleting their owner (contact,
/// timeline entry, appointment, follow-up), a future erasure — their files go too: before the save, the
/// attachments of deleted owners (also those of a deleted contact's timeline entries and follow-ups, which the
/// database deletes with it) are deleted in the same save; after the commit, blobs no row refers to any more are
/// removed under the workspace's storage lock. A crash in between leaves an orphan blob for the sweep.
/// </summary>
public sealed class AttachmentOwnerDeletionInterceptor(IServiceScopeFactory scopes) : SaveChangesInterceptor, IDbTransactionInterceptor
{
    private readonly ConditionalWeakTable<DbContext, List<(Guid WorkspaceId, string Sha256)>> _pending = [];

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is ContactBoxDbContext db)
        {
            await CollectAsync(db, cancellationToken);
        }

        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is ContactBoxDbContext db)
        {
            CollectAsync(db, CancellationToken.None).GetAwaiter().GetResult();
        }

        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && context.Database.CurrentTransaction is null)
        {
            await ReleasePendingAsync(context);
        }

        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (eventData.Context is { } context && context.Database.CurrentTransaction is null)
        {
            ReleasePendingAsync(context).GetAwaiter().GetResult();
        }

        return result;
    }

    public async Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
        {
            await ReleasePendingAsync(context);
        }
    }

    public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is { } context)
        {
            ReleasePendingAsync(context).GetAwaiter().GetResult();
        }
    }

    public Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context)
        {
            _pending.Remove(context);
        }

        return Task.CompletedTask;
    }

    public void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData)
    {
        if (eventData.Context is { } context)
        {
            _pending.Remove(context);
        }
    }

    private async Task CollectAsync(ContactBoxDbContext db, CancellationToken cancellationToken)
    {
        var deleted = db.ChangeTracker.Entries().Where(e => e.State == EntityState.Deleted).Select(e => e.Entity).ToList();
        var contacts = deleted.OfType<Contact>().Select(c => c.Id).ToList();
        var entries = deleted.OfType<TimelineEntry>().Select(t => t.Id).ToList();
        var appointments = deleted.OfType<Appointment>().Select(a => a.Id).ToList();
        var followUps = deleted.OfType<FollowUp>().Select(f => f.Id).ToList();
        if (contacts.Count + entries.Count + appointments.Count + followUps.Count > 0)
        {
            var owned = await db.Attachments
                .Where(a => (a.ContactId != null && contacts.Contains(a.ContactId.Value))
                            || (a.TimelineEntryId != null && entries.Contains(a.TimelineEntryId.Value))
                            || (a.AppointmentId != null && appointments.Contains(a.AppointmentId.Value))
                            || (a.FollowUpId != null && followUps.Contains(a.FollowUpId.Value))
                            || (a.TimelineEntryId != null && db.TimelineEntries.Any(t => t.Id == a.TimelineEntryId && contacts.Contains(t.ContactId)))
                            || (a.FollowUpId != null && db.FollowUps.Any(f => f.Id == a.FollowUpId && contacts.Contains(f.ContactId))))
                .ToListAsync(cancellationToken);
            db.Attachments.RemoveRange(owned);
        }

        var gone = db.ChangeTracker.Entries<Attachment>().Where(e => e.State == EntityState.Deleted).Select(e => (e.Entity.WorkspaceId, e.Entity.Sha256)).ToList();
        if (gone.Count > 0)
        {
            _pending.GetOrCreateValue(db).AddRange(gone);
        }
    }

    private async Task ReleasePendingAsync(DbContext context)
    {
        if (!_pending.TryGetValue(context, out var pending))
        {
            return;
        }

        _pending.Remove(context);
        foreach (var workspace in pending.GroupBy(p => p.WorkspaceId))
        {
            await using var scope = scopes.CreateAsyncScope();
            var storage = scope.ServiceProvider.GetRequiredService<AttachmentStorage>();
            await storage.ReleaseAsync(workspace.Key, workspace.Select(p => p.Sha256), CancellationToken.None);
        }
    }
}
