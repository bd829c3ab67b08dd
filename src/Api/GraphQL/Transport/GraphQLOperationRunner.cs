using System.Security.Claims;
using ContactBox.Api.Auth;
using ContactBox.Api.Realtime;
using ContactBox.Infrastructure.Tenancy;
using GraphQL;
using GraphQL.Transport;

namespace ContactBox.Api.GraphQL.Transport;

/// <summary>
/// Executes one operation for a long-lived transport (WebSocket, SSE) in a DI scope of its own, in the caller's
/// workspace. A subscription's result carries its stream; its events run in scopes of their own
/// (<see cref="RealtimeExecutionStrategy"/>) and reserve places in <paramref name="budget"/>.
/// </summary>
public sealed class GraphQLOperationRunner(IServiceScopeFactory scopes, IDocumentExecuter<ContactBoxSchema> executer)
{
    public async Task<ExecutionResult> ExecuteAsync(GraphQLRequest request, ClaimsPrincipal user, IDeliveryBudget budget, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        if (user.WorkspaceId() is { } workspaceId)
        {
            scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Set(workspaceId, user.MemberId());
        }

        return await executer.ExecuteAsync(new ExecutionOptions
        {
            Query = request.Query,
            OperationName = request.OperationName,
            Variables = request.Variables,
            Extensions = request.Extensions,
            RequestServices = scope.ServiceProvider,
            User = user,
            UserContext = new Dictionary<string, object?> { [IDeliveryBudget.Key] = budget },
            CancellationToken = cancellationToken,
        });
    }
}
