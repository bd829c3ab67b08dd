using GraphQL.Types;

namespace ContactBox.Api.GraphQL;

/// <summary>
/// Graph types that are built from metadata at schema construction (filter, sort, connection and payload types)
/// exist once per schema under their name; this registry hands out that one instance.
/// </summary>
public sealed class GraphTypeRegistry
{
    private readonly Dictionary<string, IGraphType> _types = [];
    private readonly object _lock = new();

    public T GetOrAdd<T>(string name, Func<T> create)
        where T : IGraphType
    {
        lock (_lock)
        {
            if (_types.TryGetValue(name, out var existing))
            {
                return (T)existing;
            }

            var created = create();
            _types.Add(name, created);
            return created;
        }
    }
}
