using ContactBox.Api.GraphQL.Filtering;
using ContactBox.Api.GraphQL.Paging;
using ContactBox.Api.GraphQL.Sorting;
using GraphQL.Types;
using Microsoft.Extensions.Options;

namespace ContactBox.Api.GraphQL;

/// <summary>
/// What feature graph types need to declare connections, filters, sorts and mutations: the metadata-built
/// types of this schema (each created once) and the paging options. Injected into graph type constructors.
/// </summary>
public sealed class SchemaKit(GraphTypeRegistry registry, EntityShapes shapes, FilterTypeFactory filters, IOptions<GraphQLOptions> options)
{
    public GraphQLOptions Options { get; } = options.Value;
    public GraphTypeRegistry Registry { get; } = registry;

    public EntityShape Shape<T>() => shapes.Of(typeof(T));

    public EntityFilterInputType FilterType<T>() => filters.For<T>();

    public EntitySortInputType SortType<T>() =>
        Registry.GetOrAdd($"{typeof(T).Name}SortInput", () => new EntitySortInputType(Shape<T>()));

    public ConnectionGraphType ConnectionType(string prefix, Type nodeType) =>
        Registry.GetOrAdd($"{prefix}Connection", () => new ConnectionGraphType(prefix, nodeType));
}
