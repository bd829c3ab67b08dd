using ContactBox.Api.GraphQL;
using ContactBox.Api.GraphQL.DataLoading;
using ContactBox.Api.GraphQL.Mutations;
using ContactBox.Domain.Operations;
using ContactBox.Infrastructure.Operations;
using GraphQL;
using GraphQL.Types;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Api.Operations;

public static class OperationMutations
{
    public static void Add(ObjectGraphType mutation, SchemaKit kit) =>
        mutation.Mutation(kit, "cancelOperation", new CancelOperationInputType(), "operation", typeof(BackgroundOperationType), [typeof(NotFoundErrorType), typeof(ValidationErrorType)],
                async (context, input) =>
                {
                    var id = input.Id("id", "BackgroundOperation");
                    var operations = OperationAccess.Visible(context.Db().Set<BackgroundOperation>(), context.User);
                    var operation = await operations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, context.CancellationToken)
                                    ?? throw new NotFoundException("id", input.String("id")!, "BackgroundOperation");
                    if (operation.IsFinished)
                    {
                        throw new Domain.Common.DomainValidationException("id", $"The operation has ended ({operation.Status.ToString().ToUpperInvariant()}); there is nothing to cancel.");
                    }

                    // Running here: stop it now (on SQLite before writing, as its transaction holds the write lock); running
                    // elsewhere: its instance sees the flag within a progress interval. Queued: it never starts.
                    context.RequestServices!.GetRequiredService<OperationBoard>().TryCancel(id);
                    var now = context.Now();
                    await operations.Where(o => o.Id == id).ExecuteUpdateAsync(u => u.SetProperty(o => o.CancelRequested, true), context.CancellationToken);
                    await operations.Where(o => o.Id == id && o.Status == OperationStatus.Queued)
                        .ExecuteUpdateAsync(u => u.SetProperty(o => o.Status, OperationStatus.Cancelled).SetProperty(o => o.FinishedAt, now), context.CancellationToken);
                    return await operations.AsNoTracking().FirstAsync(o => o.Id == id, context.CancellationToken);
                })
            .Description("Cancels one of your queued or running operations (an admin: any of the workspace's). A running import rolls back; a running export leaves no record and no file.")
            .Authorize();
}

public sealed class CancelOperationInputType : InputObjectGraphType
{
    public CancelOperationInputType()
    {
        Name = "CancelOperationInput";
        Field<NonNullGraphType<IdGraphType>>("id");
    }
}
