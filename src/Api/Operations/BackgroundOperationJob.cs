using System.Text.Json;
using ContactBox.Domain.Common;
using ContactBox.Domain.Operations;
using ContactBox.Domain.Privacy;
using ContactBox.Api.Realtime;
using ContactBox.Infrastructure.Jobs;
using ContactBox.Infrastructure.Operations;
using ContactBox.Infrastructure.Persistence;
using ContactBox.Infrastructure.Privacy;
using ContactBox.Infrastructure.Realtime;
using ContactBox.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Quartz;

namespace ContactBox.Api.Operations;

/// <summary>What one kind of operation does when its job runs. Register it as a singleton <see cref="IOperationHandler"/>.</summary>
public interface IOperationHandler
{
    OperationKind Kind { get; }

    /// <summary>
    /// Does the work in <paramref name="run"/>'s scope (its workspace and requester set), reporting rows done to
    /// <see cref="OperationRun.Progress"/>, and returns the result to keep. A <see cref="DomainException"/> fails the
    /// operation with its message.
    /// </summary>
    Task<OperationOutcome> RunAsync(OperationRun run, CancellationToken cancellationToken);

    /// <summary>The GraphQL type of the result (a member of the OperationResult union).</summary>
    Type ResultGraphType { get; }

    /// <summary>The kept result as <see cref="ResultGraphType"/>'s source, read in the caller's scope.</summary>
    Task<object?> ReadResultAsync(global::GraphQL.IResolveFieldContext context, BackgroundOperation operation);
}

public sealed record OperationRun(BackgroundOperation Operation, IServiceProvider Services, IProgress<long> Progress)
{
    public AuditActor Actor => new(Enum.Parse<AuditActorKind>(Operation.ActorKind), Operation.ActorId);
}

/// <summary>The result as JSON, the object it produced, the rows done and the rows rejected.</summary>
public sealed record OperationOutcome(string Result, Guid? ResultId, long Processed, long Rejected);

