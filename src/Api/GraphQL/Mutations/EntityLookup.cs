using ContactBox.Api.GraphQL.Relay;
using ContactBox.Domain.Common;
using ContactBox.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Api.GraphQL.Mutations;

public static class EntityLookup
{
    /// <summary>
    /// The entity with this key in the current workspace, for changing it; otherwise a NotFoundError naming the
    /// input field. Another workspace's object is not found, exactly like one that never existed.
    /// </summary>
    public static async Task<T> RequireAsync<T>(this IQueryable<T> source, Guid id, string field, CancellationToken cancellationToken)
        where T : Entity =>
        await source.FirstOrDefaultAsync(e => e.Id == id, cancellationToken)
        ?? throw new NotFoundException(field, GlobalId.Format(typeof(T).Name, id), typeof(T).Name);

    public static Task<T> RequireAsync<T>(this ContactBoxDbContext db, Guid id, string field, CancellationToken cancellationToken)
        where T : Entity =>
        db.Set<T>().RequireAsync(id, field, cancellationToken);

    /// <summary>Checks that every key names an existing entity of the workspace.</summary>
    public static async Task RequireAllAsync<T>(this ContactBoxDbContext db, IReadOnlyCollection<Guid> ids, string field, CancellationToken cancellationToken)
        where T : Entity
    {
        var found = await db.Set<T>().Where(e => ids.Contains(e.Id)).Select(e => e.Id).ToListAsync(cancellationToken);
        var missing = ids.Except(found).FirstOrDefault();
        if (missing != Guid.Empty)
        {
            throw new NotFoundException(field, GlobalId.Format(typeof(T).Name, missing), typeof(T).Name);
        }
    }
}
