using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
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
            if (entry.State == EntityState.Added)
            {
                StampAdded(db, entry.Entity, now, (name, value) => entry.Property(name).CurrentValue = value);
                continue;
            }

            if (entry.Entity is IWorkspaceOwned owned && entry.State is EntityState.Modified or EntityState.Deleted && owned.WorkspaceId != db.Workspace.Id)
            {
                throw new InvalidOperationException($"Refused to change a {entry.Metadata.ClrType.Name} of another workspace.");
            }

            if (entry.Entity is IAudited && entry.State == EntityState.Modified)
            {
                entry.Property(nameof(IAudited.UpdatedAt)).CurrentValue = now;
                entry.Property(nameof(IAudited.UpdatedById)).CurrentValue = db.Workspace.ActorId;
            }
        }
    }

    /// <summary>
    /// The stamps of a new row: the current workspace, and creation and change stamps. SaveChanges sets them through the
    /// tracked entry; <see cref="BulkInsert"/>'s callers through <see cref="StampAdded(ContactBoxDbContext, object, DateTimeOffset)"/>.
    /// </summary>
    public static void StampAdded(ContactBoxDbContext db, object entity, DateTimeOffset now, Action<string, object?> set)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(set);
        if (entity is IWorkspaceOwned)
        {
            set(nameof(IWorkspaceOwned.WorkspaceId), db.Workspace.Id);
        }

        if (entity is IAudited)
        {
            set(nameof(IAudited.CreatedAt), now);
            set(nameof(IAudited.CreatedById), db.Workspace.ActorId);
            set(nameof(IAudited.UpdatedAt), now);
            set(nameof(IAudited.UpdatedById), db.Workspace.ActorId);
        }
    }

    /// <summary>Stamps an untracked new entity (for <see cref="BulkInsert"/>): the same stamps, set through the EF model's property setters.</summary>
    public static void StampAdded(ContactBoxDbContext db, object entity, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(entity);
        StampAdded(db, entity, now, (name, value) => Setters.GetOrAdd((entity.GetType(), name), static key => Setter(key.Type, key.Name))(entity, value));
    }

    private static readonly ConcurrentDictionary<(Type Type, string Name), Action<object, object?>> Setters = new();

    /// <summary>A compiled setter of the (possibly private, possibly inherited) property: the stamps have private setters.</summary>
    private static Action<object, object?> Setter(Type type, string name)
    {
        var declared = type.GetProperty(name)!.DeclaringType!.GetProperty(name, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)!;
        var target = Expression.Parameter(typeof(object), "entity");
        var value = Expression.Parameter(typeof(object), "value");
        var assign = Expression.Assign(Expression.Property(Expression.Convert(target, declared.DeclaringType!), declared), Expression.Convert(value, declared.PropertyType));
        return Expression.Lambda<Action<object, object?>>(assign, target, value).Compile();
    }
}
