using ContactBox.Api.Realtime;
using ContactBox.Infrastructure.Jobs;

namespace ContactBox.Api.Jobs;

/// <summary>Every feature's background jobs, applied to the one Quartz scheduler (AddContactBoxJobs). One line per feature.</summary>
public static class JobContributions
{
    public static IReadOnlyList<IJobContribution> All { get; } =
    [
        new FollowUpDueJobs(),
    ];
}