/// <summary>
/// Runs one background operation: marks it running, hands it to its kind's <see cref="IOperationHandler"/>, publishes
/// progress at most every <see cref="OperationOptions.ProgressInterval"/> (and a final event), watches for a
/// cancellation, and records how it ended. The trigger fires on one instance (clustered store); on PostgreSQL and
/// SQL Server a job that was running on an instance that died is run again elsewhere (recovery).
/// </summary>
public sealed class BackgroundOperationJob(
    IServiceScopeFactory scopes,
    IEnumerable<IOperationHandler> handlers,
    OperationBoard board,
    RealtimePublishing publishing,
    IOptions<OperationOptions> options,
    IConfiguration configuration,
    TimeProvider clock,
    ILogger<BackgroundOperationJob> logger) : IJob
{
    public const string ProgressEvent = "operationProgress";
    public static readonly JobKey Key = new("background-operation", "operations");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var data = context.MergedJobDataMap;
        var workspaceId = Guid.Parse(data.GetString("workspaceId")!);
        var operationId = Guid.Parse(data.GetString("operationId")!);

        await using var control = Scope(workspaceId, null);
        var operations = control.ServiceProvider.GetRequiredService<ContactBoxDbContext>().Set<BackgroundOperation>();
        var now = clock.GetUtcNow();
        var recovering = context.Recovering;
        var claimed = await operations
            .Where(o => o.Id == operationId && (o.Status == OperationStatus.Queued || (recovering && o.Status == OperationStatus.Running)))
            .ExecuteUpdateAsync(u => u.SetProperty(o => o.Status, OperationStatus.Running).SetProperty(o => o.StartedAt, now), cancellationToken);
        var operation = await operations.AsNoTracking().FirstOrDefaultAsync(o => o.Id == operationId, cancellationToken);
        if (claimed == 0 || operation is null)
        {
            return; // cancelled while queued, or already run
        }

        var running = board.Start(operationId, cancellationToken);
        using var watching = new CancellationTokenSource();
        var watcher = WatchAsync(operation, running, watching.Token);
        await PublishAsync(operation, OperationStatus.Running, 0);
        OperationStatus status;
        long processed;
        try
        {
            var handler = handlers.Single(h => h.Kind == operation.Kind);
            await using var work = Scope(workspaceId, operation.MemberId);
            var outcome = await handler.RunAsync(new OperationRun(operation, work.ServiceProvider, running), running.Cancellation.Token);
            status = OperationStatus.Succeeded;
            processed = outcome.Processed;
            await FinishAsync(operations, operationId, status, u => u
                .SetProperty(o => o.Result, outcome.Result).SetProperty(o => o.ResultId, outcome.ResultId)
                .SetProperty(o => o.Processed, outcome.Processed).SetProperty(o => o.Rejected, outcome.Rejected));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            status = OperationStatus.Cancelled;
            processed = running.Processed;
            await FinishAsync(operations, operationId, status, u => u.SetProperty(o => o.Processed, processed));
        }
        catch (Exception e) when (e is DomainException or OperationCanceledException)
        {
            status = OperationStatus.Failed;
            processed = running.Processed;
            var message = e is DomainException domain ? domain.Message : "The server stopped while the operation ran; start it again.";
            await FinishAsync(operations, operationId, status, u => u.SetProperty(o => o.Error, Truncate(message)).SetProperty(o => o.Processed, processed));
        }
#pragma warning disable CA1031 // any other failure ends the operation with a message instead of a retrying trigger
        catch (Exception e)
#pragma warning restore CA1031
        {
            logger.LogError(e, "Background operation {OperationId} ({Kind}) failed", operationId, operation.Kind);
            status = OperationStatus.Failed;
            processed = running.Processed;
            await FinishAsync(operations, operationId, status, u => u.SetProperty(o => o.Error, "The operation failed unexpectedly; nothing was written.").SetProperty(o => o.Processed, processed));
        }
        finally
        {
            await watching.CancelAsync();
            await watcher;
            board.Finish(operationId);
        }

        await PublishAsync(operation, status, processed);
    }

    /// <summary>Schedules the operation's job to run as soon as an instance is free.</summary>
    public static async Task ScheduleAsync(ISchedulerFactory schedulers, BackgroundOperation operation, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var trigger = TriggerBuilder.Create()
            .WithIdentity(operation.Id.ToString("N"), "background-operation")
            .ForJob(Key)
            .StartNow()
            .UsingJobData("workspaceId", operation.WorkspaceId.ToString())
            .UsingJobData("operationId", operation.Id.ToString())
            .Build();
        await scheduler.ScheduleJob(trigger, cancellationToken: cancellationToken);
    }

    private async Task FinishAsync(DbSet<BackgroundOperation> operations, Guid operationId, OperationStatus status,
        Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<BackgroundOperation>> more)
    {
        var now = clock.GetUtcNow();
        await operations.Where(o => o.Id == operationId).ExecuteUpdateAsync(u =>
        {
            u.SetProperty(o => o.Status, status).SetProperty(o => o.FinishedAt, now);
            more(u);
        }, CancellationToken.None);
    }

    /// <summary>
    /// Every interval while the operation runs: publishes the progress when it moved, persists it (not on SQLite, where
    /// the engine's transaction holds the write lock; readers there use the board), and cancels when asked to.
    /// </summary>
    private async Task WatchAsync(BackgroundOperation operation, OperationBoard.Running running, CancellationToken stop)
    {
        var persist = (configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions()).Provider != DatabaseProvider.Sqlite;
        var published = 0L;
        try
        {
            using var timer = new PeriodicTimer(options.Value.ProgressInterval, clock);
            while (await timer.WaitForNextTickAsync(stop))
            {
                await using var scope = Scope(operation.WorkspaceId, null);
                var operations = scope.ServiceProvider.GetRequiredService<ContactBoxDbContext>().Set<BackgroundOperation>();
                if (await operations.AnyAsync(o => o.Id == operation.Id && o.CancelRequested, stop))
                {
                    await running.Cancellation.CancelAsync();
                }

                var processed = running.Processed;
                if (processed == published)
                {
                    continue;
                }

                published = processed;
                if (persist)
                {
                    await operations.Where(o => o.Id == operation.Id).ExecuteUpdateAsync(u => u.SetProperty(o => o.Processed, processed), stop);
                }

                await PublishAsync(operation, OperationStatus.Running, processed);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // the operation ended
        }
#pragma warning disable CA1031 // progress is a courtesy: a failed publish or update must not end the operation
        catch (Exception e)
#pragma warning restore CA1031
        {
            logger.LogWarning(e, "Progress of operation {OperationId} is no longer published", operation.Id);
        }
    }

    private Task PublishAsync(BackgroundOperation operation, OperationStatus status, long processed) =>
        publishing.PublishAsync(new RealtimeEvent(ProgressEvent, operation.WorkspaceId, operation.Id)
        {
            Change = operation.Kind.ToString(),
            MemberId = operation.MemberId,
            Data = JsonSerializer.Serialize(new ProgressData(status, processed, operation.Total), BackgroundOperations.Json),
            PublishedAt = clock.GetUtcNow(),
        }, CancellationToken.None);

    private AsyncServiceScope Scope(Guid workspaceId, Guid? memberId)
    {
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Set(workspaceId, memberId);
        return scope;
    }

    private static string Truncate(string message) => message.Length <= BackgroundOperation.MaxError ? message : message[..BackgroundOperation.MaxError];
}

/// <summary>What a progress event carries besides the operation's ID (no personal data).</summary>
public sealed record ProgressData(OperationStatus Status, long Processed, long? Total);

/// <summary>The durable job every operation's trigger points at; it asks to be run again after an instance died.</summary>
public sealed class BackgroundOperationJobs : IJobContribution
{
    public void Configure(IQuartzBuilder quartz) =>
        quartz.AddJob<BackgroundOperationJob>(job => job.WithIdentity(BackgroundOperationJob.Key).StoreDurably().RequestRecovery());
}
