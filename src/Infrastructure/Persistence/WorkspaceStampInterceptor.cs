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
        ArgumentNullException.ThrowIfNull(entity);
        ArgumentNullException.ThrowIfNull(set);
        foreach (var (name, value) in Stamps(entity.GetType()))
        {
            set(name, value switch
            {
                StampValue.Workspace => db.Workspace.Id,
                StampValue.Actor => db.Workspace.ActorId,
                _ => now,
            });
        }
    }

    /// <summary>
    /// Stamps an untracked new entity (for <see cref="BulkInsert"/>): the same stamps, assigned by one compiled setter per
    /// type (a bulk insert stamps every row, so nothing here is looked up or boxed per property).
    /// </summary>
    public static void StampAdded(ContactBoxDbContext db, object entity, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(entity);
        // Only a row that belongs to a workspace needs one (and is refused without it), as with SaveChanges.
        var workspaceId = entity is IWorkspaceOwned ? db.Workspace.Id : Guid.Empty;
        Stampers.GetOrAdd(entity.GetType(), Stamper)(entity, workspaceId, db.Workspace.ActorId, now);
    }

    private enum StampValue
    {
        Workspace,
        Actor,
        Now,
    }

    /// <summary>Which properties of a new row of <paramref name="type"/> are stamped, and with what.</summary>
    private static IEnumerable<(string Name, StampValue Value)> Stamps(Type type)
    {
        if (type.IsAssignableTo(typeof(IWorkspaceOwned)))
        {
            yield return (nameof(IWorkspaceOwned.WorkspaceId), StampValue.Workspace);
        }

        if (type.IsAssignableTo(typeof(IAudited)))
        {
            yield return (nameof(IAudited.CreatedAt), StampValue.Now);
            yield return (nameof(IAudited.CreatedById), StampValue.Actor);
            yield return (nameof(IAudited.UpdatedAt), StampValue.Now);
            yield return (nameof(IAudited.UpdatedById), StampValue.Actor);
        }
    }

    private static readonly ConcurrentDictionary<Type, Action<object, Guid, Guid?, DateTimeOffset>> Stampers = new();

    /// <summary>One compiled assignment of every stamp of <paramref name="type"/> (the stamps have private, possibly inherited setters).</summary>
    private static Action<object, Guid, Guid?, DateTimeOffset> Stamper(Type type)
    {
        var entity = Expression.Parameter(typeof(object), "entity");
        var values = new Dictionary<StampValue, ParameterExpression>
        {
            [StampValue.Workspace] = Expression.Parameter(typeof(Guid), "workspaceId"),
            [StampValue.Actor] = Expression.Parameter(typeof(Guid?), "actorId"),
            [StampValue.Now] = Expression.Parameter(typeof(DateTimeOffset), "now"),
        };
        var assignments = Stamps(type).Select(s =>
        {
            var declared = type.GetProperty(s.Name)!.DeclaringType!.GetProperty(s.Name, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)!;
            return (Expression)Expression.Assign(Expression.Property(Expression.Convert(entity, declared.DeclaringType!), declared), Expression.Convert(values[s.Value], declared.PropertyType));
        }).DefaultIfEmpty(Expression.Empty());
        return Expression.Lambda<Action<object, Guid, Guid?, DateTimeOffset>>(Expression.Block(assignments), entity, values[StampValue.Workspace], values[StampValue.Actor], values[StampValue.Now]).Compile();
    }
}
