using System.Runtime.CompilerServices;
using System.Security.Claims;
using System.Text;
using ContactBox.Api.Auth;
using ContactBox.Infrastructure.Realtime;
using ContactBox.Infrastructure.Tenancy;
using GraphQL;
using GraphQL.Execution;
using GraphQLParser.AST;
using OpenIddict.Abstractions;
using ExecutionContext = GraphQL.Execution.ExecutionContext;

namespace ContactBox.Api.Realtime;

/// <summary>
/// Runs each event of a subscription in a DI scope of its own, in the subscriber's workspace (its own DbContext,
/// data loaders and query filters, so nothing is cached across events and nothing of another workspace is read),
/// after the field's delivery step (<see cref="Delivery"/>: it reads the object in that scope and applies filters such
/// as <c>contactChanged(where:)</c>). An event the subscriber does not receive yields <see cref="Skipped"/>, which
/// transports release without sending.
/// <para>
/// Subscribers whose results cannot differ share one response stream (<see cref="SharedSubscription"/>): the same
/// document and variables, the same workspace, member, scopes and roles. A thousand dashboards with the same
/// subscription cost one hub handler, one execution and one serialization per event (see <see cref="ResultUtf8"/>),
/// not a thousand; what remains per subscriber is its place in its buffer and the write to its socket.
/// </para>
/// </summary>
public sealed class RealtimeExecutionStrategy(IServiceScopeFactory scopes, SharedSubscriptions groups) : SubscriptionExecutionStrategy(new SerialExecutionStrategy())
{
    /// <summary>The result of an event the subscriber does not receive.</summary>
    public static readonly ExecutionResult Skipped = new() { Executed = false };

    /// <summary>The field metadata key of the delivery step (<see cref="RealtimeFields"/>).</summary>
    internal const string DeliveryKey = "ContactBox:Delivery";

    private static readonly ConditionalWeakTable<ExecutionResult, byte[]> SerializedResults = [];

    protected override ExecutionContext CloneExecutionContext(ExecutionContext context, CancellationToken token)
    {
        var clone = base.CloneExecutionContext(context, token);
        // The subscribe request's scope ends when the subscription starts; events get scopes of their own.
        clone.RequestServices = null;
        return clone;
    }

    protected override async Task<IObservable<ExecutionResult>?> ResolveResponseStreamAsync(ExecutionContext context, ExecutionNode node)
    {
        if (context.User is not { } user || user.WorkspaceId() is null)
        {
            return await base.ResolveResponseStreamAsync(context, node);
        }

        var budget = context.UserContext.TryGetValue(IDeliveryBudget.Key, out var value) ? value as IDeliveryBudget : null;
        var (group, created) = groups.GetOrAdd(SharingKey(context, node, user));
        if (created)
        {
            // The group's stream outlives this subscriber: it runs in a copy of its context, not cancelled with it,
            // and its events reserve places through the group (in every member's budget), not in this subscriber's.
            var shared = CloneExecutionContext(context, CancellationToken.None);
            shared.RequestServices = context.RequestServices;
            shared.UserContext = new Dictionary<string, object?>(shared.UserContext) { [IDeliveryBudget.Key] = group };
            IObservable<ExecutionResult>? stream = null;
            try
            {
                stream = await base.ResolveResponseStreamAsync(shared, node);
            }
            finally
            {
                context.Errors.AddRange(shared.Errors);
                group.Open(stream);
            }

            return stream is null ? null : group.Join(budget);
        }

        // A group whose subscribe failed: this subscriber resolves (and fails) on its own, with its own errors.
        return await group.Opened.Task ? group.Join(budget) : await base.ResolveResponseStreamAsync(context, node);
    }

