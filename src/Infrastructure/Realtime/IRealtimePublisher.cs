namespace ContactBox.Infrastructure.Realtime;

/// <summary>Publishes an event to every instance's subscribers: in-process by default, through Redis when configured.</summary>
public interface IRealtimePublisher
{
    Task PublishAsync(RealtimeEvent realtimeEvent, CancellationToken cancellationToken = default);
}

/// <summary>One instance: events go straight to this process's hub.</summary>
public sealed class InProcessRealtimePublisher(RealtimeHub hub) : IRealtimePublisher
{
    public Task PublishAsync(RealtimeEvent realtimeEvent, CancellationToken cancellationToken = default) =>
        hub.DispatchAsync(realtimeEvent, cancellationToken).AsTask();
}
