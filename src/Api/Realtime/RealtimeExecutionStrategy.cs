using ContactBox.Api.Auth;
using ContactBox.Infrastructure.Realtime;
using ContactBox.Infrastructure.Tenancy;
using GraphQL;
using GraphQL.Execution;
using ExecutionContext = GraphQL.Execution.ExecutionContext;

namespace ContactBox.Api.Realtime;

/// <summary>
/// Runs each event of a subscription in a DI scope of its own, in the subscriber's workspace (its own DbContext,
/// data loaders and query filters, so nothing is cached across events and nothing of another workspace is read),
/// after the field's delivery step (<see cref="Delivery"/>: it reads the object in that scope and applies filters such
/// as <c>contactChanged(where:)</c>). An event the subscriber does not receive yields <see cref="Skipped"/>, which
/// transports release without sending.
/// </summary>
public sealed class RealtimeExecutionStrategy(IServiceScopeFactory scopes) : SubscriptionExecutionStrategy(new SerialExecutionStrategy())
{
    /// <summary>The result of an event the subscriber does not receive.</summary>
    public static readonly ExecutionResult Skipped = new() { Executed = false };

    /// <summary>The field metadata key of the delivery step (<see cref="RealtimeFields"/>).</summary>
    internal const string DeliveryKey = "ContactBox:Delivery";

    protected override ExecutionContext CloneExecutionContext(ExecutionContext context, CancellationToken token)
    {
        var clone = base.CloneExecutionContext(context, token);
        // The subscribe request's scope ends when the subscription starts; events get scopes of their own.
        clone.RequestServices = null;
        return clone;
    }

    protected override async ValueTask<ExecutionResult> ProcessDataAsync(ExecutionContext context, ExecutionNode node, object? value)
    {
        await using var scope = scopes.CreateAsyncScope();
        if (context.User?.WorkspaceId() is not { } workspaceId)
        {
            return Skipped;
        }

        scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Set(workspaceId, context.User.MemberId());
        context.RequestServices = scope.ServiceProvider;
        if (value is RealtimeEvent realtimeEvent && node.FieldDefinition?.GetMetadata<Delivery>(DeliveryKey) is { } delivery)
        {
            value = await delivery(new ReadonlyResolveFieldContext(node, context), realtimeEvent);
            if (value is null)
            {
                return Skipped;
            }
        }

        return await base.ProcessDataAsync(context, node, value);
    }
}

/// <summary>
/// In the subscriber's scope (<c>context.RequestServices</c>, <c>context.Db()</c>): what the subscriber receives for
/// the event (the source of the payload type), or null when it receives nothing.
/// </summary>
public delegate Task<object?> Delivery(IResolveFieldContext context, RealtimeEvent realtimeEvent);