    /// <summary>
    /// Starts the event's execution and returns at once with a <see cref="PendingResult"/>: a group's events execute
    /// side by side (up to <see cref="SharedSubscription.Executions"/> at a time) and the group delivers their results
    /// in event order, so one slow read does not hold up the events behind it.
    /// </summary>
    protected override ValueTask<ExecutionResult> ProcessDataAsync(ExecutionContext context, ExecutionNode node, object? value)
    {
        if (value is not RealtimeEvent realtimeEvent || context.User is not { } user || user.WorkspaceId() is null
            || !context.UserContext.TryGetValue(IDeliveryBudget.Key, out var budget) || budget is not SharedSubscription group)
        {
            return ValueTask.FromResult(Skipped);
        }

        // The caller disposes its context when this returns: the execution gets a copy of its own.
        var own = CloneExecutionContext(context, CancellationToken.None);
        return ValueTask.FromResult<ExecutionResult>(new PendingResult(Task.Run(() => ExecuteEventAsync(own, node, realtimeEvent, user, group))));
    }

    private async Task<ExecutionResult> ExecuteEventAsync(ExecutionContext context, ExecutionNode node, RealtimeEvent realtimeEvent, ClaimsPrincipal user, SharedSubscription group)
    {
        using var owned = context;
        await group.Executions.WaitAsync();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Set(user.WorkspaceId()!.Value, user.MemberId());
            context.RequestServices = scope.ServiceProvider;
            object? source = realtimeEvent;
            if (node.FieldDefinition?.GetMetadata<Delivery>(DeliveryKey) is { } delivery)
            {
                source = await delivery(new ReadonlyResolveFieldContext(node, context), realtimeEvent);
                if (source is null)
                {
                    return Skipped;
                }
            }

            return await base.ProcessDataAsync(context, node, source);
        }
        finally
        {
            group.Executions.Release();
        }
    }

    /// <summary>What makes two subscribers' results equal: the operation, its variables and who asks.</summary>
    private static string SharingKey(ExecutionContext context, ExecutionNode node, ClaimsPrincipal user)
    {
        var key = new StringBuilder();
        key.Append(context.Document.Source.ToString()).Append('\u0001').Append(context.Operation.Name?.StringValue).Append('\u0001').Append(node.Name);
        foreach (var variable in context.Variables.OrderBy(v => v.Name, StringComparer.Ordinal))
        {
            key.Append('\u0001').Append(variable.Name).Append('=').Append(System.Text.Json.JsonSerializer.Serialize(variable.Value));
        }

        key.Append('\u0001').Append(user.WorkspaceId()).Append('\u0001').Append(user.MemberId()).Append('\u0001').Append(user.FindFirst(OpenIddictConstants.Claims.Subject)?.Value);
        foreach (var claim in user.GetScopes().Order(StringComparer.Ordinal).Concat(user.FindAll(OpenIddictConstants.Claims.Role).Select(c => c.Value).Order(StringComparer.Ordinal)))
        {
            key.Append('\u0001').Append(claim);
        }

        return key.ToString();
    }

    /// <summary>The UTF-8 JSON of an event's result, serialized once however many subscribers share it.</summary>
    public static byte[] ResultUtf8(IGraphQLTextSerializer serializer, ExecutionResult result) =>
        SerializedResults.GetValue(result, r => Encoding.UTF8.GetBytes(serializer.Serialize(r)));

    /// <summary>The JSON of an event's result as text (<see cref="ResultUtf8"/>).</summary>
    public static string ResultJson(IGraphQLTextSerializer serializer, ExecutionResult result) =>
        Encoding.UTF8.GetString(ResultUtf8(serializer, result));
}

/// <summary>An event's result still being computed (<see cref="RealtimeExecutionStrategy"/>); only groups see it.</summary>
internal sealed class PendingResult(Task<ExecutionResult> result) : ExecutionResult
{
    public Task<ExecutionResult> Result { get; } = result;
}

/// <summary>
/// In the subscriber's scope (<c>context.RequestServices</c>, <c>context.Db()</c>): what the subscriber receives for
/// the event (the source of the payload type), or null when it receives nothing.
/// </summary>
public delegate Task<object?> Delivery(IResolveFieldContext context, RealtimeEvent realtimeEvent);
