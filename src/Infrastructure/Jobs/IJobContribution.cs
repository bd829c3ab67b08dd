using Quartz;

namespace ContactBox.Infrastructure.Jobs;

/// <summary>
/// A feature's jobs: it adds its job types (and recurring triggers) to the one Quartz scheduler. List the
/// contribution once in <c>JobContributions.All</c> (src/Api/Jobs); that is all a feature needs to do.
/// </summary>
public interface IJobContribution
{
    void Configure(IQuartzBuilder quartz);
}
