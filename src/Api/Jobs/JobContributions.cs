using ContactBox.Api.Operations;
using ContactBox.Api.Realtime;
using ContactBox.Infrastructure.Attachments;
using ContactBox.Infrastructure.Export;
using ContactBox.Infrastructure.Jobs;
using ContactBox.Infrastructure.Privacy;

namespace ContactBox.Api.Jobs;

/// <summary>Every feature's background jobs, applied to the one Quartz scheduler (AddContactBoxJobs). One line per feature.</summary>
public static class JobContributions
{
    public static IReadOnlyList<IJobContribution> All { get; } =
    [
        new FollowUpDueJobs(),
        new RetentionJobs(),
        new AttachmentSweepJobs(),
        new ExportFileRetentionJobs(),
        new BackgroundOperationJobs(),
        new OperationFileSweepJobs(),
    ];
}
