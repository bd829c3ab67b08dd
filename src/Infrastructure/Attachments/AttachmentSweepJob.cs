using ContactBox.Infrastructure.Jobs;
using Quartz;

namespace ContactBox.Infrastructure.Attachments;

/// <summary>The orphan sweep (<see cref="AttachmentSweep"/>) as a recurring job, on one instance at a time.</summary>
[DisallowConcurrentExecution]
public sealed class AttachmentSweepJob(AttachmentSweep sweep) : IJob
{
    public static readonly JobKey Key = new("attachment-sweep", "attachments");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await sweep.RunAsync(cancellationToken);
}

/// <summary>
/// The sweep's place on the scheduler: every hour, the first an hour after the start (the start itself sweeps when
/// <see cref="AttachmentOptions.SweepOnStartup"/> is set).
/// </summary>
public sealed class AttachmentSweepJobs : IJobContribution
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    public void Configure(IQuartzBuilder quartz)
    {
        quartz.AddJob<AttachmentSweepJob>(job => job.WithIdentity(AttachmentSweepJob.Key));
        quartz.AddTrigger<AttachmentSweepJob>(trigger => trigger.ForJob(AttachmentSweepJob.Key).WithIdentity("attachment-sweep-hourly", "attachments")
            .StartAt(DateTimeOffset.UtcNow.Add(Interval))
            .WithSimpleSchedule(schedule => schedule.WithInterval(Interval).RepeatForever()));
    }
}
