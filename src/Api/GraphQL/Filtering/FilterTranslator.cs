using System.Collections;
using System.Linq.Expressions;
using System.Reflection;
using ContactBox.Api.GraphQL.Relay;

namespace ContactBox.Api.GraphQL.Filtering;

/// <summary>A <c>where</c> value that cannot be applied; <see cref="Path"/> says where in the input it is.</summary>
public sealed class FilterException(string path, string message) : Exception(message)
{
    public string Path { get; } = path;
}

/// <summary>
/// Turns a parsed <c>where</c> input into an expression that EF Core translates to SQL. One translator for all
/// types: it reads only the <see cref="EntityShape"/>. Values become query parameters, never SQL text.
/// </summary>
public static class FilterTranslator
{
    private static readonly MethodInfo StringContains = typeof(string).GetMethod(nameof(string.Contains), [typeof(string)])!;
    private static readonly MethodInfo StringStartsWith = typeof(string).GetMethod(nameof(string.StartsWith), [typeof(string)])!;
    private static readonly MethodInfo StringEndsWith = typeof(string).GetMethod(nameof(string.EndsWith), [typeof(string)])!;

    /// <summary>Largest number of values an <c>in</c>/<c>nin</c> list may hold.</summary>
    public const int MaxListValues = 1000;

    public static Expression<Func<T, bool>> Translate<T>(EntityShape shape, IDictionary<string, object?> where, string argumentName = "where")
    {
        var row = Expression.Parameter(typeof(T), "row");
        return Expression.Lambda<Func<T, bool>>(ObjectFilter(shape, row, where, argumentName), row);
    }

    private static Expression ObjectFilter(EntityShape shape, Expression target, IDictionary<string, object?> where, string path)
    {
        var parts = new List<Expression>();
        foreach (var (name, value) in where)
        {
            var at = $"{path}.{name}";
            if (name is "and" or "or")
            {
                var items = Items(value, at).Select((item, i) => ObjectFilter(shape, target, AsObject(item, $"{at}[{i}]"), $"{at}[{i}]")).ToList();
                if (items.Count > 0)
                {
                    parts.Add(items.Aggregate(name == "and" ? Expression.AndAlso : Expression.OrElse));
                }

                continue;
            }

            if (!shape.Fields.TryGetValue(name, out var field))
            {
                throw new FilterException(at, $"{shape.Name} cannot be filtered by '{name}'.");
            }

            if (value is null)
            {
                throw new FilterException(at, $"The filter on '{name}' needs an operation, not null.");
            }

            var member = Expression.Property(target, field.Property);
            parts.Add(field switch
            {
                { IsReference: true } => ObjectFilter(field.Element!, member, AsObject(value, at), at),
                { Element: { } element } => ListFilter(element, member, AsObject(value, at), at),
                _ => ValueFilter(field, member, AsObject(value, at), at),
            });
        }

        return parts.Count == 0 ? Expression.Constant(true) : parts.Aggregate(Expression.AndAlso);
    }

    private static Expression ListFilter(EntityShape element, Expression member, IDictionary<string, object?> operations, string path)
    {
        var parts = new List<Expression>();
        foreach (var (op, value) in operations)
        {
            var at = $"{path}.{op}";
            if (value is null)
            {
                throw new FilterException(at, $"'{op}' needs a value.");
            }

            if (op == "any")
            {
                var any = Expression.Call(typeof(Enumerable), nameof(Enumerable.Any), [element.ClrType], member);
                parts.Add((bool)value ? any : Expression.Not(any));
                continue;
            }

            var item = Expression.Parameter(element.ClrType, "item");
            var predicate = Expression.Lambda(ObjectFilter(element, item, AsObject(value, at), at), item);
            parts.Add(op switch
            {
                "some" => Expression.Call(typeof(Enumerable), nameof(Enumerable.Any), [element.ClrType], member, predicate),
                "none" => Expression.Not(Expression.Call(typeof(Enumerable), nameof(Enumerable.Any), [element.ClrType], member, predicate)),
                "all" => Expression.Call(typeof(Enumerable), nameof(Enumerable.All), [element.ClrType], member, predicate),
                _ => throw new FilterException(at, $"Unknown list operation '{op}'."),
            });
        }

        return parts.Count == 0 ? Expression.Constant(true) : parts.Aggregate(Expression.AndAlso);
    }

