using ContactBox.Domain.Common;
using ContactBox.Infrastructure.Persistence;
using GraphQL;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Api.GraphQL.DataLoading;

/// <summary>The data loaders of one request (a DI scope), by name. Features add theirs with <see cref="GetOrAdd{TKey,TValue}"/>.</summary>
public sealed class DataLoaders(ContactBoxDbContext db)
{
    private readonly Dictionary<string, object> _loaders = [];
    private readonly Dictionary<object, object> _states = new(ReferenceEqualityComparer.Instance);

    public ContactBoxDbContext Db { get; } = db;

    public BatchLoader<TKey, TValue> GetOrAdd<TKey, TValue>(
        string name,
        Func<ContactBoxDbContext, IReadOnlyList<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> fetch,
        Func<TValue>? missing = null)
        where TKey : notnull
    {
        if (!_loaders.TryGetValue(name, out var loader))
        {
            loader = new BatchLoader<TKey, TValue>((keys, ct) => fetch(Db, keys, ct), missing);
            _loaders.Add(name, loader);
        }

        return (BatchLoader<TKey, TValue>)loader;
    }

    /// <summary>Per-request state tied to an object (e.g. a field of the document), created on first use.</summary>
    public TState GetOrAddState<TState>(object owner, Func<TState> create)
        where TState : notnull
    {
        if (!_states.TryGetValue(owner, out var state))
        {
            state = create();
            _states.Add(owner, state);
        }

        return (TState)state;
    }

    /// <summary>Any entity by its key, batched: the loader behind <c>node</c>, owners, authors, employers.</summary>
    public BatchLoader<Guid, T> ById<T>()
        where T : Entity =>
        GetOrAdd<Guid, T>($"byId:{typeof(T).Name}", async (db, ids, ct) =>
            await db.Set<T>().AsNoTracking().Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct));

    /// <summary>All children of each parent key, batched: one statement for a whole page of parents.</summary>
    public BatchLoader<Guid, IReadOnlyList<T>> ChildrenOf<T>(string name, System.Linq.Expressions.Expression<Func<T, Guid>> parentKey)
        where T : class =>
        GetOrAdd<Guid, IReadOnlyList<T>>($"children:{typeof(T).Name}:{name}", async (db, ids, ct) =>
        {
            var key = parentKey.Compile();
            var query = db.Set<T>().AsNoTracking().Where(WhereKeyIn(parentKey, ids));
            var rows = await query.ToListAsync(ct);
            return rows.GroupBy(key).ToDictionary(g => g.Key, g => (IReadOnlyList<T>)g.ToList());
        }, () => []);

    private static System.Linq.Expressions.Expression<Func<T, bool>> WhereKeyIn<T>(System.Linq.Expressions.Expression<Func<T, Guid>> key, IReadOnlyList<Guid> ids)
    {
        var contains = System.Linq.Expressions.Expression.Call(
            typeof(Enumerable), nameof(Enumerable.Contains), [typeof(Guid)],
            System.Linq.Expressions.Expression.Property(System.Linq.Expressions.Expression.Constant(new KeySet(ids.ToArray())), nameof(KeySet.Keys)), key.Body);
        return System.Linq.Expressions.Expression.Lambda<Func<T, bool>>(contains, key.Parameters);
    }
}

/// <summary>Holds keys so that EF sends them as a parameter rather than inlining them into the SQL text.</summary>
internal sealed record KeySet(Guid[] Keys);

public static class ResolveFieldContextExtensions
{
    /// <summary>The request's database context (resolvers of one request run one at a time).</summary>
    public static ContactBoxDbContext Db(this IResolveFieldContext context) =>
        context.RequestServices!.GetRequiredService<ContactBoxDbContext>();

    public static DataLoaders Loaders(this IResolveFieldContext context) =>
        context.RequestServices!.GetRequiredService<DataLoaders>();

    /// <summary>The current instant, from the host's clock (tests move it).</summary>
    public static DateTimeOffset Now(this IResolveFieldContext context) =>
        context.RequestServices!.GetRequiredService<TimeProvider>().GetUtcNow();
}
