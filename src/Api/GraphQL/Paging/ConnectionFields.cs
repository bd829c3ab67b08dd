using System.Linq.Expressions;
using ContactBox.Api.GraphQL.DataLoading;
using ContactBox.Api.GraphQL.Filtering;
using ContactBox.Api.GraphQL.Sorting;
using ContactBox.Domain.Common;
using ContactBox.Infrastructure.Persistence;
using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Api.GraphQL.Paging;

/// <summary>
/// Declares paged, filterable, sortable list fields in HotChocolate's shape:
/// <c>contacts(first, after, last, before, where, order): ContactsConnection!</c>.
/// </summary>
public static class ConnectionFields
{
    /// <summary>The leading order of a field that computes no sort keys of its own.</summary>
    private static readonly Task<IReadOnlyList<SortKey>> NoKeys = Task.FromResult<IReadOnlyList<SortKey>>([]);

    /// <summary>A root list: the query is paged, filtered and sorted in SQL.</summary>
    public static FieldBuilder<TSource, object> Connection<TSource, T>(
        this ObjectGraphType<TSource> type,
        SchemaKit kit,
        string name,
        string prefix,
        Type nodeType,
        Func<IResolveFieldContext<TSource>, IQueryable<T>> source,
        params SortKey[] defaultOrder)
        where T : class =>
        type.Connection(kit, name, prefix, nodeType, source, _ => NoKeys, defaultOrder);

    /// <summary>
    /// A root list whose query needs an awaited read first (e.g. the IDs of the rows to show, found outside SQL); the
    /// query it returns is paged, filtered and sorted in SQL like any other.
    /// </summary>
    public static FieldBuilder<TSource, object> Connection<TSource, T>(
        this ObjectGraphType<TSource> type,
        SchemaKit kit,
        string name,
        string prefix,
        Type nodeType,
        Func<IResolveFieldContext<TSource>, Task<IQueryable<T>>> source,
        params SortKey[] defaultOrder)
        where T : class =>
        Root(type, kit, name, prefix, nodeType, context => new ValueTask<IQueryable<T>>(source(context)), _ => NoKeys, defaultOrder);

    /// <summary>
    /// A root list whose order starts with keys the field computes itself (e.g. a custom field's value, from its own
    /// argument), followed by the <c>order</c> argument or the default order.
    /// </summary>
    public static FieldBuilder<TSource, object> Connection<TSource, T>(
        this ObjectGraphType<TSource> type,
        SchemaKit kit,
        string name,
        string prefix,
        Type nodeType,
        Func<IResolveFieldContext<TSource>, IQueryable<T>> source,
        Func<IResolveFieldContext<TSource>, Task<IReadOnlyList<SortKey>>> leadingOrder,
        params SortKey[] defaultOrder)
        where T : class =>
        Root(type, kit, name, prefix, nodeType, context => new ValueTask<IQueryable<T>>(source(context)), leadingOrder, defaultOrder);

    /// <summary>The one resolver of every root list; a synchronous source completes at once (no task is allocated).</summary>
    private static FieldBuilder<TSource, object> Root<TSource, T>(
        ObjectGraphType<TSource> type,
        SchemaKit kit,
        string name,
        string prefix,
        Type nodeType,
        Func<IResolveFieldContext<TSource>, ValueTask<IQueryable<T>>> source,
        Func<IResolveFieldContext<TSource>, Task<IReadOnlyList<SortKey>>> leadingOrder,
        SortKey[] defaultOrder)
        where T : class
    {
        var shape = kit.Shape<T>();
        return Arguments<TSource, T>(type.Field(name, new NonNullGraphType(kit.ConnectionType(prefix, nodeType))), kit)
            .ResolveAsync(async context =>
            {
                var (where, order) = Read<T>(context, shape, defaultOrder);
                order = [.. await leadingOrder(context), .. order];
                var query = (await source(context)).AsNoTracking();
                if (where is not null)
                {
                    query = query.Where(where);
                }

                var cancel = context.CancellationToken;
                var first = context.GetArgument<int?>("first");
                var last = context.GetArgument<int?>("last");
                var before = context.GetArgument<string?>("before");
                int? total = last is not null && before is null ? await query.CountAsync(cancel) : null;
                var window = PageWindow.For(first, context.GetArgument<string?>("after"), last, before, kit.Options, total);
                var rows = window.Take == 0
                    ? []
                    : await SortTranslator.Apply(query, order).Skip(window.Skip).Take(window.Take + 1).ToListAsync(cancel);
                return Paging.Connection.From(rows, window, ct => total is { } known ? Task.FromResult(known) : query.CountAsync(ct));
            });
    }

