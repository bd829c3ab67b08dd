using System.Net;
using System.Runtime.CompilerServices;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace ContactBox.Infrastructure.Attachments;

/// <summary>
/// Blobs in an S3-compatible bucket: <c>blobs/{workspace}/{sha256}</c>. An upload streams into a multipart upload
/// under <c>staging/</c> (one part buffered at a time, never the whole file), and is copied to its blob key when
/// promoted. Instances share the bucket; nothing is kept locally.
/// </summary>
public sealed class S3AttachmentStore : IAttachmentStore, IDisposable
{
    private const string StagingPrefix = "staging/";
    private const string BlobPrefix = "blobs/";
    private readonly AmazonS3Client _s3;
    private readonly S3StoreOptions _options;

    public S3AttachmentStore(S3StoreOptions options)
    {
        _options = options;
        var config = new AmazonS3Config { ForcePathStyle = options.ForcePathStyle, AuthenticationRegion = options.Region };
        if (!string.IsNullOrWhiteSpace(options.ServiceUrl))
        {
            config.ServiceURL = options.ServiceUrl;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(options.Region);
        }

        _s3 = options.AccessKey is { Length: > 0 } accessKey
            ? new AmazonS3Client(new BasicAWSCredentials(accessKey, options.SecretKey), config)
            : new AmazonS3Client(config);
    }

    public async Task<IStagedBlob> StageAsync(CancellationToken cancellationToken)
    {
        var key = $"{StagingPrefix}{Guid.NewGuid():N}";
        var upload = await _s3.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = _options.Bucket, Key = key }, cancellationToken);
        return new S3StagingStream(_s3, _options.Bucket, key, upload.UploadId, Math.Max(_options.PartBytes, 5 * 1024 * 1024));
    }

    public async Task PromoteAsync(IStagedBlob staged, Guid workspaceId, string sha256, CancellationToken cancellationToken)
    {
        var staging = (S3StagingStream)staged.Content;
        await staging.CompleteAsync(cancellationToken);
        await _s3.CopyObjectAsync(new CopyObjectRequest
        {
            SourceBucket = _options.Bucket,
            SourceKey = staging.Key,
            DestinationBucket = _options.Bucket,
            DestinationKey = BlobKey(workspaceId, sha256),
        }, cancellationToken);
    }

    public async Task<Stream?> OpenReadAsync(Guid workspaceId, string sha256, CancellationToken cancellationToken)
    {
        var key = BlobKey(workspaceId, sha256);
        try
        {
            var metadata = await _s3.GetObjectMetadataAsync(_options.Bucket, key, cancellationToken);
            return new S3RangeReadStream(_s3, _options.Bucket, key, metadata.ContentLength);
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<bool> ExistsAsync(Guid workspaceId, string sha256, CancellationToken cancellationToken)
    {
        await using var stream = await OpenReadAsync(workspaceId, sha256, cancellationToken);
        return stream is not null;
    }

    public Task DeleteAsync(Guid workspaceId, string sha256, CancellationToken cancellationToken) =>
        _s3.DeleteObjectAsync(_options.Bucket, BlobKey(workspaceId, sha256), cancellationToken);

    public async IAsyncEnumerable<(Guid WorkspaceId, string Sha256)> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in ListObjectsAsync(BlobPrefix, cancellationToken))
        {
            var parts = item.Key[BlobPrefix.Length..].Split('/');
            if (parts.Length == 2 && Guid.TryParseExact(parts[0], "N", out var workspaceId) && BlobKeys.IsSha256(parts[1]))
            {
                yield return (workspaceId, parts[1]);
            }
        }
    }

    public async Task<int> DeleteStaleStagingAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        var deleted = 0;
        await foreach (var item in ListObjectsAsync(StagingPrefix, cancellationToken))
        {
            if (item.LastModified is { } modified && modified < before.UtcDateTime)
            {
                await _s3.DeleteObjectAsync(_options.Bucket, item.Key, cancellationToken);
                deleted++;
            }
        }

        // Multipart uploads that were never completed (the instance died while streaming).
        var uploads = await _s3.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = _options.Bucket, Prefix = StagingPrefix }, cancellationToken);
        foreach (var upload in uploads.MultipartUploads ?? [])
        {
            if (upload.Initiated is { } initiated && initiated < before.UtcDateTime)
            {
                await _s3.AbortMultipartUploadAsync(_options.Bucket, upload.Key, upload.UploadId, cancellationToken);
                deleted++;
            }
        }

        return deleted;
    }

    public void Dispose() => _s3.Dispose();

    private async IAsyncEnumerable<S3Object> ListObjectsAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = new ListObjectsV2Request { BucketName = _options.Bucket, Prefix = prefix };
        ListObjectsV2Response response;
        do
        {
            response = await _s3.ListObjectsV2Async(request, cancellationToken);
            foreach (var item in response.S3Objects ?? [])
            {
                yield return item;
            }

            request.ContinuationToken = response.NextContinuationToken;
        }
        while (response.IsTruncated == true);
    }

    private static string BlobKey(Guid workspaceId, string sha256) =>
        BlobKeys.IsSha256(sha256) ? $"{BlobPrefix}{workspaceId:N}/{sha256}" : throw new ArgumentException("Not a SHA-256.", nameof(sha256));
}
