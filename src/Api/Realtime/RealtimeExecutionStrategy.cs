using System.Collections.Concurrent;
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
/// Subscribers whose results cannot differ share one execution per event: the same document and variables, the same
/// workspace, member, scopes and roles. A thousand dashboards with the same subscription cost one execution and one
/// serialization per event, not a thousand (see <see cref="ResultJson"/>).
/// </para>
/// </summary>
public sealed class RealtimeExecutionStrategy(IServiceScopeFactory scopes) : SubscriptionExecutionStrategy(new SerialExecutionStrategy())
{
    /// <summary>The result of an event the subscriber does not receive.</summary>
    public static readonly ExecutionResult Skipped = new() { Executed = false };

    /// <summary>The field metadata key of the delivery step (<see cref="RealtimeFields"/>).</summary>
    internal const string DeliveryKey = "ContactBox:Delivery";

    private static readonly ConditionalWeakTable<RealtimeEvent, ConcurrentDictionary<string, Lazy<Task<ExecutionResult>>>> SharedResults = [];
    private static readonly ConditionalWeakTable<ExecutionResult, string> SerializedResults = [];
    private static readonly ConditionalWeakTable<GraphQLDocument, string> SharingKeys = [];

    protected override ExecutionContext CloneExecutionContext(ExecutionContext context, CancellationToken token)
    {
        var clone = base.CloneExecutionContext(context, token);
        // The subscribe request's scope ends when the subscription starts; events get scopes of their own.
        clone.RequestServices = null;
        return clone;
    }

    protected override async ValueTask<ExecutionResult> ProcessDataAsync(ExecutionContext context, ExecutionNode node, object? value)
    {
        if (value is not RealtimeEvent realtimeEvent || context.User is not { } user || user.WorkspaceId() is null)
        {
            return Skipped;
        }

        var results = SharedResults.GetValue(realtimeEvent, _ => new ConcurrentDictionary<string, Lazy<Task<ExecutionResult>>>(StringComparer.Ordinal));
        // A subscription keeps its parsed document for its whole life: its key is computed once.
        var key = SharingKeys.GetValue(context.Document, _ => SharingKey(context, node, user));
        var shared = results.GetOrAdd(key, _ => new Lazy<Task<ExecutionResult>>(() => ExecuteEventAsync(context, node, realtimeEvent, user)));
        return await shared.Value;
    }

    private async Task<ExecutionResult> ExecuteEventAsync(ExecutionContext context, ExecutionNode node, RealtimeEvent realtimeEvent, ClaimsPrincipal user)
    {
        // Shared by every subscriber with the same key: one subscriber leaving must not cancel it for the others.
        context.CancellationToken = CancellationToken.None;
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

    /// <summary>The JSON of an event's result, serialized once however many subscribers share it.</summary>
    public static string ResultJson(IGraphQLTextSerializer serializer, ExecutionResult result) =>
        SerializedResults.GetValue(result, r => serializer.Serialize(r));
}

/// <summary>
/// In the subscriber's scope (<c>context.RequestServices</c>, <c>context.Db()</c>): what the subscriber receives for
/// the event (the source of the payload type), or null when it receives nothing.
/// </summary>
public delegate Task<object?> Delivery(IResolveFieldContext context, RealtimeEvent realtimeEvent);
