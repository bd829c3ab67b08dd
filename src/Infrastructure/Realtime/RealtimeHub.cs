using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace ContactBox.Infrastructure.Realtime;

/// <summary>
/// This instance's fan-out: every event that reaches the instance (published here, or received from Redis) is
/// handed, in order and on one dispatch loop, to the handlers of the open subscriptions. Handlers must be cheap and
/// must not block (they filter and enqueue); publishers wait only when 10,000 events are queued.
/// </summary>
public sealed class RealtimeHub : IAsyncDisposable
{
    private readonly Channel<RealtimeEvent> _incoming = Channel.CreateBounded<RealtimeEvent>(
        new BoundedChannelOptions(10_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly Lock _gate = new();
    private readonly ILogger<RealtimeHub> _logger;
    private readonly Task _loop;
    private Action<RealtimeEvent>[] _handlers = [];

    public RealtimeHub(ILogger<RealtimeHub> logger)
    {
        _logger = logger;
        _loop = Task.Run(DispatchLoopAsync);
    }

    /// <summary>The number of handlers (open subscriptions) on this instance.</summary>
    public int HandlerCount => Volatile.Read(ref _handlers).Length;

    public ValueTask DispatchAsync(RealtimeEvent realtimeEvent, CancellationToken cancellationToken = default) =>
        _incoming.Writer.WriteAsync(realtimeEvent, cancellationToken);

    public IDisposable Subscribe(Action<RealtimeEvent> handler)
    {
        lock (_gate)
        {
            _handlers = [.. _handlers, handler];
        }

        return new Unsubscriber(this, handler);
    }

    private void Unsubscribe(Action<RealtimeEvent> handler)
    {
        lock (_gate)
        {
            _handlers = Array.FindAll(_handlers, h => h != handler);
        }
    }

    private async Task DispatchLoopAsync()
    {
        await foreach (var realtimeEvent in _incoming.Reader.ReadAllAsync())
        {
            foreach (var handler in Volatile.Read(ref _handlers))
            {
                try
                {
                    handler(realtimeEvent);
                }
#pragma warning disable CA1031 // one failing subscriber must not stop delivery to the others
                catch (Exception e)
#pragma warning restore CA1031
                {
                    _logger.LogError(e, "A subscription failed to take the {Type} event", realtimeEvent.Type);
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _incoming.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private sealed class Unsubscriber(RealtimeHub hub, Action<RealtimeEvent> handler) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                hub.Unsubscribe(handler);
            }
        }
    }
}
