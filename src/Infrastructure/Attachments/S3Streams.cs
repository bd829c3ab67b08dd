using Amazon.S3;
using Amazon.S3.Model;

namespace ContactBox.Infrastructure.Attachments;

/// <summary>Writes an upload as the parts of an S3 multipart upload; holds one part in memory at a time.</summary>
internal sealed class S3StagingStream(IAmazonS3 s3, string bucket, string key, string uploadId, int partBytes) : Stream, IStagedBlob
{
    private readonly List<PartETag> _parts = [];
    private readonly MemoryStream _part = new();
    private bool _completed;

    public string Key => key;
    public Stream Content => this;
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (buffer.Length > 0)
        {
            var take = (int)Math.Min(buffer.Length, partBytes - _part.Length);
            _part.Write(buffer.Span[..take]);
            buffer = buffer[take..];
            if (_part.Length == partBytes)
            {
                await SendPartAsync(cancellationToken);
            }
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();

    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        if (_part.Length > 0 || _parts.Count == 0)
        {
            await SendPartAsync(cancellationToken);
        }

        await s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = uploadId, PartETags = _parts }, cancellationToken);
        _completed = true;
    }

    private async Task SendPartAsync(CancellationToken cancellationToken)
    {
        _part.Position = 0;
        var response = await s3.UploadPartAsync(new UploadPartRequest
        {
            BucketName = bucket, Key = key, UploadId = uploadId, PartNumber = _parts.Count + 1, InputStream = _part, PartSize = _part.Length,
        }, cancellationToken);
        _parts.Add(new PartETag(_parts.Count + 1, response.ETag));
        _part.SetLength(0);
    }

    public override async ValueTask DisposeAsync()
    {
        await _part.DisposeAsync();
        // Promoted: the staging object was copied to its blob key and can go; otherwise the upload is abandoned.
        if (_completed)
        {
            await s3.DeleteObjectAsync(bucket, key);
        }
        else
        {
            await s3.AbortMultipartUploadAsync(bucket, key, uploadId);
        }

        await base.DisposeAsync();
    }

    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}

/// <summary>
/// A seekable view of an S3 object: each read after a seek asks for the rest of the object from that position
/// (a ranged GET), so HTTP range requests are served without downloading what comes before.
/// </summary>
internal sealed class S3RangeReadStream(IAmazonS3 s3, string bucket, string key, long length) : Stream
{
    private Stream? _body;
    private GetObjectResponse? _response;
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position >= length || buffer.Length == 0)
        {
            return 0;
        }

        if (_body is null)
        {
            _response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = bucket, Key = key, ByteRange = new ByteRange(_position, length - 1) }, cancellationToken);
            _body = _response.ResponseStream;
        }

        var read = await _body.ReadAsync(buffer, cancellationToken);
        _position += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch { SeekOrigin.Begin => offset, SeekOrigin.Current => _position + offset, _ => length + offset };
        if (target != _position)
        {
            CloseBody();
            _position = target;
        }

        return _position;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            CloseBody();
        }

        base.Dispose(disposing);
    }

    private void CloseBody()
    {
        _body?.Dispose();
        _response?.Dispose();
        _body = null;
        _response = null;
    }

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
