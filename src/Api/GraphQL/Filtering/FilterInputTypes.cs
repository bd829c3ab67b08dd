using ContactBox.Api.GraphQL.Scalars;
using GraphQL.Types;

namespace ContactBox.Api.GraphQL.Filtering;

/// <summary>Operators per kind of value, named as HotChocolate names them.</summary>
public static class FilterOperators
{
    public static readonly string[] Equality = ["eq", "neq", "in", "nin"];
    public static readonly string[] String = [.. Equality, "contains", "ncontains", "startsWith", "nstartsWith", "endsWith", "nendsWith"];
    public static readonly string[] Comparable = [.. Equality, "gt", "ngt", "gte", "ngte", "lt", "nlt", "lte", "nlte"];
    public static readonly string[] Boolean = ["eq", "neq"];
    public static readonly string[] List = ["all", "none", "some", "any"];

    public static string[] For(ValueKind kind) => kind switch
    {
        ValueKind.String => String,
        ValueKind.Boolean => Boolean,
        ValueKind.Comparable => Comparable,
        _ => Equality,
    };
}

/// <summary><c>StringOperationFilterInput</c>, <c>DateTimeOperationFilterInput</c>, …: the operators on one kind of value.</summary>
[global::GraphQL.DoNotRegister] // built from metadata, once per schema
public sealed class OperationFilterInputType : InputObjectGraphType
{
    public OperationFilterInputType(string name, Type valueType, ValueKind kind)
    {
        Name = name;
        var self = new ListGraphType(new NonNullGraphType(this));
        AddField(new FieldType { Name = "and", ResolvedType = self });
        AddField(new FieldType { Name = "or", ResolvedType = self });
        foreach (var op in FilterOperators.For(kind))
        {
            var type = op is "in" or "nin" ? typeof(ListGraphType<>).MakeGenericType(valueType) : valueType;
            AddField(new FieldType { Name = op, Type = type });
        }
    }
}

/// <summary><c>ListFilterInputTypeOfContactTagFilterInput</c>: some/all/none/any over a collection.</summary>
[global::GraphQL.DoNotRegister] // built from metadata, once per schema
public sealed class ListFilterInputType : InputObjectGraphType
{
    public ListFilterInputType(EntityFilterInputType element)
    {
        Name = $"ListFilterInputTypeOf{element.Name}";
        AddField(new FieldType { Name = "all", ResolvedType = element });
        AddField(new FieldType { Name = "none", ResolvedType = element });
        AddField(new FieldType { Name = "some", ResolvedType = element });
        AddField(new FieldType { Name = "any", Type = typeof(BooleanGraphType) });
    }
}

/// <summary><c>ContactFilterInput</c> and the like: built from an <see cref="EntityShape"/>.</summary>
[global::GraphQL.DoNotRegister] // built from metadata, once per schema
public sealed class EntityFilterInputType : InputObjectGraphType
{
    public EntityFilterInputType(EntityShape shape, FilterTypeFactory factory)
    {
        Name = $"{shape.Name}FilterInput";
        Shape = shape;
        var self = new ListGraphType(new NonNullGraphType(this));
        AddField(new FieldType { Name = "and", ResolvedType = self });
        AddField(new FieldType { Name = "or", ResolvedType = self });
        foreach (var field in shape.Fields.Values)
        {
            AddField(new FieldType { Name = field.Name, ResolvedType = factory.OperationTypeFor(field) });
        }
    }

    public EntityShape Shape { get; }
}

/// <summary>Creates the filter input types of the schema, each once, from the entity shapes.</summary>
public sealed class FilterTypeFactory(GraphTypeRegistry registry, EntityShapes shapes)
{
    public EntityFilterInputType For<T>() => For(shapes.Of(typeof(T)));

    public EntityFilterInputType For(EntityShape shape) =>
        registry.GetOrAdd($"{shape.Name}FilterInput", () => new EntityFilterInputType(shape, this));

    internal IGraphType OperationTypeFor(EntityField field)
    {
        if (field.IsReference)
        {
            return For(field.Element!);
        }

        if (field.Element is { } element)
        {
            var elementType = For(element);
            return registry.GetOrAdd($"ListFilterInputTypeOf{elementType.Name}", () => new ListFilterInputType(elementType));
        }

        var (prefix, valueType) = ValueTypeFor(field);
        var name = $"{prefix}OperationFilterInput";
        return registry.GetOrAdd(name, () => new OperationFilterInputType(name, valueType, field.Kind));
    }

    /// <summary>The scalar or enum graph type of a field's values, as a type reference shared with the output types.</summary>
    internal static (string Prefix, Type Type) ValueTypeFor(EntityField field) => field.Kind switch
    {
        ValueKind.Id => ("Id", typeof(IdGraphType)),
        ValueKind.String => ("String", typeof(StringGraphType)),
        ValueKind.Boolean => ("Boolean", typeof(BooleanGraphType)),
        ValueKind.Enum => (field.ValueType.Name, typeof(EnumerationGraphType<>).MakeGenericType(field.ValueType)),
        _ when field.ValueType == typeof(DateTimeOffset) => ("DateTime", typeof(DateTimeType)),
        _ when field.ValueType == typeof(DateOnly) => ("Date", typeof(DateType)),
        _ when field.ValueType == typeof(long) => ("Long", typeof(LongGraphType)),
        _ when field.ValueType == typeof(decimal) => ("Decimal", typeof(DecimalGraphType)),
        _ when field.ValueType == typeof(double) => ("Float", typeof(FloatGraphType)),
        _ => ("Int", typeof(IntGraphType)),
    };
}
