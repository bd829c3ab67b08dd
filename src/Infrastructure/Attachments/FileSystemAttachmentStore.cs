using System.Runtime.CompilerServices;

namespace ContactBox.Infrastructure.Attachments;

/// <summary>
/// Blobs as files: <c>{root}/blobs/{workspace}/{sha[0..2]}/{sha}</c>, uploads first written to
/// <c>{root}/staging/{random}.part</c> on the same volume and moved into place with an atomic rename. Several
/// instances may share the folder (a shared volume): names are unique, renames atomic, and the staging sweep
/// goes by last write time, so another instance's upload in progress is left alone.
/// </summary>
public sealed class FileSystemAttachmentStore(string root) : IAttachmentStore
{
    private readonly string _blobs = Path.Combine(root, "blobs");
    private readonly string _staging = Path.Combine(root, "staging");

    public Task<IStagedBlob> StageAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_staging);
        var path = Path.Combine(_staging, $"{Guid.NewGuid():N}.part");
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
        return Task.FromResult<IStagedBlob>(new StagedFile(path, stream));
    }

    public async Task PromoteAsync(IStagedBlob staged, Guid workspaceId, string sha256, CancellationToken cancellationToken)
    {
        var file = (StagedFile)staged;
        await file.File.FlushAsync(cancellationToken);
        // On disk before the row that names it is committed.
        file.File.Flush(flushToDisk: true);
        await file.File.DisposeAsync();
        var target = BlobPath(workspaceId, sha256);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        // Same content, same name: replacing an existing blob changes nothing but its time.
        File.Move(file.Path, target, overwrite: true);
    }

    public Task<Stream?> OpenReadAsync(Guid workspaceId, string sha256, CancellationToken cancellationToken)
    {
        try
        {
            return Task.FromResult<Stream?>(new FileStream(BlobPath(workspaceId, sha256), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.Asynchronous | FileOptions.SequentialScan));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    public Task<bool> ExistsAsync(Guid workspaceId, string sha256, CancellationToken cancellationToken) =>
        Task.FromResult(File.Exists(BlobPath(workspaceId, sha256)));

    public Task DeleteAsync(Guid workspaceId, string sha256, CancellationToken cancellationToken)
    {
        try
        {
            File.Delete(BlobPath(workspaceId, sha256));
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone.
        }

        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<(Guid WorkspaceId, string Sha256)> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!Directory.Exists(_blobs))
        {
            yield break;
        }

        foreach (var workspaceFolder in Directory.EnumerateDirectories(_blobs))
        {
            if (!Guid.TryParseExact(Path.GetFileName(workspaceFolder), "N", out var workspaceId))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(workspaceFolder, "*", SearchOption.AllDirectories))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var name = Path.GetFileName(file);
                if (BlobKeys.IsSha256(name))
                {
                    yield return (workspaceId, name);
                }
            }

            await Task.Yield();
        }
    }

    public Task<int> DeleteStaleStagingAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(_staging))
        {
            return Task.FromResult(0);
        }

        var deleted = 0;
        foreach (var file in new DirectoryInfo(_staging).EnumerateFiles("*.part"))
        {
            if (file.LastWriteTimeUtc < before.UtcDateTime)
            {
                file.Delete();
                deleted++;
            }
        }

        return Task.FromResult(deleted);
    }

    private string BlobPath(Guid workspaceId, string sha256) =>
        BlobKeys.IsSha256(sha256)
            ? Path.Combine(_blobs, workspaceId.ToString("N"), sha256[..2], sha256)
            : throw new ArgumentException("Not a SHA-256.", nameof(sha256));

    private sealed class StagedFile(string path, FileStream stream) : IStagedBlob
    {
        public string Path { get; } = path;
        public FileStream File => stream;
        public Stream Content => stream;

        public async ValueTask DisposeAsync()
        {
            await stream.DisposeAsync();
            // Promoted files were moved away; anything still here is an aborted upload.
            System.IO.File.Delete(Path);
        }
    }
}

internal static class BlobKeys
{
    public static bool IsSha256(string value) => value.Length == 64 && value.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');
}
