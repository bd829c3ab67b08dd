using ContactBox.Api.Tests.Attachments;
using ContactBox.Api.Tests.Support;
using ContactBox.Infrastructure.Attachments;
using ContactBox.Infrastructure.Privacy;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace ContactBox.Api.Tests.Jobs;

/// <summary>The features' recurring jobs are on the one scheduler, with their schedules, and run from it.</summary>
public sealed class ScheduledJobsTests(SqliteApi api) : IClassFixture<SqliteApi>
{
    [Fact]
    public async Task Retention_runs_daily_at_three_UTC_and_the_attachment_sweep_hourly_from_an_hour_after_the_start()
    {
        var scheduler = await api.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

        var retention = await scheduler.GetTrigger(new TriggerKey("retention-sweep-daily", "privacy"));
        var sweep = (ISimpleTrigger?)await scheduler.GetTrigger(new TriggerKey("attachment-sweep-hourly", "attachments"));

        Assert.Equal(RetentionJob.Key, retention!.JobKey);
        var nextRetention = retention.NextFireTimeUtc!.Value;
        Assert.Equal(new TimeSpan(3, 0, 0), nextRetention.TimeOfDay);
        Assert.InRange(nextRetention - DateTimeOffset.UtcNow, TimeSpan.Zero, TimeSpan.FromDays(1));
        Assert.Equal(AttachmentSweepJob.Key, sweep!.JobKey);
        Assert.Equal(TimeSpan.FromHours(1), sweep.RepeatInterval);
        Assert.Equal(-1, sweep.RepeatCount); // forever
        Assert.InRange(sweep.NextFireTimeUtc!.Value - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(30), TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task The_sweep_job_fired_by_the_scheduler_removes_a_blob_no_attachment_refers_to()
    {
        var ws = await AttachmentWorkspace.CreateAsync(api);
        var contactId = await ws.ContactIdAsync();
        var kept = SampleFiles.Pdf(1500, 81);
        await ws.UploadAsync(contactId, "kept.pdf", kept);
        var folder = Path.Combine(AttachmentWorkspace.StoreRoot(api), "blobs", ws.Id.ToString("N"), "bb");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, new string('b', 64)), "left by a crash");
        Assert.Equal(2, ws.Files(api).Blobs.Length);

        var scheduler = await api.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        await scheduler.TriggerJob(AttachmentSweepJob.Key);
        for (var i = 0; i < 100 && ws.Files(api).Blobs.Length > 1; i++)
        {
            await Task.Delay(100);
        }

        Assert.Equal([SampleFiles.Sha256(kept)], ws.Files(api).Blobs);
    }
}
