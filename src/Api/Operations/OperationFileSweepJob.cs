using ContactBox.Domain.Operations;
using ContactBox.Infrastructure.Jobs;
using ContactBox.Infrastructure.Operations;
using ContactBox.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Quartz;

namespace ContactBox.Api.Operations;

/// <summary>
/// Hourly: removes uploaded import files whose time to be used again is over, and error reports older than
/// <see cref="OperationOptions.ErrorReportRetention"/> (or whose operation no longer exists).
/// </summary>
public sealed class OperationFileSweepJob(IServiceScopeFactory scopes, OperationFiles files, IOptions<OperationOptions> options, TimeProvider clock) : IJob
{
    public static readonly JobKey Key = new("operation-file-sweep", "operations");
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) => await SweepAsync(cancellationToken);

    /// <summary>
    /// Deletes the expired files and forgets them on their operations; returns how many files went. A file that a queued
    /// or running operation reads (its own upload, or an earlier one by <c>fileId</c>) waits for a later sweep: jobs read
    /// the kept file in place.
    /// </summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var operations = scope.ServiceProvider.GetRequiredService<ContactBoxDbContext>().Set<BackgroundOperation>().IgnoreQueryFilters();
        var now = clock.GetUtcNow();
        var expired = await operations.Where(o => o.FileId == o.Id && o.FileExpiresAt != null && o.FileExpiresAt < now)
            .Where(o => !operations.Any(r => r.FileId == o.Id && (r.Status == OperationStatus.Queued || r.Status == OperationStatus.Running)))
            .Select(o => new { o.Id, o.WorkspaceId }).ToListAsync(cancellationToken);
        foreach (var operation in expired)
        {
            files.DeleteSource(operation.WorkspaceId, operation.Id);
        }

        if (expired.Count > 0)
        {
            // A write: on SQLite it waits for the write lock, which a running import holds; so only when there is one to make.
            var ids = expired.Select(o => o.Id).ToList();
            await operations.Where(o => ids.Contains(o.Id)).ExecuteUpdateAsync(u => u.SetProperty(o => o.FileExpiresAt, (DateTimeOffset?)null), cancellationToken);
        }

        return expired.Count + await SweepErrorReportsAsync(operations, now, cancellationToken);
    }

    /// <summary>Goes by the reports on disk (only those within their retention stay), so old operations cost nothing.</summary>
    private async Task<int> SweepErrorReportsAsync(IQueryable<BackgroundOperation> operations, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var removed = 0;
        foreach (var batch in files.ErrorReports().Chunk(500))
        {
            var ids = batch.Select(r => r.OperationId).ToList();
            var finished = await operations.Where(o => ids.Contains(o.Id)).Select(o => new { o.Id, o.FinishedAt }).ToDictionaryAsync(o => o.Id, o => o.FinishedAt, cancellationToken);
            foreach (var (workspaceId, operationId) in batch)
            {
                // A report is written before its operation's row is finished: an unfinished one stays.
                var known = finished.TryGetValue(operationId, out var finishedAt);
                if (known ? options.Value.ErrorReportExpiresAt(finishedAt) <= now : files.ErrorReportWrittenAt(workspaceId, operationId) + options.Value.ErrorReportRetention <= now)
                {
                    files.DeleteErrorReport(workspaceId, operationId);
                    removed++;
                }
            }
        }

        return removed;
    }
}

public sealed class OperationFileSweepJobs : IJobContribution
{
    public void Configure(IQuartzBuilder quartz)
    {
        quartz.AddJob<OperationFileSweepJob>(job => job.WithIdentity(OperationFileSweepJob.Key));
        quartz.AddTrigger(trigger => trigger.ForJob(OperationFileSweepJob.Key).WithIdentity("operation-file-sweep-hourly", "operations")
            .StartAt(DateTimeOffset.UtcNow.Add(OperationFileSweepJob.Interval))
            .WithSimpleSchedule(schedule => schedule.WithInterval(OperationFileSweepJob.Interval).RepeatForever()));
    }
}
