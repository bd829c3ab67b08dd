namespace ContactBox.Infrastructure.Attachments;

/// <summary>
/// Where attachment bytes live: content-addressed blobs per workspace (workspace + SHA-256), written through a
/// staging area so that a blob appears only complete. <see cref="AttachmentStorage"/> decides when a staged file
/// becomes a blob and when a blob goes, always while holding the workspace's storage lock.
/// </summary>
public interface IAttachmentStore
{
    /// <summary>A new staging file to stream an upload into; disposing it without <see cref="PromoteAsync"/> removes it.</summary>
    Task<IStagedBlob> StageAsync(CancellationToken cancellationToken);

    /// <summary>Makes the staged bytes the blob of (workspace, SHA-256); if that blob exists already the staged copy is dropped.</summary>
    Task PromoteAsync(IStagedBlob staged, Guid workspaceId, string sha256, CancellationToken cancellationToken);

    /// <summary>The blob for reading, seekable (range requests), or null when it is missing.</summary>
    Task<Stream?> OpenReadAsync(Guid workspaceId, string sha256, CancellationToken cancellationToken);

    Task<bool> ExistsAsync(Guid workspaceId, string sha256, CancellationToken cancellationToken);

    Task DeleteAsync(Guid workspaceId, string sha256, CancellationToken cancellationToken);

    /// <summary>Every blob, for the orphan sweep.</summary>
    IAsyncEnumerable<(Guid WorkspaceId, string Sha256)> ListAsync(CancellationToken cancellationToken);

    /// <summary>Removes staging files not written to since <paramref name="before"/> (uploads that died); returns how many.</summary>
    Task<int> DeleteStaleStagingAsync(DateTimeOffset before, CancellationToken cancellationToken);
}

/// <summary>An upload being written; the stream is write-only and not seekable.</summary>
public interface IStagedBlob : IAsyncDisposable
{
    Stream Content { get; }
}
