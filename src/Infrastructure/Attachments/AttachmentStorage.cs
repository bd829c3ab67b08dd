using System.Buffers;
using System.Security.Cryptography;
using ContactBox.Domain.Attachments;
using ContactBox.Domain.Common;
using ContactBox.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ContactBox.Infrastructure.Attachments;

/// <summary>
/// Uploads, usage and blob removal, keeping "a file exists iff a row refers to it". The rule that makes it hold
/// with concurrent requests and several instances: a blob is only put in place or removed while holding the
/// workspace's storage lock (an update of the workspace row, held to the end of the transaction), and an upload
/// commits its row before it lets go of that lock. Usage is the sum over the attachment rows read under the same
/// lock, so two uploads racing for the last bytes of a quota cannot both win, and it stays right however rows
/// disappear.
/// </summary>
public sealed class AttachmentStorage(ContactBoxDbContext db, IAttachmentStore store, IOptions<AttachmentOptions> options)
{
    private const int BufferSize = 128 * 1024;

    public async Task<StorageUsage> UsageAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        var limit = await db.Workspaces.Where(w => w.Id == workspaceId).Select(w => w.StorageLimitBytes).SingleAsync(cancellationToken)
                    ?? options.Value.DefaultQuotaBytes;
        var totals = await Rows(workspaceId).GroupBy(a => 1)
            .Select(g => new { Used = g.Sum(a => a.SizeBytes), Count = g.Count() })
            .SingleOrDefaultAsync(cancellationToken);
        return new StorageUsage(totals?.Used ?? 0, limit, totals?.Count ?? 0);
    }

    /// <summary>
    /// Streams <paramref name="content"/> into the store while hashing it, checks type, size and quota, and adds
    /// the attachment. On any failure (a limit, a disconnect, a crash) neither a row nor a file remains.
    /// </summary>
    public async Task<Attachment> UploadAsync(AttachmentOwner owner, string? fileName, string? description, Stream content, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var workspaceId = db.Workspace.Id;
        var name = FileNames.Sanitize(fileName);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            var headLength = await FillAsync(content, buffer.AsMemory(0, ContentTypes.SampleSize), cancellationToken);
            if (headLength == 0)
            {
                throw new DomainValidationException("file", "The file is empty.");
            }

            var contentType = ContentTypes.Detect(buffer.AsSpan(0, headLength), name);
            if (!settings.Allowed.Contains(contentType, StringComparer.OrdinalIgnoreCase))
            {
                throw new UnsupportedContentTypeException(contentType, settings.Allowed);
            }

            // Refuse early what cannot fit; the final word is spoken under the lock below.
            var before = await UsageAsync(workspaceId, cancellationToken);
            await using var staged = await store.StageAsync(cancellationToken);
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long size = 0;
            var read = headLength;
            do
            {
                size += read;
                if (size > settings.MaxFileBytes)
                {
                    throw new FileTooLargeException(settings.MaxFileBytes);
                }

                if (size > before.AvailableBytes)
                {
                    throw new QuotaExceededException(before.LimitBytes, before.UsedBytes);
                }

                hash.AppendData(buffer, 0, read);
                await staged.Content.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                read = await content.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken);
            }
            while (read > 0);

            var sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
            return await CommitAsync(owner, name, contentType, size, sha256, description, staged, workspaceId, cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<Attachment> CommitAsync(AttachmentOwner owner, string name, string contentType, long size, string sha256, string? description, IStagedBlob staged, Guid workspaceId, CancellationToken cancellationToken)
    {
        var attachment = new Attachment(owner, name, contentType, size, sha256, description);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await LockAsync(workspaceId, cancellationToken);
        var usage = await UsageAsync(workspaceId, cancellationToken);
        if (usage.UsedBytes + size > usage.LimitBytes)
        {
            throw new QuotaExceededException(usage.LimitBytes, usage.UsedBytes);
        }

        db.Attachments.Add(attachment);
        await db.SaveChangesAsync(cancellationToken);

        // From here on the blob is in place; the row must follow, or the blob must go again.
        var promoted = false;
        try
        {
            await store.PromoteAsync(staged, workspaceId, sha256, CancellationToken.None);
            promoted = true;
            await transaction.CommitAsync(CancellationToken.None);
            return attachment;
        }
        catch when (promoted)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            await ReleaseAsync(workspaceId, [sha256], CancellationToken.None);
            throw;
        }
    }

    /// <summary>Removes the blobs among <paramref name="sha256s"/> that no attachment of the workspace refers to any more.</summary>
    public async Task<int> ReleaseAsync(Guid workspaceId, IEnumerable<string> sha256s, CancellationToken cancellationToken)
    {
        var removed = 0;
        foreach (var sha256 in sha256s.Distinct())
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await LockAsync(workspaceId, cancellationToken);
            if (!await Rows(workspaceId).AnyAsync(a => a.Sha256 == sha256, cancellationToken))
            {
                await store.DeleteAsync(workspaceId, sha256, cancellationToken);
                removed++;
            }

            await transaction.CommitAsync(cancellationToken);
        }

        return removed;
    }

    /// <summary>The blobs the workspace's rows refer to.</summary>
    public async Task<HashSet<string>> ReferencedAsync(Guid workspaceId, CancellationToken cancellationToken) =>
        (await Rows(workspaceId).Select(a => a.Sha256).Distinct().ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);

    /// <summary>Takes the workspace's storage lock until the transaction ends (a no-op update of its row).</summary>
    private Task<int> LockAsync(Guid workspaceId, CancellationToken cancellationToken) =>
        db.Workspaces.Where(w => w.Id == workspaceId)
            .ExecuteUpdateAsync(s => s.SetProperty(w => w.StorageLimitBytes, w => w.StorageLimitBytes), cancellationToken);

    // Explicitly by workspace: the sweep works across workspaces, outside any request.
    private IQueryable<Attachment> Rows(Guid workspaceId) => db.Attachments.IgnoreQueryFilters().Where(a => a.WorkspaceId == workspaceId);

    private static async Task<int> FillAsync(Stream content, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = await content.ReadAsync(buffer[total..], cancellationToken);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }
}