    /// <summary>
    /// A list under each parent (a contact's timeline): one statement serves a whole page of parents, whatever
    /// its size, by numbering rows per parent in SQL. Pages both ways, as a root list: <c>last</c> without
    /// <c>before</c> reads each parent's last rows in the reverse order and places them by the parent's count.
    /// </summary>
    public static FieldBuilder<TParent, object> ChildConnection<TParent, T>(
        this ObjectGraphType<TParent> type,
        SchemaKit kit,
        string name,
        string prefix,
        Type nodeType,
        Expression<Func<T, Guid>> parentKey,
        params SortKey[] defaultOrder)
        where TParent : Entity
        where T : class
    {
        var shape = kit.Shape<T>();
        return Arguments<TParent, T>(type.Field(name, new NonNullGraphType(kit.ConnectionType(prefix, nodeType))), kit)
            .Resolve(context =>
            {
                // The field in the document (one per alias) is the same for every parent of the page: read its
                // arguments and build its loaders once, then each parent only adds its key.
                var loaders = context.Loaders();
                var field = loaders.GetOrAddState(context.FieldAst, () =>
                {
                    var (where, order) = Read<T>(context, shape, defaultOrder);
                    var last = context.GetArgument<int?>("last");
                    var before = context.GetArgument<string?>("before");
                    var after = context.GetArgument<string?>("after");
                    var counts = new BatchLoader<Guid, int>((ids, ct) =>
                        CountPerParentAsync<T>(loaders.Db.Set<T>().AsNoTracking().Where(In(parentKey, ids)), where, parentKey, ct));
                    if (last is { } takeLast && before is null)
                    {
                        // Each parent's last rows, read from its end.
                        PageWindow.CheckSizes(context.GetArgument<int?>("first"), takeLast, kit.Options);
                        var start = PageWindow.Start(after);
                        var reversed = order.Select(k => k with { Descending = !k.Descending }).ToList();
                        var ends = new BatchLoader<Guid, IReadOnlyList<T>>((ids, ct) =>
                            FetchWindowsAsync<TParent, T>(loaders.Db, ids, where, reversed, parentKey, new PageWindow(0, takeLast, false), ct), () => []);
                        return (Window: (PageWindow?)null, Pages: ends, Counts: counts, Start: start, Last: takeLast);
                    }

                    var window = PageWindow.For(context.GetArgument<int?>("first"), after, last, before, kit.Options);
                    var pages = new BatchLoader<Guid, IReadOnlyList<T>>((ids, ct) =>
                        FetchWindowsAsync<TParent, T>(loaders.Db, ids, where, order, parentKey, window, ct), () => []);
                    return (Window: (PageWindow?)window, Pages: pages, Counts: counts, Start: 0, Last: 0);
                });
                var id = context.Source.Id;
                Func<CancellationToken, Task<int>> count = async ct => await field.Counts.Load(id).GetResultAsync(ct);
                if (field.Window is { } window)
                {
                    return field.Pages.Load(id).Then(rows => Paging.Connection.From(rows!, window, count));
                }

                return field.Pages.Load(id).Then(field.Counts.Load(id), (reversed, total) =>
                {
                    var from = Math.Max(field.Start, total - field.Last);
                    var rows = reversed!.Take(Math.Max(0, total - from)).Reverse().ToList<object>();
                    return Paging.Connection.From(rows, new PageWindow(from, rows.Count, false), count);
                });
            });
    }

    /// <summary>The cursor arguments of every connection field: first, after, last, before.</summary>
    public static FieldBuilder<TSource, object> PagingArguments<TSource>(this FieldBuilder<TSource, object> field) =>
        field
            .Argument<IntGraphType>("first", "Returns the first _n_ elements from the list.")
            .Argument<StringGraphType>("after", "Returns the elements in the list that come after the specified cursor.")
            .Argument<IntGraphType>("last", "Returns the last _n_ elements from the list.")
            .Argument<StringGraphType>("before", "Returns the elements in the list that come before the specified cursor.");

    private static FieldBuilder<TSource, object> Arguments<TSource, T>(FieldBuilder<TSource, object> field, SchemaKit kit) =>
        field.PagingArguments()
            .Argument(kit.FilterType<T>(), "where")
            .Argument(new ListGraphType(new NonNullGraphType(kit.SortType<T>())), "order");

