using GraphQL.DataLoader;

namespace ContactBox.Api.GraphQL.DataLoading;

/// <summary>
/// Collects the keys that resolvers ask for while a level of the query executes and fetches them all with one
/// call when the first result is awaited. The execution strategy awaits <see cref="IDataLoaderResult"/>s only
/// after every sibling resolver has run, so a page of 50 contacts asks for their owners in one statement.
/// Values are cached for the rest of the request.
/// </summary>
public sealed class BatchLoader<TKey, TValue>(
    Func<IReadOnlyList<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> fetch,
    Func<TValue>? missing = null)
    where TKey : notnull
{
    private readonly Dictionary<TKey, TValue?> _loaded = [];
    private readonly List<TKey> _pending = [];
    private Task? _running;

    public IDataLoaderResult<TValue?> Load(TKey key)
    {
        if (!_loaded.ContainsKey(key) && !_pending.Contains(key))
        {
            _pending.Add(key);
        }

        return new Pending(this, key);
    }

    private async Task<TValue?> GetAsync(TKey key, CancellationToken cancellationToken)
    {
        TValue? value;
        while (!_loaded.TryGetValue(key, out value))
        {
            await DispatchAsync(cancellationToken);
        }

        return value;
    }

    private async Task DispatchAsync(CancellationToken cancellationToken)
    {
        if (_running is not null)
        {
            await _running;
            return;
        }

        var keys = _pending.ToArray();
        _pending.Clear();
        _running = FetchAsync(keys, cancellationToken);
        try
        {
            await _running;
        }
        finally
        {
            _running = null;
        }
    }

    private async Task FetchAsync(TKey[] keys, CancellationToken cancellationToken)
    {
        var values = await fetch(keys, cancellationToken);
        foreach (var key in keys)
        {
            _loaded[key] = values.TryGetValue(key, out var value) ? value : missing is null ? default : missing();
        }
    }

    private sealed class Pending(BatchLoader<TKey, TValue> loader, TKey key) : IDataLoaderResult<TValue?>
    {
        public Task<TValue?> GetResultAsync(CancellationToken cancellationToken = default) => loader.GetAsync(key, cancellationToken);

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await GetResultAsync(cancellationToken);
    }
}
