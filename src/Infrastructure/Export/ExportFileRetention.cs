using ContactBox.Domain.Export;
using ContactBox.Infrastructure.Jobs;
using ContactBox.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Quartz;

namespace ContactBox.Infrastructure.Export;

/// <summary>Configuration of exports (<c>ContactBox:Export</c>).</summary>
public sealed class ExportOptions
{
    public const string Section = "ContactBox:Export";

    /// <summary>How long an export file can be downloaded; then the file is removed and the record stays.</summary>
    public TimeSpan FileRetention { get; set; } = TimeSpan.FromDays(7);
}

/// <summary>
/// Removes export files older than <see cref="ExportOptions.FileRetention"/>, in every workspace, and marks their
/// records (<see cref="ContactExport.FileRemovedAt"/>); the records and audit entries stay. The file goes first, so a
/// failure between the two leaves a record that the next run marks, never a file nobody removes.
/// </summary>
public sealed class ExportFileRetention(IServiceScopeFactory scopes, ExportFiles files, IOptions<ExportOptions> options, TimeProvider clock, ILogger<ExportFileRetention> logger)
{
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var cutoff = now - options.Value.FileRetention;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ContactBoxDbContext>();
        var exports = db.Set<ContactExport>().IgnoreQueryFilters();
        var due = await exports.AsNoTracking().Where(e => e.FileRemovedAt == null && e.CreatedAt <= cutoff)
            .Select(e => new { e.Id, e.WorkspaceId }).ToListAsync(cancellationToken);
        foreach (var export in due)
        {
            files.Delete(export.WorkspaceId, export.Id);
            await exports.Where(e => e.Id == export.Id).ExecuteUpdateAsync(set => set.SetProperty(e => e.FileRemovedAt, now), cancellationToken);
        }

        if (due.Count > 0)
        {
            logger.LogInformation("Export retention removed {Count} export files older than {Retention}", due.Count, options.Value.FileRetention);
        }

        return due.Count;
    }
}

/// <summary>The retention run as a recurring job, on one instance at a time.</summary>
[DisallowConcurrentExecution]
public sealed class ExportFileRetentionJob(ExportFileRetention retention) : IJob
{
    public static readonly JobKey Key = new("export-file-retention", "exports");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await retention.RunAsync(cancellationToken);
}

/// <summary>The retention's place on the scheduler: hourly, the first run a minute after the start.</summary>
public sealed class ExportFileRetentionJobs : IJobContribution
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    public void Configure(IQuartzBuilder quartz)
    {
        quartz.AddJob<ExportFileRetentionJob>(job => job.WithIdentity(ExportFileRetentionJob.Key));
        quartz.AddTrigger<ExportFileRetentionJob>(trigger => trigger.ForJob(ExportFileRetentionJob.Key).WithIdentity("export-file-retention-hourly", "exports")
            .StartAt(DateTimeOffset.UtcNow.AddMinutes(1))
            .WithSimpleSchedule(schedule => schedule.WithInterval(Interval).RepeatForever()));
    }
}
