using ContactBox.Domain.FollowUps;
using ContactBox.Infrastructure.Jobs;
using ContactBox.Infrastructure.Persistence;
using ContactBox.Infrastructure.Realtime;
using ContactBox.Infrastructure.Tenancy;
using Microsoft.EntityFrameworkCore;
using Quartz;

namespace ContactBox.Api.Realtime;

/// <summary>
/// <c>followUpDue</c>: each open follow-up has one Quartz trigger at its due time (replaced when the due time
/// changes). The trigger fires once across all instances (clustered store) and survives restarts; the job publishes
/// the event if the follow-up is still open and still due at that time.
/// </summary>
public sealed class FollowUpDueJob(IServiceScopeFactory scopes, RealtimePublishing publishing, TimeProvider clock) : IJob
{
    public static readonly JobKey Key = new("follow-up-due", "realtime");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var data = context.MergedJobDataMap;
        var workspaceId = Guid.Parse(data.GetString("workspaceId")!);
        var followUpId = Guid.Parse(data.GetString("followUpId")!);
        var dueAt = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(data.GetString("dueAtMs")!, System.Globalization.CultureInfo.InvariantCulture));

        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentWorkspace>().Set(workspaceId, null);
        var followUp = await scope.ServiceProvider.GetRequiredService<ContactBoxDbContext>().FollowUps.AsNoTracking()
            .FirstOrDefaultAsync(f => f.Id == followUpId, cancellationToken);
        if (followUp is null || followUp.IsCompleted || followUp.DueAt.ToUnixTimeMilliseconds() != dueAt.ToUnixTimeMilliseconds())
        {
            return; // completed, deleted or moved since: its own trigger (if any) speaks for it
        }

        await publishing.PublishAsync(new RealtimeEvent(FollowUpSubscriptions.FollowUpDue, workspaceId, followUp.Id)
        {
            ParentId = followUp.ContactId,
            MemberId = followUp.AssigneeId,
            PublishedAt = clock.GetUtcNow(),
        }, cancellationToken);
    }

    /// <summary>Sets (or moves) the follow-up's trigger to its due time; removes it when the follow-up is completed.</summary>
    public static async Task ScheduleAsync(ISchedulerFactory schedulers, FollowUp followUp, CancellationToken cancellationToken)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var triggerKey = new TriggerKey(followUp.Id.ToString("N"), "follow-up-due");
        await scheduler.UnscheduleJob(triggerKey, cancellationToken);
        if (followUp.IsCompleted)
        {
            return;
        }

        var trigger = TriggerBuilder.Create()
            .WithIdentity(triggerKey)
            .ForJob(Key)
            .StartAt(followUp.DueAt)
            .UsingJobData("workspaceId", followUp.WorkspaceId.ToString())
            .UsingJobData("followUpId", followUp.Id.ToString())
            .UsingJobData("dueAtMs", followUp.DueAt.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture))
            // A one-shot trigger's default misfire policy: missed while every instance was down, it fires as soon as one is back.
            .Build();
        await scheduler.ScheduleJob(trigger, cancellationToken: cancellationToken);
    }
}

/// <summary>Registers the durable job the follow-up triggers point at.</summary>
public sealed class FollowUpDueJobs : IJobContribution
{
    public void Configure(IQuartzBuilder quartz) =>
        quartz.AddJob<FollowUpDueJob>(job => job.WithIdentity(FollowUpDueJob.Key).StoreDurably());
}

/// <summary>
/// SQLite keeps Quartz's triggers in memory: at start, every open follow-up that is not yet due gets its trigger
/// again. (The clustered store on PostgreSQL and SQL Server keeps them itself.) Follow-ups that fell due while the
/// process was down are not fired afterwards on SQLite.
/// </summary>
public sealed class FollowUpDueRecovery(IServiceScopeFactory scopes, ISchedulerFactory schedulers, TimeProvider clock, IConfiguration configuration) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if ((configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions()).Provider == DatabaseProvider.Sqlite)
        {
            await RescheduleOpenFollowUpsAsync(cancellationToken);
        }
    }

    /// <summary>Sets the trigger of every open follow-up due after now, in every workspace.</summary>
    public async Task<int> RescheduleOpenFollowUpsAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var now = clock.GetUtcNow();
        var open = await scope.ServiceProvider.GetRequiredService<ContactBoxDbContext>().FollowUps
            .IgnoreQueryFilters().AsNoTracking()
            .Where(f => f.CompletedAt == null && f.DueAt > now)
            .ToListAsync(cancellationToken);
        foreach (var followUp in open)
        {
            await FollowUpDueJob.ScheduleAsync(schedulers, followUp, cancellationToken);
        }

        return open.Count;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
