using ContactBox.Api.GraphQL.DataLoading;
using ContactBox.Api.GraphQL.Relay;
using ContactBox.Api.Realtime;
using ContactBox.Domain.Auth;
using ContactBox.Domain.Operations;
using ContactBox.Api.GraphQL.Authorization;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Api.Operations;

/// <summary>Progress of background operations: <c>operationProgress</c> for any kind, <c>exportProgress</c> and <c>importProgress</c> by kind.</summary>
public static class OperationSubscriptions
{
    public static void Add(ObjectGraphType subscription)
    {
        Progress(subscription, "operationProgress", "Progress of your exports and imports (all of the workspace's for an admin).",
                OperationKind.Export, OperationKind.ImportContacts, OperationKind.ImportTimeline)
            .Authorize();
        Progress(subscription, "exportProgress", "Progress of your background exports; the last event carries the result with its download.", OperationKind.Export)
            .RequireScopes(AuthScopes.Export);
        Progress(subscription, "importProgress", "Progress of your background imports; the last event carries the result and the error report.",
                OperationKind.ImportContacts, OperationKind.ImportTimeline)
            .RequireScopes(AuthScopes.Import);
    }

    private static global::GraphQL.Builders.FieldBuilder<object?, object> Progress(ObjectGraphType subscription, string name, string description, params OperationKind[] kinds)
    {
        var changes = kinds.Select(k => k.ToString()).ToHashSet(StringComparer.Ordinal);
        return subscription.Event(name, typeof(OperationProgressType), BackgroundOperationJob.ProgressEvent,
                matches: context =>
                {
                    var operationId = context.GetArgument<string?>("operationId") is { } id ? GlobalId.Parse(id, "BackgroundOperation", "operationId") : (Guid?)null;
                    return e => e.Change is not null && changes.Contains(e.Change) && (operationId is null || e.ObjectId == operationId);
                },
                deliver: async (context, e) =>
                {
                    // Only the requester and the workspace's admins hear of an operation.
                    var operation = await context.Db().Set<BackgroundOperation>().AsNoTracking().FirstOrDefaultAsync(o => o.Id == e.ObjectId, context.CancellationToken);
                    return operation is not null && OperationAccess.CanSee(context.User, operation) ? new OperationProgressEvent(operation, OperationProgressType.Read(e.Data)) : null;
                })
            .Argument<IdGraphType>("operationId", "Only this operation; all yours when left out.")
            .Description(description);
    }
}