    private static Expression ValueFilter(EntityField field, MemberExpression member, IDictionary<string, object?> operations, string path)
    {
        var parts = new List<Expression>();
        foreach (var (op, value) in operations)
        {
            var at = $"{path}.{op}";
            if (op is "and" or "or")
            {
                var items = Items(value, at).Select((item, i) => ValueFilter(field, member, AsObject(item, $"{at}[{i}]"), $"{at}[{i}]")).ToList();
                if (items.Count > 0)
                {
                    parts.Add(items.Aggregate(op == "and" ? Expression.AndAlso : Expression.OrElse));
                }

                continue;
            }

            parts.Add(Operation(field, member, op, value, at));
        }

        return parts.Count == 0 ? Expression.Constant(true) : parts.Aggregate(Expression.AndAlso);
    }

    private static Expression Operation(EntityField field, MemberExpression member, string op, object? value, string path)
    {
        switch (op)
        {
            case "eq" or "neq" when value is null && member.Type.IsValueType && Nullable.GetUnderlyingType(member.Type) is null:
                throw new FilterException(path, $"'{field.Name}' always has a value; compare it with a value, not null.");
            case "eq":
                return Expression.Equal(member, Parameter(Convert(field, value, path), member.Type));
            case "neq":
                return Expression.NotEqual(member, Parameter(Convert(field, value, path), member.Type));
            case "in":
            case "nin":
            {
                var values = Items(value ?? throw new FilterException(path, $"'{op}' needs a list."), path);
                if (values.Count > MaxListValues)
                {
                    throw new FilterException(path, $"'{op}' accepts at most {MaxListValues} values.");
                }

                var list = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(member.Type))!;
                foreach (var item in values)
                {
                    list.Add(Convert(field, item, path));
                }

                var contains = Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [member.Type], Parameter(list, list.GetType()), member);
                return op == "in" ? contains : Expression.Not(contains);
            }
        }

        if (value is null)
        {
            throw new FilterException(path, $"'{op}' needs a value, not null.");
        }

        var operand = Parameter(Convert(field, value, path), member.Type);
        return op switch
        {
            "contains" => Expression.Call(member, StringContains, operand),
            "ncontains" => Expression.Not(Expression.Call(member, StringContains, operand)),
            "startsWith" => Expression.Call(member, StringStartsWith, operand),
            "nstartsWith" => Expression.Not(Expression.Call(member, StringStartsWith, operand)),
            "endsWith" => Expression.Call(member, StringEndsWith, operand),
            "nendsWith" => Expression.Not(Expression.Call(member, StringEndsWith, operand)),
            "gt" => Expression.GreaterThan(member, operand),
            "ngt" => Expression.Not(Expression.GreaterThan(member, operand)),
            "gte" => Expression.GreaterThanOrEqual(member, operand),
            "ngte" => Expression.Not(Expression.GreaterThanOrEqual(member, operand)),
            "lt" => Expression.LessThan(member, operand),
            "nlt" => Expression.Not(Expression.LessThan(member, operand)),
            "lte" => Expression.LessThanOrEqual(member, operand),
            "nlte" => Expression.Not(Expression.LessThanOrEqual(member, operand)),
            _ => throw new FilterException(path, $"Unknown operation '{op}'."),
        };
    }

    private static object? Convert(EntityField field, object? value, string path)
    {
        if (value is null)
        {
            return null;
        }

        if (field.Kind == ValueKind.Id)
        {
            try
            {
                return GlobalId.Parse(value.ToString(), field.IdTypeName!, path);
            }
            catch (InvalidIdException e)
            {
                throw new FilterException(path, e.Message);
            }
        }

        if (value is DateTimeOffset instant)
        {
            // Instants are stored in UTC; PostgreSQL accepts only UTC parameters for timestamptz.
            return instant.ToUniversalTime();
        }

        var target = field.ValueType;
        return value.GetType() == target ? value : System.Convert.ChangeType(value, target, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A captured value: EF Core sends it as a parameter, so the SQL text (and its plan) is shared.</summary>
    private static MemberExpression Parameter(object? value, Type type)
    {
        var holder = Activator.CreateInstance(typeof(ValueHolder<>).MakeGenericType(type), value)!;
        return Expression.Property(Expression.Constant(holder), "Value");
    }

    private static IDictionary<string, object?> AsObject(object? value, string path) =>
        value as IDictionary<string, object?> ?? throw new FilterException(path, "Expected an input object.");

    private static List<object?> Items(object? value, string path) =>
        value is IEnumerable items and not string ? items.Cast<object?>().ToList() : throw new FilterException(path, "Expected a list.");

    private sealed class ValueHolder<TValue>(TValue value)
    {
        public TValue Value { get; } = value;
    }
}
