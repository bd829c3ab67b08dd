using System.Collections.Concurrent;

namespace ContactBox.Infrastructure.Operations;

/// <summary>
/// The operations running on this instance: their latest progress (SQLite cannot persist it while an import holds the
/// write lock, so readers on this instance take it from here) and a way to cancel them at once.
/// </summary>
public sealed class OperationBoard
{
    private readonly ConcurrentDictionary<Guid, Running> _running = new();

    public Running Start(Guid operationId, CancellationToken stopping)
    {
        var running = new Running(CancellationTokenSource.CreateLinkedTokenSource(stopping));
        _running[operationId] = running;
        return running;
    }

    public void Finish(Guid operationId)
    {
        if (_running.TryRemove(operationId, out var running))
        {
            running.Cancellation.Dispose();
        }
    }

    public long? Processed(Guid operationId) => _running.TryGetValue(operationId, out var running) ? running.Processed : null;

    /// <summary>Cancels the operation if it runs here; false when it does not (another instance sees the flag in the database).</summary>
    public bool TryCancel(Guid operationId)
    {
        if (!_running.TryGetValue(operationId, out var running))
        {
            return false;
        }

        try
        {
            running.Cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            return false;
        }

        return true;
    }

    /// <summary>One running operation: its cancellation and the latest count its engine reported.</summary>
    public sealed class Running(CancellationTokenSource cancellation) : IProgress<long>
    {
        private long _processed;

        public CancellationTokenSource Cancellation { get; } = cancellation;

        public long Processed => Interlocked.Read(ref _processed);

        public void Report(long value) => Interlocked.Exchange(ref _processed, value);
    }
}
