using ContactBox.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ContactBox.Infrastructure.Persistence;

/// <summary>
/// The write half of tenant isolation, and the audit stamps: new rows get the current workspace and
/// creation stamps; a change or deletion of a row from another workspace is refused.
/// </summary>
public sealed class WorkspaceStampInterceptor(TimeProvider clock) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Stamp(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Stamp(eventData.Context);
        return ValueTask.FromResult(result);
    }

    private void Stamp(DbContext? context)
    {
        if (context is not ContactBoxDbContext db)
        {
            return;
        }

        var now = clock.GetUtcNow();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry.Entity is IWorkspaceOwned owned)
            {
                var workspaceId = entry.Property(nameof(IWorkspaceOwned.WorkspaceId));
                if (entry.State == EntityState.Added)
                {
                    workspaceId.CurrentValue = db.Workspace.Id;
                }
                else if (entry.State is EntityState.Modified or EntityState.Deleted && owned.WorkspaceId != db.Workspace.Id)
                {
                    throw new InvalidOperationException($"Refused to change a {entry.Metadata.ClrType.Name} of another workspace.");
                }
            }

            if (entry.Entity is IAudited)
            {
                if (entry.State == EntityState.Added)
                {
                    entry.Property(nameof(IAudited.CreatedAt)).CurrentValue = now;
                    entry.Property(nameof(IAudited.CreatedById)).CurrentValue = db.Workspace.ActorId;
                }

                if (entry.State is EntityState.Added or EntityState.Modified)
                {
                    entry.Property(nameof(IAudited.UpdatedAt)).CurrentValue = now;
                    entry.Property(nameof(IAudited.UpdatedById)).CurrentValue = db.Workspace.ActorId;
                }
            }
        }
    }
}
