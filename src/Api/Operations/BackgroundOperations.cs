using System.Text.Json;
using ContactBox.Api.GraphQL.DataLoading;
using ContactBox.Api.GraphQL.Mutations;
using ContactBox.Api.Privacy;
using ContactBox.Domain.Operations;
using GraphQL;
using Quartz;

namespace ContactBox.Api.Operations;

/// <summary>How a mutation creates its operation record and hands it to the job scheduler.</summary>
public static class BackgroundOperations
{
    /// <summary>JSON for operation inputs and results: enums by name, readable in the database.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    /// <summary>A new operation of the caller (member or OAuth client) with <paramref name="input"/> as its job's input.</summary>
    public static BackgroundOperation New<TInput>(IResolveFieldContext context, OperationKind kind, TInput input)
    {
        var actor = PrivacyAccess.Actor(context.User);
        return new BackgroundOperation(Guid.CreateVersion7(), kind, actor.Kind.ToString(), actor.Id, OperationAccess.Requester(context.User),
            Auth.AuthClaims.MemberId(context.User!), JsonSerializer.Serialize(input, Json));
    }

    /// <summary>Saves the operation as queued and schedules its job; the payload carries the operation, no result yet.</summary>
    public static async Task<MutationPayload> EnqueueAsync(IResolveFieldContext context, BackgroundOperation operation)
    {
        var db = context.Db();
        db.Add(operation);
        await db.SaveChangesAsync(context.CancellationToken);
        await BackgroundOperationJob.ScheduleAsync(context.RequestServices!.GetRequiredService<ISchedulerFactory>(), operation, context.CancellationToken);
        return new MutationPayload(null, null) { Operation = operation };
    }

    public static TInput Input<TInput>(this BackgroundOperation operation) => JsonSerializer.Deserialize<TInput>(operation.Input, Json)!;
}
