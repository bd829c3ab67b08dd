using ContactBox.Api.Auth;
using ContactBox.Api.GraphQL.DataLoading;
using ContactBox.Infrastructure.Realtime;
using ContactBox.Infrastructure.Tenancy;
using GraphQL;
using GraphQL.Builders;
using GraphQL.Types;

namespace ContactBox.Api.Realtime;

/// <summary>
/// The generic event channel: a feature declares one subscription field per event type with <see cref="Event"/>
/// and publishes with <see cref="PublishAsync"/> after its transaction committed. The transports, the backplane and
/// the workspace and access filtering are shared.
/// </summary>
public static class RealtimeFields
{
    /// <summary>
    /// A subscription field that delivers the events of <paramref name="eventType"/> of the subscriber's workspace,
    /// as <paramref name="payloadType"/> over the <see cref="RealtimeEvent"/>. <paramref name="matches"/> is a cheap
    /// in-memory filter on the event (arguments, the caller); <paramref name="deliver"/> turns the event into the
    /// payload's source in the subscriber's scope (reading the object; null skips it). Without it the source is the event.
    /// </summary>
    public static FieldBuilder<object?, object> Event(
        this ObjectGraphType subscription,
        string name,
        Type payloadType,
        string eventType,
        Func<IResolveFieldContext, Func<RealtimeEvent, bool>>? matches = null,
        Delivery? deliver = null)
    {
        var field = subscription.Field(name, typeof(NonNullGraphType<>).MakeGenericType(payloadType));
        field.ResolveStream(context =>
        {
            var workspaceId = context.User?.WorkspaceId() ?? throw new ExecutionError("A subscription needs a valid access token.") { Code = ContactBox.Api.GraphQL.ErrorCodes.NotAuthenticated };
            var filter = matches?.Invoke(context);
            var budget = context.UserContext.TryGetValue(IDeliveryBudget.Key, out var value) ? value as IDeliveryBudget : null;
            var hub = context.RequestServices!.GetRequiredService<RealtimeHub>();
            return new EventStream(hub, e => e.Type == eventType && e.WorkspaceId == workspaceId && (filter is null || filter(e)), budget);
        });
        if (deliver is not null)
        {
            field.FieldType.Metadata[RealtimeExecutionStrategy.DeliveryKey] = deliver;
        }

        return field;
    }

    /// <summary>Publishes an event of the current workspace. Call it after the commit; a failure is logged, not thrown (the change is saved).</summary>
    public static async Task PublishAsync(this IResolveFieldContext context, string eventType, Guid objectId, string? change = null, Guid? parentId = null, Guid? memberId = null)
    {
        var services = context.RequestServices!;
        var realtimeEvent = new RealtimeEvent(eventType, services.GetRequiredService<CurrentWorkspace>().Id, objectId)
        {
            Change = change,
            ParentId = parentId,
            MemberId = memberId,
            PublishedAt = context.Now(),
        };
        await services.GetRequiredService<RealtimePublishing>().PublishAsync(realtimeEvent, CancellationToken.None);
    }

    /// <summary>A subscription's source: the hub's events that pass the filter, each reserved in the connection's budget.</summary>
    private sealed class EventStream(RealtimeHub hub, Func<RealtimeEvent, bool> filter, IDeliveryBudget? budget) : IObservable<object?>
    {
        public IDisposable Subscribe(IObserver<object?> observer) => hub.Subscribe(e =>
        {
            if (!filter(e))
            {
                return;
            }

            // A full buffer ends the connection (the transport closes it); the event is not queued.
            if (budget is null || budget.TryReserve())
            {
                observer.OnNext(e);
            }
        });
    }
}

/// <summary>Publishes without failing the caller: the change is committed whether or not the backplane answers.</summary>
public sealed class RealtimePublishing(IRealtimePublisher publisher, ILogger<RealtimePublishing> logger)
{
    public async Task PublishAsync(RealtimeEvent realtimeEvent, CancellationToken cancellationToken)
    {
        try
        {
            await publisher.PublishAsync(realtimeEvent, cancellationToken);
        }
#pragma warning disable CA1031 // the transaction is committed; a lost event must not turn the mutation into an error
        catch (Exception e)
#pragma warning restore CA1031
        {
            logger.LogError(e, "The {Type} event for {ObjectId} could not be published", realtimeEvent.Type, realtimeEvent.ObjectId);
        }
    }
}
