using ContactBox.Infrastructure.Jobs;
using ContactBox.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quartz;

namespace ContactBox.Infrastructure.Privacy;

/// <summary>The daily retention sweep over every workspace, each in its own scope (and so its own tenancy filter).</summary>
[DisallowConcurrentExecution]
public sealed partial class RetentionJob(IServiceScopeFactory scopes, ILogger<RetentionJob> logger) : IJob
{
    public static readonly JobKey Key = new("retention-sweep", "privacy");


    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        List<Guid> workspaceIds;
        await using (var scope = scopes.CreateAsyncScope())
        {
            workspaceIds = await scope.ServiceProvider.GetRequiredService<ContactBoxDbContext>().Workspaces.Select(w => w.Id).ToListAsync(cancellationToken);
        }

        foreach (var workspaceId in workspaceIds)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ContactBoxDbContext>();
            db.Workspace.Set(workspaceId, null);
            var outcome = await scope.ServiceProvider.GetRequiredService<RetentionSweep>().RunAsync(db, cancellationToken);
            LogSwept(workspaceId, outcome.Flagged.Count, outcome.Erased.Count);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention sweep of workspace {WorkspaceId}: {Flagged} flagged for review, {Erased} erased")]
    private partial void LogSwept(Guid workspaceId, int flagged, int erased);
}

/// <summary>The retention sweep's place on the scheduler: daily at 03:00 UTC.</summary>
public sealed class RetentionJobs : IJobContribution
{
    public void Configure(IQuartzBuilder quartz)
    {
        quartz.AddJob<RetentionJob>(job => job.WithIdentity(RetentionJob.Key));
        quartz.AddTrigger<RetentionJob>(trigger => trigger.ForJob(RetentionJob.Key).WithIdentity("retention-sweep-daily", "privacy")
            .WithCronSchedule("0 0 3 * * ?", cron => cron.InTimeZone(TimeZoneInfo.Utc)));
    }
}
