using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ContactBox.Infrastructure.Realtime;

/// <summary>
/// Several instances: events are published to a Redis pub/sub channel, and every instance (this one included)
/// receives them from there and hands them to its hub, in the order Redis delivers them.
/// </summary>
public sealed class RedisBackplane(RealtimeHub hub, IOptions<RealtimeOptions> options, ILogger<RedisBackplane> logger)
    : IRealtimePublisher, IHostedService, IAsyncDisposable
{
    private readonly RedisChannel _channel = RedisChannel.Literal(options.Value.RedisChannel);
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private ConnectionMultiplexer? _redis;
    private ChannelMessageQueue? _queue;

    public async Task PublishAsync(RealtimeEvent realtimeEvent, CancellationToken cancellationToken = default)
    {
        var redis = await ConnectAsync().ConfigureAwait(false);
        await redis.GetSubscriber().PublishAsync(_channel, JsonSerializer.Serialize(realtimeEvent)).ConfigureAwait(false);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var redis = await ConnectAsync().ConfigureAwait(false);
        _queue = await redis.GetSubscriber().SubscribeAsync(_channel).ConfigureAwait(false);
        _queue.OnMessage(async message =>
        {
            RealtimeEvent? realtimeEvent = null;
            try
            {
                realtimeEvent = JsonSerializer.Deserialize<RealtimeEvent>((string)message.Message!);
            }
            catch (JsonException e)
            {
                logger.LogWarning(e, "Ignored a message on {Channel} that is no ContactBox event", _channel);
            }

            if (realtimeEvent is not null)
            {
                await hub.DispatchAsync(realtimeEvent).ConfigureAwait(false);
            }
        });
        logger.LogInformation("Realtime events travel through Redis channel {Channel}", _channel);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _queue, null) is { } queue)
        {
            try
            {
                await queue.UnsubscribeAsync().ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                // The connection is already closed: nothing is subscribed any more.
            }
        }
    }

    private async Task<ConnectionMultiplexer> ConnectAsync()
    {
        if (_redis is { } connected)
        {
            return connected;
        }

        await _connecting.WaitAsync().ConfigureAwait(false);
        try
        {
            return _redis ??= await ConnectionMultiplexer.ConnectAsync(options.Value.Redis!).ConfigureAwait(false);
        }
        finally
        {
            _connecting.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        if (_redis is not null)
        {
            await _redis.DisposeAsync().ConfigureAwait(false);
        }

        _connecting.Dispose();
    }
}
