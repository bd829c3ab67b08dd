using ContactBox.Api.GraphQL.Authorization;
using ContactBox.Api.GraphQL.DataLoading;
using ContactBox.Domain.Common;
using GraphQL;
using GraphQL.DataLoader;
using GraphQL.Types;

namespace ContactBox.Api.GraphQL.Relay;

/// <summary><c>interface Node { id: ID! }</c>.</summary>
public sealed class NodeInterface : InterfaceGraphType
{
    public NodeInterface()
    {
        Name = "Node";
        Description = "The node interface is implemented by entities that have a global unique identifier.";
        Field<NonNullGraphType<IdGraphType>>("id");
    }
}

/// <summary>Which graph type names can be fetched by <c>node(id:)</c>, and how: by the batched ID loader.</summary>
public sealed class NodeRegistry
{
    private readonly Dictionary<string, Func<IResolveFieldContext, Guid, IDataLoaderResult<object?>>> _fetchers = [];

    /// <summary>
    /// Makes <typeparamref name="T"/> fetchable by ID; <paramref name="visible"/> narrows it further than the workspace
    /// (e.g. to the caller's own objects): an object the caller may not see is not found.
    /// </summary>
    public void Register<T>(string typeName, Func<IResolveFieldContext, T, bool>? visible = null)
        where T : Entity
    {
        lock (_fetchers)
        {
            _fetchers[typeName] = (context, id) => context.Loaders().ById<T>().Load(id)
                .Then(e => e is not null && (visible is null || visible(context, e)) ? (object?)e : null);
        }
    }

    public IDataLoaderResult<object?>? Load(IResolveFieldContext context, string typeName, Guid id) =>
        _fetchers.TryGetValue(typeName, out var fetch) ? fetch(context, id) : null;
}

public static class NodeTypeExtensions
{
    /// <summary>Makes an object type a Node: a global <c>id</c>, the interface, and a way for <c>node</c> to fetch it.</summary>
    public static void AsNode<T>(this ObjectGraphType<T> type, NodeRegistry registry, Func<IResolveFieldContext, T, bool>? visible = null)
        where T : Entity
    {
        var name = type.Name;
        type.Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => GlobalId.Format(name, c.Source.Id));
        type.Interface<NodeInterface>();
        type.IsTypeOf = value => value is T;
        registry.Register(name, visible);
    }

    /// <summary>An ID field pointing at another node, e.g. <c>ownerId</c> → Member.</summary>
    public static void IdField<T>(this ObjectGraphType<T> type, string name, string typeName, Func<T, Guid?> key) =>
        type.Field<IdGraphType>(name).Resolve(c => key(c.Source) is { } id ? GlobalId.Format(typeName, id) : null);

    /// <summary>A reference to another node, loaded in batches, e.g. <c>owner: Member</c>.</summary>
    public static void Reference<T, TTarget, TTargetType>(this ObjectGraphType<T> type, string name, Func<T, Guid?> key)
        where TTarget : Entity
        where TTargetType : IGraphType =>
        type.Field<TTargetType>(name).Resolve(c => key(c.Source) is { } id ? c.Loaders().ById<TTarget>().Load(id) : null);
}

/// <summary>Adds <c>node(id:)</c> and <c>nodes(ids:)</c> to the query type.</summary>
public static class NodeQueries
{
    public static void AddNodeFields(this ObjectGraphType query, NodeRegistry registry)
    {
        // Each ID names its type, whose own requirement (e.g. contacts.read for a Contact) is checked as it is loaded.
        query.Field<NodeInterface>("node")
            .Authorize()
            .Description("Fetches an object given its ID.")
            .Argument<NonNullGraphType<IdGraphType>>("id", "ID of the object.")
            .Resolve(c => Load(c, registry, c.GetArgument<string>("id"), "id"));

        query.Field<NonNullGraphType<ListGraphType<NodeInterface>>>("nodes")
            .Authorize()
            .Description("Lookup nodes by a list of IDs.")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("ids", "The list of node IDs.")
            .ResolveAsync(async c =>
            {
                var ids = c.GetArgument<List<string>>("ids");
                if (ids.Count > 100)
                {
                    throw new ExecutionError("nodes accepts at most 100 IDs.") { Code = ErrorCodes.InvalidId };
                }

                var pending = ids.Select((id, i) => Load(c, registry, id, $"ids[{i}]")).ToList();
                var results = new List<object?>();
                foreach (var result in pending)
                {
                    results.Add(result is null ? null : await result.GetResultAsync(c.CancellationToken));
                }

                return results;
            });
    }

    private static IDataLoaderResult<object?>? Load(IResolveFieldContext context, NodeRegistry registry, string id, string argument)
    {
        if (!GlobalId.TryParse(id, out var typeName, out var key))
        {
            throw new ExecutionError($"'{id}' given for {argument} is not a valid ID.") { Code = ErrorCodes.InvalidId };
        }

        if (context.Schema.AllTypes[typeName] is { } type)
        {
            context.RequestServices!.GetRequiredService<AccessChecker>().Demand(context, type, $"The type {typeName}");
        }

        return registry.Load(context, typeName, key);
    }
}
