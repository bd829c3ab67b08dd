using ContactBox.Domain.Operations;
using ContactBox.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;

namespace ContactBox.Api.Operations;

/// <summary>
/// SQLite keeps the scheduler in memory, so operations queued or running when the process stopped have no job any
/// more: at start they are marked FAILED with a message saying to start them again (an import ran in one transaction,
/// so nothing of it was written; an export wrote no record). PostgreSQL and SQL Server keep the jobs in the database,
/// where Quartz runs them again (recovery) and nothing needs doing here.
/// </summary>
public sealed class OperationRecovery(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider clock, ILogger<OperationRecovery> logger) : IHostedService
{
    public const string Message = "The server restarted before the operation finished; nothing of it was kept. Start it again.";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if ((configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions()).Provider == DatabaseProvider.Sqlite)
        {
            var failed = await FailUnfinishedAsync(cancellationToken);
            if (failed > 0)
            {
                logger.LogWarning("{Count} background operations were interrupted by a restart and are marked FAILED", failed);
            }
        }
    }

    /// <summary>Marks every queued or running operation, in every workspace, as failed; returns how many.</summary>
    public async Task<int> FailUnfinishedAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var now = clock.GetUtcNow();
        return await scope.ServiceProvider.GetRequiredService<ContactBoxDbContext>().Set<BackgroundOperation>().IgnoreQueryFilters()
            .Where(o => o.Status == OperationStatus.Queued || o.Status == OperationStatus.Running)
            .ExecuteUpdateAsync(u => u.SetProperty(o => o.Status, OperationStatus.Failed).SetProperty(o => o.FinishedAt, now).SetProperty(o => o.Error, Message), cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
