using System.Reflection;
using ContactBox.Domain.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace ContactBox.Api.GraphQL.Filtering;

public enum ValueKind
{
    String,
    Comparable,
    Boolean,
    Enum,
    Id,
}

/// <summary>
/// One filterable or sortable member of an entity, read from the EF Core model. <see cref="Element"/> is set for
/// navigations: a collection (<see cref="IsList"/>, filtered with some/all/none/any) or a reference (filtered
/// with the target's own filter, e.g. <c>field: { key: { eq: "branche" } }</c>).
/// </summary>
public sealed record EntityField(string Name, PropertyInfo Property, ValueKind Kind, Type ValueType, string? IdTypeName, EntityShape? Element, bool IsCollection = true)
{
    public bool IsList => Element is not null && IsCollection;

    public bool IsReference => Element is not null && !IsCollection;
}

/// <summary>
/// What filters and sorts can reach on an entity: its mapped scalar properties (keys and foreign keys as IDs),
/// its collections (child tables and JSON collections) as lists. Derived once from the EF Core model, so the
/// <c>where</c>/<c>order</c> inputs of every type come from the same metadata the SQL is generated from.
/// </summary>
public sealed class EntityShape
{
    private static readonly HashSet<string> Hidden = [nameof(IWorkspaceOwned.WorkspaceId)];

    private EntityShape(Type clrType) => ClrType = clrType;

    public Type ClrType { get; }
    public string Name => ClrType.Name;
    public IReadOnlyDictionary<string, EntityField> Fields { get; private set; } = new Dictionary<string, EntityField>();

    public static EntityShape For(IModel model, Type clrType) => Build(model.FindEntityType(clrType) ?? throw new InvalidOperationException($"{clrType.Name} is not part of the EF model."), []);

    private static EntityShape Build(IReadOnlyEntityType entityType, Dictionary<Type, EntityShape> seen)
    {
        if (seen.TryGetValue(entityType.ClrType, out var known))
        {
            return known;
        }

        var shape = new EntityShape(entityType.ClrType);
        seen.Add(entityType.ClrType, shape);
        var fields = new Dictionary<string, EntityField>();

        foreach (var property in entityType.GetProperties())
        {
            if (property.IsShadowProperty() || property.PropertyInfo is not { } info || Hidden.Contains(property.Name) || property.IsConcurrencyToken
                || info.IsDefined(typeof(NotQueryableAttribute)))
            {
                continue;
            }

            var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
            var (kind, idType) = Classify(property, type);
            if (kind is { } k)
            {
                fields.Add(CamelCase(property.Name), new EntityField(CamelCase(property.Name), info, k, type, idType, null));
            }
        }

        foreach (var navigation in entityType.GetNavigations().Where(n => n.PropertyInfo is not null && (n.IsCollection || !n.TargetEntityType.IsOwned())))
        {
            var element = Build(navigation.TargetEntityType, seen);
            fields.Add(CamelCase(navigation.Name), new EntityField(CamelCase(navigation.Name), navigation.PropertyInfo!, ValueKind.Comparable, navigation.TargetEntityType.ClrType, null, element, navigation.IsCollection));
        }

        shape.Fields = fields;
        return shape;
    }

    private static (ValueKind?, string?) Classify(IReadOnlyProperty property, Type type)
    {
        if (type == typeof(Guid))
        {
            var principal = property.GetContainingForeignKeys().FirstOrDefault()?.PrincipalEntityType;
            if (principal is not null)
            {
                return (ValueKind.Id, principal.ClrType.Name);
            }

            return property.IsPrimaryKey() && property.DeclaringType is IReadOnlyEntityType { } owner && owner.FindPrimaryKey()!.Properties.Count == 1
                ? (ValueKind.Id, owner.ClrType.Name)
                : (null, null);
        }

        if (type == typeof(string))
        {
            return (ValueKind.String, null);
        }

        if (type == typeof(bool))
        {
            return (ValueKind.Boolean, null);
        }

        if (type.IsEnum)
        {
            return type.IsDefined(typeof(FlagsAttribute), false) ? (null, null) : (ValueKind.Enum, null);
        }

        return type == typeof(int) || type == typeof(long) || type == typeof(DateTimeOffset) || type == typeof(DateOnly) || type == typeof(decimal) || type == typeof(double)
            ? (ValueKind.Comparable, null)
            : (null, null);
    }

    public static string CamelCase(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