    private static (Expression<Func<T, bool>>? Where, IReadOnlyList<SortKey> Order) Read<T>(IResolveFieldContext context, EntityShape shape, SortKey[] defaultOrder)
    {
        var where = context.GetArgument<Dictionary<string, object?>?>("where");
        return (
            where is null ? null : FilterTranslator.Translate<T>(shape, where),
            SortTranslator.Read(shape, context.GetArgument<List<object?>?>("order"), defaultOrder));
    }

    private static async Task<IReadOnlyDictionary<Guid, IReadOnlyList<T>>> FetchWindowsAsync<TParent, T>(
        ContactBoxDbContext db, IReadOnlyList<Guid> ids, Expression<Func<T, bool>>? where, IReadOnlyList<SortKey> order, Expression<Func<T, Guid>> parentKey, PageWindow window, CancellationToken cancellationToken)
        where TParent : Entity
        where T : class
    {
        if (window.Take == 0)
        {
            return new Dictionary<Guid, IReadOnlyList<T>>();
        }

        // parents.Select(p => new Window(p.Id, children.Where(c => c.ParentId == p.Id && where).OrderBy(…).Skip(s).Take(n + 1).ToList()))
        // EF Core numbers the children per parent with ROW_NUMBER(): one statement for the whole page of parents.
        var parent = Expression.Parameter(typeof(TParent), "parent");
        Expression children = Expression.Property(Expression.Constant(new ChildSource<T>(db)), nameof(ChildSource<T>.Rows));
        var ofParent = Expression.Lambda<Func<T, bool>>(Expression.Equal(parentKey.Body, Expression.Property(parent, nameof(Entity.Id))), parentKey.Parameters);
        children = Expression.Call(typeof(Queryable), nameof(Queryable.Where), [typeof(T)], children, Expression.Quote(ofParent));

        // The same parents again, uncorrelated: lets the database number only this page's children, not all.
        children = Expression.Call(typeof(Queryable), nameof(Queryable.Where), [typeof(T)], children, Expression.Quote(In(parentKey, ids)));
        if (where is not null)
        {
            children = Expression.Call(typeof(Queryable), nameof(Queryable.Where), [typeof(T)], children, Expression.Quote(where));
        }

        children = SortTranslator.Apply(children, typeof(T), order, typeof(Queryable), quote: true);
        children = Expression.Call(typeof(Queryable), nameof(Queryable.Skip), [typeof(T)], children, Expression.Constant(window.Skip));
        children = Expression.Call(typeof(Queryable), nameof(Queryable.Take), [typeof(T)], children, Expression.Constant(window.Take + 1));
        children = Expression.Call(typeof(Enumerable), nameof(Enumerable.ToList), [typeof(T)], children);
        var projection = Expression.Lambda<Func<TParent, ChildWindow<T>>>(
            Expression.New(typeof(ChildWindow<T>).GetConstructors()[0], Expression.Property(parent, nameof(Entity.Id)), children), parent);

        var windows = await db.Set<TParent>().AsNoTracking().Where(In<TParent>(p => p.Id, ids)).Select(projection).ToListAsync(cancellationToken);
        return windows.ToDictionary(w => w.ParentId, w => (IReadOnlyList<T>)w.Rows);
    }

    /// <summary>The rows of one parent's page.</summary>
    private sealed record ChildWindow<T>(Guid ParentId, List<T> Rows);

    /// <summary>Lets the child query start from the request's DbContext inside an expression tree.</summary>
    private sealed class ChildSource<T>(ContactBoxDbContext db)
        where T : class
    {
        public IQueryable<T> Rows => db.Set<T>().AsNoTracking();
    }

    private static async Task<IReadOnlyDictionary<Guid, int>> CountPerParentAsync<T>(
        IQueryable<T> query, Expression<Func<T, bool>>? where, Expression<Func<T, Guid>> parentKey, CancellationToken cancellationToken)
    {
        if (where is not null)
        {
            query = query.Where(where);
        }

        return await query.GroupBy(parentKey).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
    }

    private static Expression<Func<T, bool>> In<T>(Expression<Func<T, Guid>> key, IReadOnlyList<Guid> ids)
    {
        var holder = new { Ids = ids.ToArray() };
        var contains = Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [typeof(Guid)],
            Expression.Property(Expression.Constant(holder), "Ids"), key.Body);
        return Expression.Lambda<Func<T, bool>>(contains, key.Parameters);
    }
}
