using GraphQL.DataLoader;

namespace ContactBox.Api.GraphQL.DataLoading;

public static class DataLoaderResultExtensions
{
    /// <summary>Maps a pending result without awaiting it, so the batch still forms.</summary>
    public static IDataLoaderResult<TResult> Then<T, TResult>(this IDataLoaderResult<T> result, Func<T, TResult> map) =>
        new Mapped<T, TResult>(result, map);

    /// <summary>Maps two pending results together without awaiting them, so both batches still form.</summary>
    public static IDataLoaderResult<TResult> Then<T1, T2, TResult>(this IDataLoaderResult<T1> first, IDataLoaderResult<T2> second, Func<T1, T2, TResult> map) =>
        new Paired<T1, T2, TResult>(first, second, map);

    /// <summary>Waits for several pending results together without awaiting any first, so their batches still form.</summary>
    public static IDataLoaderResult<IReadOnlyList<T>> All<T>(this IReadOnlyList<IDataLoaderResult<T>> results) => new Joined<T>(results);

    private sealed class Joined<T>(IReadOnlyList<IDataLoaderResult<T>> results) : IDataLoaderResult<IReadOnlyList<T>>
    {
        public async Task<IReadOnlyList<T>> GetResultAsync(CancellationToken cancellationToken = default)
        {
            var values = new List<T>(results.Count);
            foreach (var result in results)
            {
                values.Add(await result.GetResultAsync(cancellationToken));
            }

            return values;
        }

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await GetResultAsync(cancellationToken);
    }

    private sealed class Paired<T1, T2, TResult>(IDataLoaderResult<T1> first, IDataLoaderResult<T2> second, Func<T1, T2, TResult> map) : IDataLoaderResult<TResult>
    {
        public async Task<TResult> GetResultAsync(CancellationToken cancellationToken = default)
        {
            var one = await first.GetResultAsync(cancellationToken);
            return map(one, await second.GetResultAsync(cancellationToken));
        }

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await GetResultAsync(cancellationToken);
    }

    private sealed class Mapped<T, TResult>(IDataLoaderResult<T> inner, Func<T, TResult> map) : IDataLoaderResult<TResult>
    {
        public async Task<TResult> GetResultAsync(CancellationToken cancellationToken = default) =>
            map(await inner.GetResultAsync(cancellationToken));

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await GetResultAsync(cancellationToken);
    }
}
