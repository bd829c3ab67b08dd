namespace ContactBox.Infrastructure.Attachments;

/// <summary>A workspace's attachment storage: what its attachments take, its quota, how many there are.</summary>
public sealed record StorageUsage(long UsedBytes, long LimitBytes, int AttachmentCount)
{
    public long AvailableBytes => Math.Max(0, LimitBytes - UsedBytes);
}
