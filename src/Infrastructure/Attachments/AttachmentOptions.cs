using ContactBox.Domain.Attachments;

namespace ContactBox.Infrastructure.Attachments;

/// <summary>Settings under <c>ContactBox:Attachments</c>.</summary>
public sealed class AttachmentOptions
{
    public const string Section = "ContactBox:Attachments";

    /// <summary><c>FileSystem</c> (default) or <c>S3</c>.</summary>
    public AttachmentStoreKind Store { get; set; } = AttachmentStoreKind.FileSystem;

    /// <summary>Folder of the file-system store; relative paths are under the data folder. May be a shared volume.</summary>
    public string Path { get; set; } = "attachments";

    public long MaxFileBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>The quota of a workspace that has none of its own.</summary>
    public long DefaultQuotaBytes { get; set; } = 10L * 1024 * 1024 * 1024;

    /// <summary>Files per multipart request.</summary>
    public int MaxFilesPerRequest { get; set; } = 20;

    /// <summary>Detected content types that may be attached; <see cref="ContentTypes.DefaultAllowed"/> when not set.</summary>
    public string[]? AllowedContentTypes { get; set; }

    public IReadOnlyList<string> Allowed => AllowedContentTypes is { Length: > 0 } configured ? configured : ContentTypes.DefaultAllowed;

    /// <summary>A staging file not written to for this long belongs to an upload that died; the sweep removes it.</summary>
    public TimeSpan StagingGrace { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Run the orphan sweep once when the API starts.</summary>
    public bool SweepOnStartup { get; set; } = true;

    /// <summary>How long a download URL works.</summary>
    public TimeSpan DownloadUrlLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Base64 key (32 bytes or more) that signs download URLs. Several instances must share it; when not set, one
    /// is generated under the data folder (enough for one instance).
    /// </summary>
    public string? UrlSigningKey { get; set; }

    public S3StoreOptions S3 { get; set; } = new();
}

public enum AttachmentStoreKind
{
    FileSystem,
    S3,
}

/// <summary>An S3-compatible object store (AWS S3, MinIO, Ceph RGW, …).</summary>
public sealed class S3StoreOptions
{
    /// <summary>Endpoint of an S3-compatible server, e.g. http://127.0.0.1:9000; empty for AWS itself.</summary>
    public string? ServiceUrl { get; set; }
    public string Region { get; set; } = "eu-central-1";
    public string Bucket { get; set; } = "contactbox-attachments";
    public string? AccessKey { get; set; }
    public string? SecretKey { get; set; }

    /// <summary>Path-style addressing (bucket in the path), which most S3-compatible servers need.</summary>
    public bool ForcePathStyle { get; set; } = true;

    /// <summary>Size of the parts an upload is sent in (at least 5 MiB, S3's minimum); one part is buffered in memory.</summary>
    public int PartBytes { get; set; } = 8 * 1024 * 1024;
}
