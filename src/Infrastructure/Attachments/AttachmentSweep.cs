using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ContactBox.Infrastructure.Attachments;

/// <summary>What a sweep removed.</summary>
public sealed record SweepResult(int StagingFilesRemoved, int OrphanBlobsRemoved);

/// <summary>
/// Removes what a crash can leave behind: staging files of uploads that died (not written to for
/// <see cref="AttachmentOptions.StagingGrace"/>) and blobs that no attachment row refers to (a crash between
/// putting the blob in place and committing its row, or between deleting a row and its blob). Runs once at
/// startup and as the <c>attachments sweep</c> verb; safe beside running uploads on any instance.
/// </summary>
public sealed class AttachmentSweep(IServiceScopeFactory scopes, IAttachmentStore store, IOptions<AttachmentOptions> options, TimeProvider clock, ILogger<AttachmentSweep> logger)
{
    public async Task<SweepResult> RunAsync(CancellationToken cancellationToken)
    {
        var staging = await store.DeleteStaleStagingAsync(clock.GetUtcNow() - options.Value.StagingGrace, cancellationToken);

        var blobs = new Dictionary<Guid, List<string>>();
        await foreach (var (workspaceId, sha256) in store.ListAsync(cancellationToken))
        {
            (blobs.TryGetValue(workspaceId, out var list) ? list : blobs[workspaceId] = []).Add(sha256);
        }

        var orphans = 0;
        foreach (var (workspaceId, stored) in blobs)
        {
            await using var scope = scopes.CreateAsyncScope();
            var storage = scope.ServiceProvider.GetRequiredService<AttachmentStorage>();
            var referenced = await storage.ReferencedAsync(workspaceId, cancellationToken);
            // Checked again under the workspace's lock: an upload may be putting the same blob in place right now.
            orphans += await storage.ReleaseAsync(workspaceId, stored.Where(sha => !referenced.Contains(sha)), cancellationToken);
        }

        if (staging + orphans > 0)
        {
            logger.LogInformation("Attachment sweep removed {Staging} stale staging files and {Orphans} orphan blobs", staging, orphans);
        }

        return new SweepResult(staging, orphans);
    }
}
