using System.Linq.Expressions;
using ContactBox.Api.GraphQL.Filtering;
using GraphQL.Types;

namespace ContactBox.Api.GraphQL.Sorting;

public enum SortEnumType
{
    Asc,
    Desc,
}

/// <summary><c>SortEnumType</c> with the values <c>ASC</c> and <c>DESC</c>.</summary>
public sealed class SortEnumGraphType : EnumerationGraphType<SortEnumType>
{
    public SortEnumGraphType() => Name = "SortEnumType";
}

/// <summary><c>ContactSortInput</c> and the like: one field per sortable scalar of the entity.</summary>
[global::GraphQL.DoNotRegister] // built from metadata, once per schema
public sealed class EntitySortInputType : InputObjectGraphType
{
    public EntitySortInputType(EntityShape shape)
    {
        Name = $"{shape.Name}SortInput";
        Shape = shape;
        foreach (var field in SortableFields(shape))
        {
            AddField(new FieldType { Name = field.Name, Type = typeof(SortEnumGraphType) });
        }
    }

    public EntityShape Shape { get; }

    public static IEnumerable<EntityField> SortableFields(EntityShape shape) =>
        shape.Fields.Values.Where(f => f.Element is null && f.Kind != ValueKind.Id);
}

/// <summary>One key of an ordering: which property, which direction.</summary>
public sealed record SortKey(LambdaExpression Selector, bool Descending)
{
    public static SortKey Asc<T, TKey>(Expression<Func<T, TKey>> selector) => new(selector, false);

    public static SortKey Desc<T, TKey>(Expression<Func<T, TKey>> selector) => new(selector, true);
}

public sealed class SortException(string path, string message) : Exception(message)
{
    public string Path { get; } = path;
}

/// <summary>Reads <c>order</c> inputs into sort keys and applies them to queryables or, inside a query, to groups.</summary>
public static class SortTranslator
{
    public static IReadOnlyList<SortKey> Read(EntityShape shape, IEnumerable<object?>? order, IReadOnlyList<SortKey> defaults)
    {
        var keys = new List<SortKey>();
        var i = 0;
        foreach (var item in order ?? [])
        {
            if (item is not IDictionary<string, object?> fields)
            {
                throw new SortException($"order[{i}]", "Expected an input object.");
            }

            foreach (var (name, direction) in fields)
            {
                if (!shape.Fields.TryGetValue(name, out var field) || field.Element is not null || direction is not SortEnumType dir)
                {
                    throw new SortException($"order[{i}].{name}", $"{shape.Name} cannot be sorted by '{name}'.");
                }

                var row = Expression.Parameter(shape.ClrType, "row");
                keys.Add(new SortKey(Expression.Lambda(Expression.Property(row, field.Property), row), dir == SortEnumType.Desc));
            }

            i++;
        }

        if (keys.Count == 0)
        {
            keys.AddRange(defaults);
        }

        // The key last: equal values keep one order between pages.
        var id = Expression.Parameter(shape.ClrType, "row");
        keys.Add(new SortKey(Expression.Lambda(Expression.Property(id, "Id"), id), keys.Count > 0 && keys[^1].Descending));
        return keys;
    }

    public static IQueryable<T> Apply<T>(IQueryable<T> source, IReadOnlyList<SortKey> keys) =>
        source.Provider.CreateQuery<T>(Apply(source.Expression, typeof(T), keys, typeof(Queryable), quote: true));

    /// <summary>Builds <c>OrderBy(…).ThenBy(…)</c> calls on <paramref name="source"/> with Queryable or Enumerable methods.</summary>
    public static Expression Apply(Expression source, Type elementType, IReadOnlyList<SortKey> keys, Type methods, bool quote)
    {
        var result = source;
        for (var i = 0; i < keys.Count; i++)
        {
            var key = keys[i];
            var method = (i == 0, key.Descending) switch
            {
                (true, false) => nameof(Queryable.OrderBy),
                (true, true) => nameof(Queryable.OrderByDescending),
                (false, false) => nameof(Queryable.ThenBy),
                (false, true) => nameof(Queryable.ThenByDescending),
            };
            result = Expression.Call(methods, method, [elementType, key.Selector.ReturnType], result, quote ? Expression.Quote(key.Selector) : key.Selector);
        }

        return result;
    }
}
